import path from 'node:path';
import type { CliCommand } from '../command.ts';
import { loadRuleSet, type RuleSet } from '../../rules/rule-set.ts';
import { RuleSetError } from '../../rules/rule-problems.ts';
import { loadServiceRegistry } from '../../services/service-registry.ts';
import { runRuleTests } from '../../rules/run-rule-tests.ts';
import { formatConditionTree } from '../../explain/condition-tree.ts';
import { formatProblem } from '../source-lines.ts';

const USAGE = 'rules test [dir] [--filter <rule id substring>]';

/**
 * `rules test [dir] [--filter id]`: every rule's cases (draft rules included) through the service
 * pipeline. A failing case prints where it is and the condition tree with this patient's fact values.
 */
export function createRulesTestCommand(root: string): CliCommand {
  return {
    name: 'rules test',
    summary: "run every rule's test cases against their fixtures",
    usage: USAGE,
    async run(argv, io) {
      const args = [...argv];
      const filterAt = args.indexOf('--filter');
      const filter = filterAt >= 0 ? args.splice(filterAt, 2)[1] : undefined;
      if ((filterAt >= 0 && !filter) || args.length > 1 || args[0]?.startsWith('-')) {
        io.err(`usage: ctc-advisor ${USAGE}`);
        return 2;
      }
      const dir = args[0] ? path.resolve(args[0]) : path.join(root, 'rules');
      let ruleSet: RuleSet;
      try {
        ruleSet = loadRuleSet(dir, { includeDraft: true });
      } catch (error) {
        if (!(error instanceof RuleSetError)) throw error;
        for (const p of error.problems) io.err(formatProblem(p));
        io.err('the rule set does not load; run `ctc-advisor rules check` for details');
        io.out('0 passed, 1 failed');
        return 1;
      }
      const services = loadServiceRegistry(path.join(root, 'cds-hooks'));
      const results = await runRuleTests(ruleSet, services, root, filter ? (r) => r.rule.id.includes(filter) : undefined);
      for (const r of results) {
        io.out(`${r.passed ? 'PASS' : 'FAIL'} ${r.ruleId} › ${r.test.name}`);
        if (r.passed) continue;
        io.out(`     ${formatProblem({ file: r.file, pointer: `/tests/${r.index}`, message: `${r.test.fixture} (${r.test.expect})` })}`);
        for (const f of r.failures) io.out(`     ${f}`);
        if (r.explanation) for (const line of formatConditionTree(r.explanation, '     ')) io.out(line);
      }
      if (results.length === 0) io.err(filter ? `no rule id contains "${filter}"` : 'no rules with tests were found');
      const failed = results.filter((r) => !r.passed).length;
      io.out(`${results.length - failed} passed, ${failed} failed`);
      return failed > 0 || results.length === 0 ? 1 : 0;
    },
  };
}
