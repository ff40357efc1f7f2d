import type { Terminology } from './terminology.ts';
import type { DataQualityNote } from './data-quality.ts';
import { familyOf, type Reading } from './reading.ts';
import type { Writable } from './writable.ts';

export type ReceptorStatus = 'positive' | 'negative' | 'unknown';
export type Her2Status = 'positive' | 'negative' | 'equivocal' | 'unknown';
export type BreastSubtype = 'luminal-a' | 'luminal-b' | 'luminal-her2' | 'her2-enriched' | 'triple-negative' | 'basal-like' | 'unknown';

export interface BreastPicture {
  readonly er: ReceptorStatus;
  readonly pr: ReceptorStatus;
  readonly her2: Her2Status;
  readonly ki67Percent?: number;
  readonly ck56: ReceptorStatus;
  readonly egfr: ReceptorStatus;
  readonly subtype: BreastSubtype;
  /** One line saying which inputs gave the subtype, for the card (FDA criterion 4: inputs visible). */
  readonly subtypeBasis: string;
  /** Set when at least one breast marker was reported. */
  readonly reported: boolean;
}

const IHC: Readonly<Record<string, Her2Status>> = {
  'her2-ihc-0': 'negative',
  'her2-ihc-1': 'negative',
  'her2-ihc-2': 'equivocal',
  'her2-ihc-3': 'positive',
  positive: 'positive',
  negative: 'negative',
  equivocal: 'equivocal',
};

const MARKERS: ReadonlySet<string> = new Set([
  'er-status',
  'er-percent',
  'pr-status',
  'pr-percent',
  'her2-status',
  'her2-ish',
  'her2-ihc',
  'ki67',
  'ck5-6',
  'egfr',
]);

/** Receptor status and the IHC surrogate subtype; the latest usable result of each marker wins. */
export function buildBreastPicture(readings: readonly Reading[], terminology: Terminology, notes: DataQualityNote[]): BreastPicture {
  const latest = (concept: string) => readings.findLast((r) => r.concept === concept);
  const cut = terminology.setting('receptorPositivePercent');
  const er = receptor(latest('er-status'), notes) ?? percentStatus(latest('er-percent'), cut, notes);
  const pr = receptor(latest('pr-status'), notes) ?? percentStatus(latest('pr-percent'), cut, notes);
  const her2 = her2Of(latest('her2-status'), latest('her2-ish'), latest('her2-ihc'), notes);
  const ki67Percent = percentOf(latest('ki67'), notes);
  const ck56 = receptor(latest('ck5-6'), notes) ?? 'unknown';
  const egfr = receptor(latest('egfr'), notes) ?? 'unknown';
  const subtype = subtypeOf(er ?? 'unknown', pr ?? 'unknown', her2, ki67Percent, ck56, egfr, terminology.setting('ki67CutPointPercent'));
  const picture: Partial<Writable<BreastPicture>> = { er: er ?? 'unknown', pr: pr ?? 'unknown', her2 };
  if (ki67Percent !== undefined) picture.ki67Percent = ki67Percent;
  picture.ck56 = ck56;
  picture.egfr = egfr;
  picture.subtype = subtype.subtype;
  picture.subtypeBasis = subtype.basis;
  picture.reported = readings.some((r) => MARKERS.has(r.concept));
  return picture as BreastPicture;
}

/**
 * IHC surrogate subtypes exactly as seed 003 defines them (003_5d2fd25494520586.txt lines 86–97 and
 * Table 1, lines 188–203): luminal A = ER+ and/or PR+, HER2−, Ki67 low; luminal B = the same with Ki67
 * high; luminal-HER2 = ER+ and/or PR+, HER2+; HER2-enriched = ER−, PR−, HER2+; basal-like = ER−, PR−,
 * HER2−, and EGFR+ or CK5/6+; triple-negative = ER−, PR−, HER2− (the TN tumours that are not basal-like;
 * basal-like is the TN subset with CK5/6 or EGFR). A missing or equivocal input leaves the subtype unknown.
 * The Ki-67 low/high cut point is configuration (`ki67CutPointPercent`), not a seed fact.
 */
export function subtypeOf(
  er: ReceptorStatus,
  pr: ReceptorStatus,
  her2: Her2Status,
  ki67: number | undefined,
  ck56: ReceptorStatus,
  egfr: ReceptorStatus,
  ki67Cut: number,
): { subtype: BreastSubtype; basis: string } {
  const inputs = `ER ${er}, PR ${pr}, HER2 ${her2}, Ki-67 ${ki67 === undefined ? 'unknown' : `${ki67}%`}, CK5/6 ${ck56}, EGFR ${egfr}`;
  const hr = er === 'positive' || pr === 'positive' ? 'positive' : er === 'negative' && pr === 'negative' ? 'negative' : 'unknown';
  const of = (subtype: BreastSubtype, why: string) => ({ subtype, basis: `${why} (${inputs})` });
  if (her2 !== 'positive' && her2 !== 'negative') return of('unknown', 'HER2 status is not known');
  if (hr === 'unknown') return of('unknown', 'hormone-receptor status is not known');
  if (hr === 'positive' && her2 === 'positive') return of('luminal-her2', 'ER and/or PR positive, HER2 positive');
  if (hr === 'negative' && her2 === 'positive') return of('her2-enriched', 'ER and PR negative, HER2 positive');
  if (hr === 'negative') {
    return ck56 === 'positive' || egfr === 'positive'
      ? of('basal-like', 'ER, PR and HER2 negative with CK5/6 or EGFR positive')
      : of('triple-negative', 'ER, PR and HER2 negative');
  }
  if (ki67 === undefined) return of('unknown', 'Ki-67 is not known, so luminal A and B cannot be told apart');
  return ki67 >= ki67Cut
    ? of('luminal-b', `ER and/or PR positive, HER2 negative, Ki-67 high (≥ ${ki67Cut}%, configured cut point)`)
    : of('luminal-a', `ER and/or PR positive, HER2 negative, Ki-67 low (< ${ki67Cut}%, configured cut point)`);
}

/** Interpretation first (the pathologist's integrated call), then ISH (it resolves IHC 2+), then the IHC score. */
function her2Of(
  interpretation: Reading | undefined,
  ish: Reading | undefined,
  ihc: Reading | undefined,
  notes: DataQualityNote[],
): Her2Status {
  const called = status(interpretation, notes, true);
  if (called === 'positive' || called === 'negative') return called;
  const amplified = status(ish, notes, true);
  if (amplified === 'positive' || amplified === 'negative') return amplified;
  if (ihc) {
    const score = ihc.answer ? IHC[ihc.answer] : undefined;
    if (score) return score;
    unreadable(ihc, notes);
  }
  return called === 'equivocal' || amplified === 'equivocal' ? 'equivocal' : 'unknown';
}

function receptor(reading: Reading | undefined, notes: DataQualityNote[]): 'positive' | 'negative' | undefined {
  const s = status(reading, notes);
  return s === 'equivocal' ? undefined : s;
}

function status(
  reading: Reading | undefined,
  notes: DataQualityNote[],
  allowEquivocal = false,
): 'positive' | 'negative' | 'equivocal' | undefined {
  if (!reading) return undefined;
  if (reading.boolean !== undefined) return reading.boolean ? 'positive' : 'negative';
  if (reading.answer === 'positive' || reading.answer === 'negative') return reading.answer;
  if (reading.answer === 'equivocal') return allowEquivocal ? 'equivocal' : undefined;
  unreadable(reading, notes);
  return undefined;
}

function percentStatus(reading: Reading | undefined, cut: number, notes: DataQualityNote[]): ReceptorStatus | undefined {
  const percent = percentOf(reading, notes);
  if (percent === undefined) return undefined;
  return percent >= cut ? 'positive' : 'negative';
}

/** A percentage in UCUM `%` (or with no unit at all, as many pathology systems send it). */
function percentOf(reading: Reading | undefined, notes: DataQualityNote[]): number | undefined {
  const q = reading?.quantity;
  if (!reading || !q) {
    if (reading) unreadable(reading, notes);
    return undefined;
  }
  const unit = q.code ?? q.unit;
  if (typeof q.value !== 'number' || q.value < 0 || q.value > 100 || (unit !== undefined && unit !== '%')) {
    notes.push({
      code: 'unknown-unit',
      message: `${reading.ref}: "${reading.text}" is not a percentage of cells; it was not used.`,
      resource: reading.ref,
      family: 'breast',
    });
    return undefined;
  }
  return q.value;
}

function unreadable(reading: Reading, notes: DataQualityNote[]): void {
  notes.push({
    code: 'unknown-code',
    message: `${reading.ref}: the value "${reading.text}" is not a coded answer on the terminology map; it was not used.`,
    resource: reading.ref,
    family: familyOf(reading.concept),
  });
}
