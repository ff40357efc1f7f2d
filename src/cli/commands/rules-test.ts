import path from 'node:path';
import type { CliCommand } from '../command.ts';
import { loadRuleSet } from '../../rules/rule-set.ts';
import { RuleSetError } from '../../rules/rule-problems.ts';
import { loadServiceRegistry } from '../../services/service-registry.ts';
import { runRuleTests } from '../../rules/run-rule-tests.ts';

/** `rules test [dir] [--filter id]`: every rule's cases through the service pipeline; ends with "N passed, N failed". */
export function createRulesTestCommand(root: string): CliCommand {
  return {
    name: 'rules test',
    summary: "run every rule's test cases against their fixtures",
    usage: 'rules test [dir] [--filter <rule-id substring>]',
    async run(argv, io) {
      const args = [...argv];
      const filterAt = args.indexOf('--filter');
      const filter = filterAt >= 0 ? args.splice(filterAt, 2)[1] : undefined;
      if (filterAt >= 0 && !filter) {
        io.err('--filter needs a rule id');
        return 2;
      }
      const dir = path.resolve(root, args[0] ?? 'rules');
      let ruleSet;
      try {
        ruleSet = loadRuleSet(dir, { includeDraft: true });
      } catch (error) {
        if (!(error instanceof RuleSetError)) throw error;
        for (const p of error.problems) io.err(`${path.relative(root, p.file)}: ${p.pointer} ${p.message}`);
        io.out('0 passed, 1 failed');
        return 1;
      }
      const services = loadServiceRegistry(path.join(root, 'cds-hooks'));
      const results = await runRuleTests(ruleSet, services, root, filter ? (r) => r.rule.id.includes(filter) : undefined);
      for (const r of results) {
        io.out(`${r.passed ? 'PASS' : 'FAIL'} ${r.ruleId} › ${r.test.name}`);
        for (const f of r.failures) io.out(`     ${f}`);
        if (r.explanation) io.out(`     conditions: ${JSON.stringify(r.explanation)}`);
      }
      const failed = results.filter((r) => !r.passed).length;
      io.out(`${results.length - failed} passed, ${failed} failed`);
      return failed > 0 || results.length === 0 ? 1 : 0;
    },
  };
}
