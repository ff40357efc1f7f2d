import path from 'node:path';
import { type CliCommand, usageError } from '../command.ts';
import type { RuleProblem } from '../../rules/rule-problems.ts';
import { loadRuleSet } from '../../rule-set/rule-set.ts';
import { RuleSetError } from '../../rules/rule-problems.ts';
import { lintRenderedSummaries } from '../../authoring/rendered-lint.ts';
import { runRuleTests } from '../../authoring/run-rule-tests.ts';
import { loadServiceRegistry } from '../../services/service-registry.ts';
import { formatProblem } from '../source-lines.ts';
import { parseArgs } from '../parse-args.ts';

/**
 * `rules check [dir]`: schema, semantic lint, and the rendered summary length with the rules' own
 * fixtures; every problem as `file:line: message`. Exit 0 only when clean.
 */
export function createRulesCheckCommand(root: string): CliCommand {
  return {
    name: 'rules check',
    summary: 'check rule files against the schema and lint them',
    usage: 'rules check [dir]',
    async run(argv, io) {
      const args = parseArgs(argv, {});
      if (typeof args === 'string' || args.positionals.length > 1) {
        return usageError(io, typeof args === 'string' ? args : 'give at most one rules directory', 'rules check [dir]');
      }
      const dir = args.positionals[0] ? path.resolve(args.positionals[0]) : path.join(root, 'rules');
      const problems: RuleProblem[] = [];
      let count = 0;
      let version = '';
      try {
        const set = loadRuleSet(dir, { includeDraft: true });
        const results = await runRuleTests(set, loadServiceRegistry(path.join(root, 'cds-hooks')), root);
        problems.push(...lintRenderedSummaries(results));
        count = set.rules.length;
        version = set.version;
      } catch (error) {
        if (!(error instanceof RuleSetError)) throw error;
        problems.push(...error.problems);
      }
      for (const p of problems) io.out(formatProblem(p));
      if (problems.length > 0) {
        io.out(`rules check: ${problems.length} problem(s)`);
        return 1;
      }
      io.out(`rules check: ${count} rules, no problems (rule set ${version})`);
      return 0;
    },
  };
}
