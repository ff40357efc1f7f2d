import type { CodeableConcept, Medication, MedicationAdministration, MedicationRequest, Procedure } from 'fhir/r4';
import type { Terminology } from './terminology.ts';
import type { CancerPicture } from './cancer.ts';
import { isValidDate } from './observation-hygiene.ts';
import { recordedIntent, type TreatmentIntent } from './treatment-intent.ts';

export interface TherapyPeriod {
  readonly kind: string;
  readonly start: string;
  readonly end?: string;
  readonly source: string;
  /** The intent the record states (mCODE intent extension or category), when it states one. */
  readonly intent?: TreatmentIntent;
}

/** Consecutive systemic periods merged into one line of therapy (gap ≤ `therapyEpisodeGapDays`). */
export interface TherapyLine {
  readonly start: string;
  /** Absent while the line is ongoing. */
  readonly end?: string;
}

/** Systemic therapy given before surgery of the primary cancer, and why we call it neoadjuvant. */
export interface NeoadjuvantTherapy {
  /** `recorded-intent`: a period records neoadjuvant intent; `sequence`: therapy before surgery (or, in non-metastatic breast cancer, before any surgery). */
  readonly basis: 'recorded-intent' | 'sequence';
  readonly start: string;
  /** Latest end of the neoadjuvant periods, else the surgery date; absent while it is ongoing and no surgery is recorded. */
  readonly end?: string;
}

export interface TherapyTimeline {
  readonly systemic: readonly TherapyPeriod[];
  readonly lines: readonly TherapyLine[];
  readonly firstSystemicStart?: string;
  readonly lastSystemicEnd?: string;
  /** The first completed surgery of the primary cancer. */
  readonly surgeryDate?: string;
  /** Every therapy class on record (medications and procedures), sorted. */
  readonly agents: readonly string[];
  readonly neoadjuvant?: NeoadjuvantTherapy;
}

/** What the cancer picture knows that decides which surgery counts and whether therapy before it is neoadjuvant. */
export interface TherapyContext {
  /** The primary cancer, a condition concept (breast, prostate, colorectal, nsclc, …). */
  readonly primaryType?: string;
  readonly metastatic?: boolean;
}

/** The context the cancer picture gives: the primary the results belong to, and whether it is known to be metastatic. */
export function therapyContextOf(cancer: Pick<CancerPicture, 'subject' | 'setting'>): TherapyContext {
  const context: Writable<TherapyContext> = {};
  if (cancer.subject !== undefined) context.primaryType = cancer.subject;
  if (cancer.setting === 'metastatic') context.metastatic = true;
  else if (cancer.setting === 'early' || cancer.setting === 'locally-advanced') context.metastatic = false;
  return context;
}

/**
 * Classes that define the systemic-therapy timeline. Endocrine therapy is listed in `agents` but
 * runs for years, so it would keep "after therapy" from ever arriving; bisphosphonates and aspirin are supportive.
 */
const TIMELINE_CLASSES: ReadonlySet<string> = new Set(['chemotherapy', 'anti-her2', 'immune-checkpoint-inhibitor', 'abiraterone']);

/** Site of a `<site>-cancer-surgery` procedure concept for primary types named otherwise. */
const SURGERY_SITE: Readonly<Record<string, string>> = { nsclc: 'lung', sclc: 'lung', 'prostate-castration-resistant': 'prostate' };

/**
 * Primary types where systemic therapy before any surgery in non-metastatic disease is neoadjuvant by
 * definition. Elsewhere it may be definitive (stage III lung chemoradiotherapy, hormone therapy with
 * prostate radiotherapy), so only a recorded intent or a recorded surgery makes it neoadjuvant.
 */
const NEOADJUVANT_BY_SEQUENCE: ReadonlySet<string> = new Set(['breast']);

type MedicationResource = MedicationRequest | MedicationAdministration;

/**
 * Therapy periods from medication resources and procedures coded on the terminology map.
 * Without `context` (the caller does not know the cancer yet) every cancer surgery counts and
 * neoadjuvant therapy is only inferred from a recorded surgery or a recorded intent.
 */
export function buildTherapyTimeline(
  medications: readonly MedicationResource[],
  procedures: readonly Procedure[],
  terminology: Terminology,
  context?: TherapyContext,
): TherapyTimeline {
  const agents = new Set<string>();
  const systemic: TherapyPeriod[] = [];
  for (const med of medications) {
    if (med.status === 'entered-in-error' || med.status === 'cancelled' || med.status === 'draft' || med.status === 'not-done') continue;
    const kind = terminology.lookup('medication', codingsOf(medicationCode(med)));
    if (!kind) continue;
    agents.add(kind);
    const period = periodOf(med);
    if (period && TIMELINE_CLASSES.has(kind))
      systemic.push(periodEntry(kind, period, `${med.resourceType}/${med.id ?? '(no id)'}`, recordedIntent(med)));
  }
  const surgeries: string[] = [];
  for (const p of procedures) {
    const concept = terminology.lookup('procedure', codingsOf(p.code));
    // A chemoradiotherapy course under way already places results "during therapy".
    if (p.status !== 'completed' && !(p.status === 'in-progress' && concept === 'chemoradiotherapy')) continue;
    const date = p.performedDateTime ?? p.performedPeriod?.start;
    if (concept === 'radiotherapy') agents.add('radiotherapy');
    if (concept === 'chemoradiotherapy') {
      // Concurrent chemotherapy is systemic therapy: it starts the timeline as a medication would.
      agents.add('radiotherapy').add('chemotherapy');
      // A course still in progress has no end yet, even when only its start is recorded as performedDateTime.
      const end = p.performedPeriod ? p.performedPeriod.end : p.status === 'completed' ? p.performedDateTime : undefined;
      if (isValidDate(date))
        systemic.push(
          periodEntry(
            'chemotherapy',
            isValidDate(end) ? { start: date, end } : { start: date },
            `Procedure/${p.id ?? '(no id)'}`,
            recordedIntent(p),
          ),
        );
    }
    if (isPrimarySurgery(concept, context?.primaryType) && isValidDate(date)) surgeries.push(date);
  }
  sortByInstant(systemic, (p) => p.start);
  sortByInstant(surgeries, (date) => date);
  const lines = mergeLines(systemic, terminology.setting('therapyEpisodeGapDays'));
  const last = lines[lines.length - 1];
  const surgeryDate = surgeries[0];
  const neoadjuvant = neoadjuvantOf(systemic, lines, surgeryDate, context);
  const timeline: Writable<TherapyTimeline> = { systemic, lines, agents: [...agents].sort() };
  if (lines[0]) timeline.firstSystemicStart = lines[0].start;
  if (last?.end) timeline.lastSystemicEnd = last.end;
  if (surgeryDate) timeline.surgeryDate = surgeryDate;
  if (neoadjuvant) timeline.neoadjuvant = neoadjuvant;
  return timeline;
}

/**
 * The surgery that splits time points is the primary cancer's: `cancer-surgery` (site not stated) or
 * `<site>-cancer-surgery` for the primary's own site; another site's surgery is another cancer's.
 * Diagnostic biopsies have their own concept and never count.
 */
function isPrimarySurgery(concept: string | undefined, primaryType: string | undefined): boolean {
  if (concept === 'cancer-surgery') return true;
  if (!concept?.endsWith('-cancer-surgery')) return false;
  if (primaryType === undefined) return true;
  return concept === `${SURGERY_SITE[primaryType] ?? primaryType}-cancer-surgery`;
}

function periodEntry(
  kind: string,
  period: { start: string; end?: string },
  source: string,
  intent: TreatmentIntent | undefined,
): TherapyPeriod {
  const entry: Partial<Writable<TherapyPeriod>> = { kind, start: period.start };
  if (period.end !== undefined) entry.end = period.end;
  entry.source = source;
  if (intent) entry.intent = intent;
  return entry as TherapyPeriod;
}

/**
 * Oldest first by instant, each date parsed once: text order is not time order across offsets
 * ("2025-01-10T02:00:00+05:00" is before "2025-01-09T23:00:00Z"). Equal instants keep their order.
 */
function sortByInstant<T>(items: T[], dateOf: (item: T) => string): void {
  const ms = new Map(items.map((item) => [item, parseInstant(dateOf(item))] as const));
  items.sort((a, b) => (ms.get(a) as number) - (ms.get(b) as number));
}

function mergeLines(periods: readonly TherapyPeriod[], gapDays: number): TherapyLine[] {
  const lines: { start: string; end?: string }[] = [];
  for (const p of periods) {
    const current = lines[lines.length - 1];
    const open = current && current.end === undefined;
    if (current && (open || parseInstant(p.start) - parseInstant(current.end as string) <= gapDays * 86_400_000)) {
      if (open || p.end === undefined) delete current.end;
      else if (parseInstant(p.end) > parseInstant(current.end as string)) current.end = p.end;
      continue;
    }
    lines.push(p.end ? { start: p.start, end: p.end } : { start: p.start });
  }
  return lines;
}

/**
 * Neoadjuvant periods: those recording neoadjuvant intent, and by sequence those that started on a
 * calendar day before the surgery (or, with no surgery yet, the first line in non-metastatic breast
 * cancer). A recorded adjuvant or palliative intent, a start on or after the surgery day, or known
 * metastatic disease (for sequence) excludes a period.
 */
function neoadjuvantOf(
  periods: readonly TherapyPeriod[],
  lines: readonly TherapyLine[],
  surgery: string | undefined,
  context: TherapyContext | undefined,
): NeoadjuvantTherapy | undefined {
  const surgeryDay = surgery === undefined ? undefined : statedDay(surgery);
  // In metastatic disease systemic therapy before a surgery is not neoadjuvant unless the record says so.
  const bySequence =
    context?.metastatic !== true &&
    (surgery !== undefined || (context?.metastatic === false && NEOADJUVANT_BY_SEQUENCE.has(context.primaryType ?? '')));
  const firstLineEnd = lines[0]?.end === undefined ? undefined : parseInstant(lines[0].end);
  const chosen = periods.filter((p) => {
    if (p.intent === 'adjuvant' || p.intent === 'palliative') return false;
    if (surgeryDay !== undefined && !(statedDay(p.start) < surgeryDay)) return false;
    if (p.intent === 'neoadjuvant') return true;
    return bySequence && (surgeryDay !== undefined || firstLineEnd === undefined || parseInstant(p.start) <= firstLineEnd);
  });
  const first = chosen[0];
  if (!first) return undefined;
  const neoadjuvant: Writable<NeoadjuvantTherapy> = {
    basis: chosen.some((p) => p.intent === 'neoadjuvant') ? 'recorded-intent' : 'sequence',
    start: first.start,
  };
  let latestEnd: string | undefined;
  let open = false;
  for (const p of chosen) {
    if (p.end === undefined) open = true;
    // An end after the surgery day belongs to therapy continued after surgery, not to the neoadjuvant course.
    else if (
      (surgeryDay === undefined || statedDay(p.end) <= surgeryDay) &&
      (latestEnd === undefined || parseInstant(p.end) > parseInstant(latestEnd))
    )
      latestEnd = p.end;
  }
  const end = surgery !== undefined ? (latestEnd ?? surgery) : open ? undefined : latestEnd;
  if (end !== undefined) neoadjuvant.end = end;
  return neoadjuvant;
}

/**
 * medicationCodeableConcept, else the code of the Medication a `#id` medicationReference names among
 * the resource's contained resources (mCODE CancerRelatedMedicationRequest allows either). A reference
 * to a Medication delivered separately is not resolved here.
 */
function medicationCode(med: MedicationResource): CodeableConcept | undefined {
  if (med.medicationCodeableConcept) return med.medicationCodeableConcept;
  const ref = med.medicationReference?.reference;
  if (typeof ref !== 'string' || !ref.startsWith('#') || !Array.isArray(med.contained)) return undefined;
  const contained = med.contained.find((r) => r?.resourceType === 'Medication' && r.id === ref.slice(1)) as Medication | undefined;
  return contained?.code;
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
import { parseInstant, statedDay } from './instant.ts';
import type { Writable } from './writable.ts';
