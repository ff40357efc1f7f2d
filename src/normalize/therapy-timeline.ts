import type { MedicationAdministration, MedicationRequest, Procedure, CodeableConcept } from 'fhir/r4';
import type { Terminology } from './terminology.ts';
import { isValidDate } from './observation-hygiene.ts';

export interface TherapyPeriod {
  readonly kind: string;
  readonly start: string;
  readonly end?: string;
  readonly source: string;
}

export interface TherapyTimeline {
  readonly systemic: readonly TherapyPeriod[];
  readonly firstSystemicStart?: string;
  readonly lastSystemicEnd?: string;
  readonly surgeryDate?: string;
}

export type TimePoint = 'baseline' | 'after-first-cycle' | 'during-therapy' | 'after-therapy' | 'unknown';

type MedicationResource = MedicationRequest | MedicationAdministration;

/** Systemic therapy periods from medication resources coded on the terminology map's `medication` concepts. */
export function buildTherapyTimeline(
  medications: readonly MedicationResource[],
  procedures: readonly Procedure[],
  terminology: Terminology,
): TherapyTimeline {
  const systemic: TherapyPeriod[] = [];
  for (const med of medications) {
    if (med.status === 'entered-in-error' || med.status === 'cancelled' || med.status === 'draft') continue;
    const kind = terminology.lookup('medication', codingsOf(med.medicationCodeableConcept));
    if (!kind) continue;
    const period = periodOf(med);
    if (period) systemic.push({ kind, ...period, source: `${med.resourceType}/${med.id ?? '(no id)'}` });
  }
  systemic.sort((a, b) => a.start.localeCompare(b.start));
  const surgeries = procedures
    .filter((p) => p.status === 'completed' && terminology.lookup('procedure', codingsOf(p.code)) === 'cancer-surgery')
    .map((p) => p.performedDateTime ?? p.performedPeriod?.start)
    .filter(isValidDate)
    .sort();
  const ends = systemic.map((p) => p.end).filter((e): e is string => e !== undefined).sort();
  return {
    systemic,
    ...(systemic[0] ? { firstSystemicStart: systemic[0].start } : {}),
    ...(ends.length > 0 && systemic.every((p) => p.end) ? { lastSystemicEnd: ends[ends.length - 1] } : {}),
    ...(surgeries[0] ? { surgeryDate: surgeries[0] } : {}),
  };
}

/**
 * Where a result sits against therapy. "After first cycle" follows the CellSearch trial design:
 * a draw 3–5 weeks after starting a new line (seed 004 Table 2: CTC "after therapy" in MBC).
 */
export function timePointOf(date: string, timeline: TherapyTimeline): TimePoint {
  const start = timeline.firstSystemicStart;
  if (!start) return 'unknown';
  const t = Date.parse(date);
  const s = Date.parse(start);
  if (t <= s) return 'baseline';
  const end = timeline.lastSystemicEnd ? Date.parse(timeline.lastSystemicEnd) : undefined;
  if (end !== undefined && t > end) return 'after-therapy';
  const days = (t - s) / 86_400_000;
  return days >= 21 && days <= 35 ? 'after-first-cycle' : 'during-therapy';
}

function codingsOf(concept: CodeableConcept | undefined) {
  return concept?.coding;
}

function periodOf(med: MedicationResource): { start: string; end?: string } | undefined {
  if (med.resourceType === 'MedicationAdministration') {
    const start = med.effectiveDateTime ?? med.effectivePeriod?.start;
    const end = med.effectivePeriod?.end ?? med.effectiveDateTime;
    return isValidDate(start) ? { start, ...(isValidDate(end) ? { end } : {}) } : undefined;
  }
  const bounds = med.dosageInstruction?.[0]?.timing?.repeat?.boundsPeriod;
  const start = bounds?.start ?? med.authoredOn;
  const end = bounds?.end;
  if (!isValidDate(start)) return undefined;
  return med.status === 'completed' || isValidDate(end) ? { start, ...(isValidDate(end) ? { end } : {}) } : { start };
}
