import type { OverrideReasonCount, RuleReportRow } from './decision-store.ts';
import { entryOf } from '../util/map-entry.ts';

/** The grouped queries each back end runs; numbers arrive as number, bigint or numeric text. */
export interface ReportParts {
  readonly evaluations: readonly { rule_id: string; rule_version: string; evaluated: unknown }[];
  readonly fires: readonly { rule_id: string; rule_version: string; fired: unknown }[];
  readonly cards: readonly { rule_id: string; rule_version: string; shown: unknown; shadow_fires: unknown }[];
  readonly outcomes: readonly { rule_id: string; rule_version: string; accepted: unknown; overridden: unknown; comments: unknown }[];
  readonly reasons: readonly {
    rule_id: string;
    rule_version: string;
    override_system: string | null;
    override_code: string;
    override_display: string | null;
    count: unknown;
  }[];
}

type MutableRow = { -readonly [K in keyof RuleReportRow]: RuleReportRow[K] } & { overrideReasons: OverrideReasonCount[] };

/** Joins the parts on rule id + version; a rule appears if anything happened to it in the range. */
export function assembleRuleReport(parts: ReportParts): RuleReportRow[] {
  const rows = new Map<string, MutableRow>();
  const row = (ruleId: string, ruleVersion: string): MutableRow => {
    return entryOf(rows, JSON.stringify([ruleId, ruleVersion]), () => ({
      ruleId,
      ruleVersion,
      evaluated: 0,
      fired: 0,
      shown: 0,
      accepted: 0,
      overridden: 0,
      overrideReasons: [],
      overrideComments: 0,
      shadowFires: 0,
    }));
  };
  for (const e of parts.evaluations) row(e.rule_id, e.rule_version).evaluated = count(e.evaluated);
  for (const f of parts.fires) row(f.rule_id, f.rule_version).fired = count(f.fired);
  for (const c of parts.cards) Object.assign(row(c.rule_id, c.rule_version), { shown: count(c.shown), shadowFires: count(c.shadow_fires) });
  for (const o of parts.outcomes) {
    Object.assign(row(o.rule_id, o.rule_version), {
      accepted: count(o.accepted),
      overridden: count(o.overridden),
      overrideComments: count(o.comments),
    });
  }
  for (const r of parts.reasons) {
    row(r.rule_id, r.rule_version).overrideReasons.push({
      system: r.override_system,
      code: r.override_code,
      display: r.override_display,
      count: count(r.count),
    });
  }
  for (const r of rows.values()) r.overrideReasons.sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
  return [...rows.values()].sort((a, b) => a.ruleId.localeCompare(b.ruleId) || a.ruleVersion.localeCompare(b.ruleVersion));
}

function count(value: unknown): number {
  if (value === null || value === undefined) return 0;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new TypeError(`report count is not a number: ${String(value)}`);
  return n;
}
