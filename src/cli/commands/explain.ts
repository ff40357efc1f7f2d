import path from 'node:path';
import { type CliCommand, usageError } from '../command.ts';
import { explain, ExplainInputError } from '../../explain/explain.ts';
import { formatExplainReport } from '../../explain/format-explain.ts';
import { loadServiceRegistry } from '../../services/service-registry.ts';
import { ApiError } from '../../errors/api-error.ts';
import { parseEvaluationArgs } from '../parse-args.ts';
import { loadRuleSetForCli, readExplainInput } from '../load-for-cli.ts';

const USAGE = 'explain <bundle.json | request.json> [--hook <hook>] [--at <date>] [--json] [--rules <dir>] [--draft]';

/** `explain`: why each rule fired or stayed silent for one patient, OPA `--explain` style. */
export function createExplainCommand(root: string): CliCommand {
  return {
    name: 'explain',
    summary: 'show the facts, every rule with its condition values, and the cards for one patient',
    usage: USAGE,
    async run(argv, io) {
      const parsed = parseEvaluationArgs(argv, [], ['json']);
      if (typeof parsed === 'string') {
        return usageError(io, parsed, USAGE);
      }
      const { args, at, hook } = parsed;
      const input = readExplainInput(path.resolve(args.positionals[0] as string));
      if (typeof input === 'string') {
        io.err(input);
        return 2;
      }
      const ruleSet = loadRuleSetForCli(root, args.options.rules, args.flags.has('draft'), io);
      if (!ruleSet) return 1;
      try {
        const report = await explain(input, {
          ruleSet,
          services: loadServiceRegistry(path.join(root, 'cds-hooks')),
          ...(hook ? { hook } : {}),
          ...(at ? { at } : {}),
        });
        if (args.flags.has('json')) io.out(JSON.stringify(report, null, 2));
        else for (const line of formatExplainReport(report)) io.out(line);
        return 0;
      } catch (error) {
        if (error instanceof ExplainInputError) {
          io.err(error.message);
          return 2;
        }
        if (error instanceof ApiError) {
          io.err(`the service would answer ${error.status} ${error.code}: ${error.message}`);
          for (const p of error.problems ?? []) io.err(`  ${p.path} ${p.message}`);
          return 1;
        }
        throw error;
      }
    },
  };
}
