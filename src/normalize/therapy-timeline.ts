import type { CodeableConcept, MedicationAdministration, MedicationRequest, Procedure } from 'fhir/r4';
import type { Terminology } from './terminology.ts';
import { isValidDate } from './observation-hygiene.ts';

export interface TherapyPeriod {
  readonly kind: string;
  readonly start: string;
  readonly end?: string;
  readonly source: string;
}

/** Consecutive systemic periods merged into one line of therapy (gap ≤ `therapyEpisodeGapDays`). */
export interface TherapyLine {
  readonly start: string;
  /** Absent while the line is ongoing. */
  readonly end?: string;
}

export interface TherapyTimeline {
  readonly systemic: readonly TherapyPeriod[];
  readonly lines: readonly TherapyLine[];
  readonly firstSystemicStart?: string;
  readonly lastSystemicEnd?: string;
  readonly surgeryDate?: string;
  /** Every therapy class on record (medications and procedures), sorted. */
  readonly agents: readonly string[];
  /** End of the systemic therapy given before surgery, when there was any. */
  readonly neoadjuvantEnd?: string;
}

/**
 * Classes that define the systemic-therapy timeline. Endocrine therapy is listed in `agents` but
 * runs for years, so it would keep "after therapy" from ever arriving; bisphosphonates and aspirin are supportive.
 */
export const TIMELINE_CLASSES: ReadonlySet<string> = new Set(['chemotherapy', 'anti-her2', 'immune-checkpoint-inhibitor', 'abiraterone']);

type MedicationResource = MedicationRequest | MedicationAdministration;

/** Therapy periods from medication resources and procedures coded on the terminology map. */
export function buildTherapyTimeline(medications: readonly MedicationResource[], procedures: readonly Procedure[], terminology: Terminology): TherapyTimeline {
  const agents = new Set<string>();
  const systemic: TherapyPeriod[] = [];
  for (const med of medications) {
    if (med.status === 'entered-in-error' || med.status === 'cancelled' || med.status === 'draft' || med.status === 'not-done') continue;
    const kind = terminology.lookup('medication', codingsOf(med.medicationCodeableConcept));
    if (!kind) continue;
    agents.add(kind);
    const period = periodOf(med);
    if (period && TIMELINE_CLASSES.has(kind)) {
      const entry: Partial<Writable<TherapyPeriod>> = { kind, start: period.start };
      if (period.end !== undefined) entry.end = period.end;
      entry.source = `${med.resourceType}/${med.id ?? '(no id)'}`;
      systemic.push(entry as TherapyPeriod);
    }
  }
  systemic.sort((a, b) => a.start.localeCompare(b.start));
  const surgeries: string[] = [];
  for (const p of procedures) {
    if (p.status !== 'completed') continue;
    const concept = terminology.lookup('procedure', codingsOf(p.code));
    const date = p.performedDateTime ?? p.performedPeriod?.start;
    if (concept === 'radiotherapy') agents.add('radiotherapy');
    if (concept === 'cancer-surgery' && isValidDate(date)) surgeries.push(date);
  }
  surgeries.sort();
  const lines = mergeLines(systemic, terminology.setting('therapyEpisodeGapDays'));
  const last = lines[lines.length - 1];
  const surgeryDate = surgeries[0];
  const neoadjuvantEnd = surgeryDate ? neoadjuvantEndOf(systemic, surgeryDate) : undefined;
  const timeline: Writable<TherapyTimeline> = { systemic, lines, agents: [...agents].sort() };
  if (lines[0]) timeline.firstSystemicStart = lines[0].start;
  if (last?.end) timeline.lastSystemicEnd = last.end;
  if (surgeryDate) timeline.surgeryDate = surgeryDate;
  if (neoadjuvantEnd) timeline.neoadjuvantEnd = neoadjuvantEnd;
  return timeline;
}

function mergeLines(periods: readonly TherapyPeriod[], gapDays: number): TherapyLine[] {
  const lines: { start: string; end?: string }[] = [];
  for (const p of periods) {
    const current = lines[lines.length - 1];
    const open = current && current.end === undefined;
    if (current && (open || parseInstant(p.start) - parseInstant(current.end as string) <= gapDays * 86_400_000)) {
      if (open || p.end === undefined) delete current.end;
      else if (p.end > (current.end as string)) current.end = p.end;
      continue;
    }
    lines.push(p.end ? { start: p.start, end: p.end } : { start: p.start });
  }
  return lines;
}

/** Systemic periods that started before surgery; their latest end (or the surgery date if none is recorded). */
function neoadjuvantEndOf(periods: readonly TherapyPeriod[], surgery: string): string | undefined {
  const surgeryMs = parseInstant(surgery);
  let before = false;
  let latestEnd: string | undefined;
  for (const p of periods) {
    if (!(parseInstant(p.start) < surgeryMs)) continue;
    before = true;
    // The greatest end as text, as the last of a sorted list always was.
    if (p.end !== undefined && parseInstant(p.end) <= surgeryMs && (latestEnd === undefined || p.end > latestEnd)) latestEnd = p.end;
  }
  return before ? (latestEnd ?? surgery) : undefined;
}

function codingsOf(concept: CodeableConcept | undefined) {
  return concept?.coding;
}

/** MedicationAdministration: the dose time; MedicationRequest: boundsPeriod, else authoredOn (open unless completed). */
function periodOf(med: MedicationResource): { start: string; end?: string } | undefined {
  if (med.resourceType === 'MedicationAdministration') {
    const start = med.effectiveDateTime ?? med.effectivePeriod?.start;
    const end = med.effectivePeriod?.end ?? med.effectiveDateTime;
    if (!isValidDate(start)) return undefined;
    return isValidDate(end) ? { start, end } : { start };
  }
  const bounds = med.dosageInstruction?.[0]?.timing?.repeat?.boundsPeriod;
  const start = bounds?.start ?? med.authoredOn;
  const end = bounds?.end;
  if (!isValidDate(start)) return undefined;
  if (isValidDate(end)) return { start, end };
  return med.status === 'completed' ? { start, end: start } : { start };
}
export type { TimePoint } from './time-points.ts';
import { parseInstant } from './instant.ts';
import type { Writable } from './writable.ts';
