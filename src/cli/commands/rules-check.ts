import path from 'node:path';
import type { CliCommand } from '../command.ts';
import { loadRuleSet } from '../../rules/rule-set.ts';
import { RuleSetError } from '../../rules/rule-problems.ts';

/** `rules check [dir]`: schema and semantic lint of the whole rule set; exit 0 only when clean. */
export function createRulesCheckCommand(root: string): CliCommand {
  return {
    name: 'rules check',
    summary: 'check rule files against the schema and lint them',
    usage: 'rules check [dir]',
    async run(argv, io) {
      const dir = path.resolve(root, argv[0] ?? 'rules');
      try {
        const set = loadRuleSet(dir, { includeDraft: true });
        io.out(`rules check: ${set.rules.length} rules, no problems (rule set ${set.version})`);
        return 0;
      } catch (error) {
        if (!(error instanceof RuleSetError)) throw error;
        for (const p of error.problems) io.out(`${path.relative(root, p.file)}: ${p.pointer} ${p.message}`);
        io.out(`rules check: ${error.problems.length} problem(s)`);
        return 1;
      }
    },
  };
}
