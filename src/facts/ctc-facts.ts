import type { FactDefinition } from './fact-definition.ts';
import type { CtcResult } from '../normalize/ctc-series.ts';
import type { ClinicalPicture } from '../normalize/clinical-picture.ts';
import { lineOf, monthsBetween } from '../normalize/time-points.ts';
import { trendOf } from '../normalize/trend.ts';
import { asRecord } from './record-value.ts';
import { inWords, timePointInWords } from './fact-words.ts';
import { parseInstant } from '../normalize/instant.ts';

export const ASSAYS = ['cellsearch', 'other-ctc-platform', 'unknown'] as const;
export const TIME_POINTS = [
  'baseline',
  'after-first-cycle',
  'during-therapy',
  'after-therapy',
  'pre-neoadjuvant',
  'post-neoadjuvant',
  'pre-surgery',
  'post-surgery',
  'follow-up',
  'unknown',
] as const;
const CTC_TRENDS = ['rising', 'falling', 'stable', 'unknown'] as const;
const SPECIMENS = ['blood', 'bone-marrow', 'unknown'] as const;

const latest = (results: readonly CtcResult[]): CtcResult | undefined => results[results.length - 1];

/** A `<` bound is not a count: it must never meet a "≥ threshold" condition. */
function definiteCount(result: CtcResult | undefined): number | null {
  return result?.definite ? result.countPer7_5mL : null;
}

/** The last result on or before the start of the therapy line the latest result belongs to. */
function baselineOf(p: ClinicalPicture): CtcResult | undefined {
  const last = latest(p.ctc);
  const line = last ? lineOf(last.date, p.therapy) : undefined;
  if (!line) return undefined;
  // The last such result, found from the end: most of the series lies after the line start.
  const start = parseInstant(line.start);
  return p.ctc.findLast((r) => parseInstant(r.date) <= start);
}

/** Counts from different platforms are not comparable, and bounds are not counts. */
function ctcTrend(results: readonly CtcResult[]): string | null {
  const [previous, last] = [results.at(-2), results.at(-1)];
  if (!last) return null;
  if (!previous || previous.assay !== last.assay || !previous.definite || !last.definite) return 'unknown';
  return trendOf(previous.countPer7_5mL, last.countPer7_5mL);
}

/** "7 CTC per 7.5 mL whole blood, CellSearch, 2026-01-28, at baseline": words only, no resource id (issue 16). */
function formatCtcResult(r: Readonly<Record<string, unknown>>): string {
  const result = r as unknown as CtcResult;
  const parts = [
    `${result.comparator ?? ''}${result.countPer7_5mL} CTC per 7.5 mL whole blood${result.volumeConverted ? ` (converted from ${result.reported})` : ''}`,
    result.assay === 'unknown' ? 'assay not stated' : inWords(result.assay),
    result.date.slice(0, 10),
    timePointInWords(result.timePoint),
  ];
  if (result.preliminary) parts.push('preliminary');
  return parts.join(', ');
}

export const ctcFacts: readonly FactDefinition[] = [
  {
    name: 'ctc.resultCount',
    label: 'Usable CTC results',
    type: 'number',
    description: 'Number of usable CTC enumeration results (after status, unit and time checks).',
    derive: (p) => p.ctc.length,
  },
  {
    name: 'ctc.latest',
    label: 'Latest CTC result',
    type: 'record',
    description:
      'The most recent usable CTC result, for display on cards: count per 7.5 mL, reported value, assay, date, time point, source resource.',
    derive: (p) => (latest(p.ctc) as unknown as Readonly<Record<string, unknown>>) ?? null,
    format: (v) => formatCtcResult(v as Readonly<Record<string, unknown>>),
  },
  {
    name: 'ctc.latest.countPer7_5mL',
    label: 'Latest CTC count',
    valueUnit: 'per 7.5 mL',
    type: 'number',
    unit: '{CTC}/(75.10*-1.mL)',
    description:
      'Most recent usable CTC count, normalized to cells per 7.5 mL whole blood; null when it was reported only as a bound (e.g. "<1").',
    derive: (p) => definiteCount(latest(p.ctc)),
  },
  {
    name: 'ctc.latest.volumeConverted',
    label: 'Latest CTC count converted from another volume',
    type: 'boolean',
    description:
      'Whether the most recent CTC count was rescaled to per 7.5 mL from another blood volume (per mL, per 2 mL, "in 10 mL"); false when the unit already meant per 7.5 mL. CellSearch cut-offs are defined on 7.5 mL draws and are not applied to converted counts.',
    derive: (p) => latest(p.ctc)?.volumeConverted ?? null,
  },
  {
    name: 'ctc.latest.exactPer7_5mL',
    label: 'Latest CTC count is the count of a 7.5 mL draw',
    type: 'boolean',
    description:
      'Whether the most recent CTC count per 7.5 mL is the count of a 7.5 mL draw: reported per 7.5 mL, or a CellSearch result reported per mL whose value × 7.5 is a whole number within the rounding of a two-decimal report (±0.04; CellSearch always analyses 7.5 mL, so 2 per mL is exactly 15). Cut-offs defined on 7.5 mL draws apply only when true; the card still shows the unit was converted (ctc.latest.volumeConverted).',
    derive: (p) => latest(p.ctc)?.exactPer7_5mL ?? null,
  },
  {
    name: 'ctc.latest.assay',
    label: 'Latest CTC assay',
    type: 'string',
    values: ASSAYS,
    description: 'Assay platform of the most recent CTC result (from Observation.method or device); unknown when not stated.',
    derive: (p) => latest(p.ctc)?.assay ?? null,
  },
  {
    name: 'ctc.latest.timePoint',
    label: 'Latest CTC time point',
    type: 'string',
    values: TIME_POINTS,
    description:
      'Time point of the most recent CTC result against the therapy line it falls in: baseline (on or before the line start), after-first-cycle (day 21–35), during-therapy, post-neoadjuvant, pre-/post-surgery, after-therapy, follow-up (beyond the configured months).',
    derive: (p) => latest(p.ctc)?.timePoint ?? null,
  },
  {
    name: 'ctc.latest.specimen',
    label: 'Latest CTC specimen',
    type: 'string',
    values: SPECIMENS,
    description: 'Specimen of the most recent CTC result, when the Observation states it.',
    derive: (p) => latest(p.ctc)?.specimen ?? null,
  },
  {
    name: 'ctc.latest.preliminary',
    label: 'Latest CTC result preliminary',
    type: 'boolean',
    description: 'Whether the most recent CTC result has status preliminary.',
    derive: (p) => latest(p.ctc)?.preliminary ?? null,
  },
  {
    name: 'ctc.latest.date',
    label: 'Latest CTC date',
    type: 'date',
    description: 'Clinical date of the most recent usable CTC result (effective[x], else issued).',
    derive: (p) => latest(p.ctc)?.date ?? null,
  },
  {
    name: 'ctc.latest.daysFromTherapyStart',
    label: 'Latest CTC, time from therapy start',
    valueUnit: 'days',
    type: 'number',
    unit: 'd',
    description: 'Days from the start of the therapy line the most recent CTC result belongs to (negative = drawn before that start).',
    derive: (p) => latest(p.ctc)?.daysFromTherapyStart ?? null,
  },
  {
    name: 'ctc.latest.weeksFromTherapyStart',
    label: 'Latest CTC, time from therapy start',
    valueUnit: 'weeks',
    type: 'number',
    unit: 'wk',
    description:
      'Whole weeks from the start of the therapy line the most recent CTC result belongs to (negative = drawn before that start).',
    derive: (p) => {
      const d = latest(p.ctc)?.daysFromTherapyStart;
      return d === undefined ? null : Math.trunc(d / 7);
    },
  },
  {
    name: 'ctc.latest.monthsFromSurgery',
    label: 'Latest CTC, time after primary surgery',
    valueUnit: 'months',
    type: 'number',
    unit: 'mo',
    description:
      'Whole months from the primary cancer surgery (therapy.surgeryDate) to the most recent CTC result; null without a surgery, or when the result precedes it. Places a late follow-up draw in years after surgery (the late-recurrence study drew 4.5–7.5 years after surgery, catalog E003).',
    derive: (p) => {
      const last = latest(p.ctc);
      const surgery = p.therapy.surgeryDate;
      if (!last || !surgery) return null;
      const months = monthsBetween(surgery, last.date);
      return Number.isFinite(months) && months >= 0 ? months : null;
    },
  },
  {
    name: 'ctc.baseline',
    label: 'Baseline CTC result',
    type: 'record',
    description: 'The last usable CTC result on or before the start of the therapy line the latest result belongs to.',
    derive: (p) => asRecord(baselineOf(p)),
    format: (v) => formatCtcResult(v as Readonly<Record<string, unknown>>),
  },
  {
    name: 'ctc.baseline.countPer7_5mL',
    label: 'Baseline CTC count',
    valueUnit: 'per 7.5 mL',
    type: 'number',
    unit: '{CTC}/(75.10*-1.mL)',
    description: 'CTC count per 7.5 mL whole blood of the baseline result (last on or before therapy start).',
    derive: (p) => definiteCount(baselineOf(p)),
  },
  {
    name: 'ctc.baseline.volumeConverted',
    label: 'Baseline CTC count converted from another volume',
    type: 'boolean',
    description:
      'Whether the baseline CTC count was rescaled to per 7.5 mL from another blood volume; false when its unit already meant per 7.5 mL.',
    derive: (p) => baselineOf(p)?.volumeConverted ?? null,
  },
  {
    name: 'ctc.baseline.exactPer7_5mL',
    label: 'Baseline CTC count is the count of a 7.5 mL draw',
    type: 'boolean',
    description:
      'Whether the baseline CTC count per 7.5 mL is the count of a 7.5 mL draw (reported per 7.5 mL, or an exact CellSearch per-mL conversion; see ctc.latest.exactPer7_5mL).',
    derive: (p) => baselineOf(p)?.exactPer7_5mL ?? null,
  },
  {
    name: 'ctc.baseline.assay',
    label: 'Baseline CTC assay',
    type: 'string',
    values: ASSAYS,
    description: 'Assay platform of the baseline CTC result.',
    derive: (p) => baselineOf(p)?.assay ?? null,
  },
  {
    name: 'ctc.previous.countPer7_5mL',
    label: 'Previous CTC count',
    valueUnit: 'per 7.5 mL',
    type: 'number',
    unit: '{CTC}/(75.10*-1.mL)',
    description: 'CTC count per 7.5 mL whole blood of the usable result before the latest one.',
    derive: (p) => definiteCount(p.ctc.at(-2)),
  },
  {
    name: 'ctc.trend',
    label: 'CTC trend',
    type: 'string',
    values: CTC_TRENDS,
    description:
      'Latest vs previous CTC count on the same assay: rising, falling, stable; unknown with fewer than two comparable definite counts.',
    derive: (p) => ctcTrend(p.ctc),
  },
  {
    name: 'ctc.series',
    label: 'CTC results',
    type: 'record[]',
    description: 'Every usable CTC result, oldest first, for the timeline on cards.',
    derive: (p) => p.ctc.map((r) => r as unknown as Readonly<Record<string, unknown>>),
    format: (v) => (v as readonly Readonly<Record<string, unknown>>[]).map((r) => `\n- ${formatCtcResult(r)}`).join(''),
  },
];
