import type { Logger } from 'pino';
import { type CliCommand, usageError } from '../command.ts';
import { withStore, type Env } from './with-store.ts';
import { parseArgs } from '../parse-args.ts';

const USAGE = 'purge [--older-than-days N]';
const DAY_MS = 86_400_000;

/**
 * `ctc-advisor purge`: applies the decision-log retention (CTC_DECISION_RETENTION_DAYS unless
 * --older-than-days is given). Feedback is never purged; it keeps its rule id and version.
 */
export function createPurgeCommand(env: Env, logger?: Logger, now: () => Date = () => new Date()): CliCommand {
  return {
    name: 'purge',
    summary: 'Delete decision-log records older than the retention period (feedback is kept)',
    usage: USAGE,
    async run(argv, io) {
      const days = parseDays(argv);
      if (typeof days === 'string') {
        return usageError(io, days, USAGE);
      }
      return withStore(
        env,
        io,
        async (store, config) => {
          const retentionDays = days ?? config.retentionDays;
          const cutoff = new Date(now().getTime() - retentionDays * DAY_MS);
          const purged = await store.purgeDecisions(cutoff);
          io.out(`purged ${purged} decision(s) older than ${cutoff.toISOString()} (${retentionDays} days); feedback kept`);
          return 0;
        },
        logger,
      );
    },
  };
}

function parseDays(argv: readonly string[]): number | undefined | string {
  const args = parseArgs(argv, { options: ['older-than-days'] });
  if (typeof args === 'string') return args;
  if (args.positionals.length > 0) return `unexpected arguments: ${args.positionals.join(' ')}`;
  const value = args.options['older-than-days'];
  if (value === undefined) return undefined;
  const days = Number(value);
  if (!Number.isInteger(days) || days < 1) return '--older-than-days needs a whole number of days >= 1';
  return days;
}
