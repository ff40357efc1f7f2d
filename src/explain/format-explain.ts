import type { Card } from '../validate/cds-hooks-types.ts';
import type { ExplainReport } from './explain.ts';
import { formatConditionTree } from './condition-tree.ts';
import { RULE_EXTENSION } from '../cards/render-card.ts';

/** The human-readable `explain`: clinical picture, notes, every rule with its condition tree, cards. */
export function formatExplainReport(report: ExplainReport): string[] {
  const out: string[] = [
    `Explain ${report.hook} (service ${report.serviceId}) for patient ${report.patientId ?? 'unknown'} at ${report.evaluatedAt}`,
    `Rule set ${report.ruleSetVersion}`,
    '',
    'Clinical picture (facts)',
  ];
  const width = Math.max(...report.facts.map((f) => f.name.length));
  for (const f of report.facts)
    out.push(`  ${f.name.padEnd(width)}  ${oneLine(f.display)}${f.unit && f.value !== null ? ` [${f.unit}]` : ''}`);
  out.push('', `Data-quality notes (${report.notes.length})`);
  if (report.notes.length === 0) out.push('  none');
  for (const n of report.notes) out.push(`  - ${n.code}${n.resource ? ` ${n.resource}` : ''}: ${n.message}`);
  out.push('', `Rules for ${report.hook} (${report.rules.length})`);
  for (const r of report.rules) {
    const outcome = r.fired ? (r.cardReturned ? 'FIRED ' : `FIRED (${r.status}: card not returned)`) : 'silent';
    out.push(`  ${outcome} ${r.id} v${r.version} [${r.status}] ${r.title}`, ...formatConditionTree(r.conditions, '      '));
  }
  out.push('', `Cards (${report.cards.length})`);
  out.push(...cardLines(report.cards));
  if (report.shadowCards.length > 0)
    out.push('', `Shadow cards, logged but not returned (${report.shadowCards.length})`, ...cardLines(report.shadowCards));
  return out;
}

function cardLines(cards: readonly Card[]): string[] {
  if (cards.length === 0) return ['  none'];
  return cards.map((c) => {
    const rule = c.extension?.[RULE_EXTENSION] as { id?: string; version?: string } | undefined;
    return `  [${c.indicator}] ${c.summary}${rule?.id ? `  (${rule.id} v${rule.version ?? '?'})` : ''}`;
  });
}

function oneLine(text: string): string {
  const flat = text.replace(/\s*\n\s*-?\s*/g, ' | ').trim();
  return flat.length > 160 ? `${flat.slice(0, 157)}...` : flat;
}
