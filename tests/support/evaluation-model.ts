import type { DecisionRecord, ReportRange, RuleReportRow } from '../../src/store/decision-store.ts';

/** [rule id, version, evaluated, fired], sorted as the report sorts its rows. */
type EvaluationCount = readonly [string, string, number, number];

/**
 * The report's evaluated/fired as they were defined when every evaluated rule had its own row:
 * per decision in range, each distinct rule of rulesEvaluated ∪ rulesFired counts once as
 * evaluated, each distinct fired rule once as fired.
 */
export function expectedEvaluationCounts(decisions: readonly DecisionRecord[], range: ReportRange): EvaluationCount[] {
  const counts = new Map<string, { id: string; version: string; evaluated: number; fired: number }>();
  const at = (id: string, version: string) => {
    const key = JSON.stringify([id, version]);
    const found = counts.get(key);
    if (found) return found;
    const fresh = { id, version, evaluated: 0, fired: 0 };
    counts.set(key, fresh);
    return fresh;
  };
  for (const d of decisions) {
    const time = Date.parse(d.time);
    if ((range.from && time < range.from.getTime()) || (range.to && time >= range.to.getTime())) continue;
    const evaluated = new Set([...d.rulesEvaluated, ...d.rulesFired].map((r) => JSON.stringify([r.id, r.version])));
    const fired = new Set(d.rulesFired.map((r) => JSON.stringify([r.id, r.version])));
    for (const key of evaluated) {
      const [id, version] = JSON.parse(key) as [string, string];
      const row = at(id, version);
      row.evaluated += 1;
      if (fired.has(key)) row.fired += 1;
    }
  }
  return [...counts.values()]
    .sort((a, b) => a.id.localeCompare(b.id) || a.version.localeCompare(b.version))
    .map((r) => [r.id, r.version, r.evaluated, r.fired] as const);
}

export function evaluationCounts(report: readonly RuleReportRow[]): EvaluationCount[] {
  return report.filter((r) => r.evaluated > 0 || r.fired > 0).map((r) => [r.ruleId, r.ruleVersion, r.evaluated, r.fired] as const);
}
