import type { FactDefinition } from './fact-definition.ts';
import type { ClinicalPicture } from '../normalize/clinical-picture.ts';
import { persistentPositives } from '../normalize/dtc-series.ts';
import { asRecord, describeRecord } from './record-value.ts';

const DTC_RESULTS = ['positive', 'negative', 'unknown'] as const;
const DTC_METHODS = ['immunocytochemistry', 'rt-pcr', 'other', 'unknown'] as const;
const DTC_TIME_POINTS = ['diagnosis', 'post-neoadjuvant', 'after-therapy', 'follow-up', 'unknown'] as const;
const DTC_DISCORDANT_MARKERS = ['er', 'her2'] as const;
/** How a card names the markers: the fact's values stay the lower-case codes rules compare with. */
const MARKER_LABELS: Readonly<Record<string, string>> = { er: 'ER', her2: 'HER2' };

/** The latest DTC result that measured the marker. */
function dtcMarker(p: ClinicalPicture, marker: 'er' | 'her2'): string | null {
  return p.dtc.findLast((r) => r[marker] !== 'unknown')?.[marker] ?? null;
}

/** Markers where the DTC phenotype and the primary tumour are both known and differ. */
function discordance(p: ClinicalPicture): readonly string[] | null {
  const pairs = [
    ['er', dtcMarker(p, 'er'), p.breast.er],
    ['her2', dtcMarker(p, 'her2'), p.breast.her2],
  ] as const;
  const known = pairs.filter(
    ([, dtc, primary]) => (dtc === 'positive' || dtc === 'negative') && (primary === 'positive' || primary === 'negative'),
  );
  return known.length === 0 ? null : known.filter(([, dtc, primary]) => dtc !== primary).map(([m]) => m);
}

export const dtcFacts: readonly FactDefinition[] = [
  {
    name: 'dtc.resultCount',
    label: 'Usable DTC results',
    type: 'number',
    description: 'Number of usable bone-marrow DTC results.',
    derive: (p) => p.dtc.length,
  },
  {
    name: 'dtc.latest',
    label: 'Latest DTC result',
    type: 'record',
    description: 'The most recent usable bone-marrow DTC result, for display: result, count per 2×10⁶ cells, method, date, time point.',
    derive: (p) => asRecord(p.dtc.at(-1)),
    format: (v) =>
      describeRecord(v as Readonly<Record<string, unknown>>, [
        ['result', 'DTC '],
        ['countPer2M', '{} cells per 2×10⁶ marrow cells'],
        ['method', ''],
        ['date', ''],
        ['timePoint', ''],
        ['monthsAfterTherapyEnd', '{} months after therapy end'],
      ]),
  },
  {
    name: 'dtc.latest.result',
    label: 'Latest DTC result',
    type: 'string',
    values: DTC_RESULTS,
    description: 'Latest bone-marrow DTC result: positive, negative, or unknown.',
    derive: (p) => p.dtc.at(-1)?.result ?? null,
  },
  {
    name: 'dtc.latest.countPer2M',
    label: 'Latest DTC count',
    valueUnit: 'cells per 2×10⁶ marrow cells',
    type: 'number',
    unit: '{DTC}/(2.10*6)',
    description: 'Latest DTC count per 2×10⁶ nucleated bone-marrow cells, when reported.',
    derive: (p) => p.dtc.at(-1)?.countPer2M ?? null,
  },
  {
    name: 'dtc.latest.method',
    label: 'Latest DTC method',
    type: 'string',
    values: DTC_METHODS,
    description: 'Detection method of the latest DTC result (immunocytochemistry such as A45-B/B3 or AE1/AE3, RT-PCR, other).',
    derive: (p) => p.dtc.at(-1)?.method ?? null,
  },
  {
    name: 'dtc.latest.timePoint',
    label: 'Latest DTC time point',
    type: 'string',
    values: DTC_TIME_POINTS,
    description:
      'Time point of the latest DTC result: at diagnosis (before any therapy), after neoadjuvant therapy, after therapy, follow-up.',
    derive: (p) => p.dtc.at(-1)?.timePoint ?? null,
  },
  {
    name: 'dtc.latest.monthsAfterTherapyEnd',
    label: 'Latest DTC, time after therapy',
    valueUnit: 'months',
    type: 'number',
    unit: 'mo',
    description:
      'Whole months from the end of systemic therapy to the latest DTC result; null when it precedes the end or no end is recorded.',
    derive: (p) => p.dtc.at(-1)?.monthsAfterTherapyEnd ?? null,
  },
  {
    name: 'dtc.atDiagnosis.result',
    label: 'DTC at diagnosis',
    type: 'string',
    values: DTC_RESULTS,
    description: 'DTC result at primary diagnosis (latest result on or before the start of therapy or surgery).',
    derive: (p) => p.dtc.filter((r) => r.timePoint === 'diagnosis').at(-1)?.result ?? null,
  },
  {
    name: 'dtc.persistent',
    label: 'Persistent DTCs',
    type: 'boolean',
    description: 'DTC positive at two or more time points after therapy started.',
    derive: (p) => (p.dtc.length > 0 ? persistentPositives(p.dtc, p.therapy).length > 0 : null),
  },
  {
    name: 'dtc.persistentMonthsAfterTherapyEnd',
    label: 'Persistent DTCs, time after therapy',
    valueUnit: 'months',
    type: 'number',
    unit: 'mo',
    description: 'Months after therapy end of the latest positive result in a persistent DTC series.',
    derive: (p) => persistentPositives(p.dtc, p.therapy).at(-1)?.monthsAfterTherapyEnd ?? null,
  },
  {
    name: 'dtc.er',
    label: 'DTC ER phenotype',
    type: 'string',
    values: DTC_RESULTS,
    description: 'ER status measured on disseminated tumour cells.',
    derive: (p) => dtcMarker(p, 'er'),
  },
  {
    name: 'dtc.her2',
    label: 'DTC HER2 phenotype',
    type: 'string',
    values: DTC_RESULTS,
    description: 'HER2 status measured on disseminated tumour cells.',
    derive: (p) => dtcMarker(p, 'her2'),
  },
  {
    name: 'dtc.receptorDiscordance',
    label: 'DTC–primary receptor discordance',
    type: 'string[]',
    values: DTC_DISCORDANT_MARKERS,
    description:
      'Markers (er, her2) whose DTC status differs from the primary tumour; empty when both are known and agree. Shown on cards as ER, HER2.',
    derive: (p) => discordance(p),
    format: (v) => (v as readonly string[]).map((m) => MARKER_LABELS[m] ?? m).join(', '),
  },
];
