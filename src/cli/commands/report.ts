import type { Logger } from 'pino';
import type { RuleReportRow } from '../../store/decision-store.ts';
import { parseReportRange } from '../../store/report-range.ts';
import { type CliCommand, usageError } from '../command.ts';
import { parseArgs } from '../parse-args.ts';
import { withStore, type Env } from './with-store.ts';
import { printable, printableJson } from './report-printable.ts';
import { textTable } from '../text-table.ts';

const USAGE = 'report [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--json]';
const COLUMNS = ['rule', 'version', 'evaluated', 'fired', 'shown', 'accepted', 'overridden', 'shadow'] as const;

/**
 * `ctc-advisor report`: how each rule version did, from the decision log and feedback — the
 * numbers an informatician retires or keeps a rule on. `--to` includes that whole day (UTC).
 */
export function createReportCommand(env: Env, logger?: Logger): CliCommand {
  return {
    name: 'report',
    summary: 'Per rule and version: evaluated, fired, shown, accepted, overridden, override reasons, shadow fires',
    usage: USAGE,
    async run(argv, io) {
      const args = parseArgs(argv, { options: ['from', 'to'], flags: ['json'] });
      if (typeof args === 'string' || args.positionals.length > 0) {
        return usageError(io, typeof args === 'string' ? args : `unexpected argument "${args.positionals[0]}"`, USAGE);
      }
      const range = parseReportRange(args.options.from, args.options.to);
      if (!range.ok) {
        return usageError(io, range.problems.join('\n'), USAGE);
      }
      return withStore(
        env,
        io,
        async (store) => {
          const rows = await store.ruleReport(range.value);
          if (args.flags.has('json')) {
            io.out(
              printableJson(
                JSON.stringify(
                  { from: range.value.from?.toISOString() ?? null, to: range.value.to?.toISOString() ?? null, rules: rows },
                  null,
                  2,
                ),
              ),
            );
          } else {
            for (const line of formatReport(rows)) io.out(line);
          }
          return 0;
        },
        logger,
      );
    },
  };
}

/** A fixed-width table, one row per rule version, override reasons indented underneath; stored text through printable(). */
function formatReport(rows: readonly RuleReportRow[]): string[] {
  if (rows.length === 0) return ['No rule activity in this range.'];
  const cells = rows.map((r) =>
    [printable(r.ruleId), printable(r.ruleVersion), r.evaluated, r.fired, r.shown, r.accepted, r.overridden, r.shadowFires].map(String),
  );
  const table = textTable(COLUMNS, cells, 2);
  const out = [...table.header];
  rows.forEach((row, index) => {
    out.push(table.lines[index] ?? '');
    for (const reason of row.overrideReasons)
      out.push(`    override reason ${printable(reason.code)}${reason.display ? ` (${printable(reason.display)})` : ''}: ${reason.count}`);
    if (row.overrideComments > 0) out.push(`    overrides with a comment: ${row.overrideComments}`);
  });
  return out;
}
