import path from 'node:path';
import { type CliCommand, usageError } from '../command.ts';
import { loadServiceRegistry } from '../../services/service-registry.ts';
import { runRuleTests } from '../../authoring/run-rule-tests.ts';
import { formatConditionTree } from '../../explain/condition-tree.ts';
import { formatProblem } from '../source-lines.ts';
import { parseArgs } from '../parse-args.ts';
import { loadRuleSetForCli } from '../load-for-cli.ts';

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
      const args = parseArgs(argv, { options: ['filter'] });
      if (typeof args === 'string' || args.positionals.length > 1 || args.options.filter === '') {
        return usageError(io, typeof args === 'string' ? args : 'give at most one rules directory and a non-empty --filter', USAGE);
      }
      const filter = args.options.filter;
      const ruleSet = loadRuleSetForCli(root, args.positionals[0], true, io);
      if (!ruleSet) {
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
