import type { Bundle } from 'fhir/r4';
import type { RuleSet } from '../rule-set/rule-set.ts';
import type { AssayClass } from '../normalize/ctc-series.ts';
import type { TimePoint } from '../normalize/therapy-timeline.ts';
import { computeFacts } from '../facts/fact-catalog.ts';
import type { ClinicalPicture } from '../normalize/clinical-picture.ts';
import { pictureFromBundle } from './bundle-picture.ts';
import { applicableThresholds, type ChartThreshold } from './thresholds.ts';
import { markerSeries, type TimelineMarker } from './marker-series.ts';
import { timePointInWords } from '../facts/fact-words.ts';

export interface TimelineCtcPoint {
  readonly date: string;
  readonly countPer7_5mL: number;
  readonly comparator: string | null;
  readonly reported: string;
  readonly assay: AssayClass;
  readonly assayLabel: string;
  readonly timePoint: TimePoint;
  /** The time point in words ("after the first cycle of therapy"), as a clinician reads it. */
  readonly timePointWords: string;
  readonly preliminary: boolean;
  readonly resource: string;
}

export interface TimelineTherapy {
  readonly kind: string;
  readonly start: string;
  readonly end: string | null;
  readonly source: string;
}

/** Everything the sandbox chart draws, as data: the browser only lays it out. */
export interface Timeline {
  readonly patientId: string | null;
  readonly evaluatedAt: string;
  readonly cancer: {
    readonly primaryTypes: readonly string[];
    readonly setting: string;
    readonly metastaticSites: readonly string[];
    readonly primaries: readonly { readonly type: string; readonly setting: string }[];
  };
  readonly ctc: readonly TimelineCtcPoint[];
  readonly thresholds: readonly ChartThreshold[];
  readonly therapy: readonly TimelineTherapy[];
  readonly surgeryDate: string | null;
  readonly clusters: readonly TimelineMarker[];
  readonly pdl1: readonly TimelineMarker[];
  readonly dtc: readonly TimelineMarker[];
  readonly notes: readonly { readonly code: string; readonly message: string }[];
}

/** The chart's series from the same clinical picture a CDS call builds, so the chart and the cards agree. */
export async function buildTimeline(bundle: Bundle, ruleSet: RuleSet, at: Date): Promise<Timeline> {
  const picture = pictureFromBundle(bundle, ruleSet.terminology, at);
  return timelineOf(picture, await applicableThresholds(ruleSet, computeFacts(picture)));
}

/** The timeline of a picture with its cut-off lines; the SMART app builds both in the browser (src/smart/). */
export function timelineOf(picture: ClinicalPicture, thresholds: readonly ChartThreshold[]): Timeline {
  const markers = markerSeries(picture);
  return {
    patientId: picture.patientId ?? null,
    evaluatedAt: picture.evaluatedAt,
    cancer: {
      primaryTypes: picture.cancer.primaryTypes,
      setting: picture.cancer.setting,
      metastaticSites: picture.cancer.metastaticSites,
      primaries: picture.cancer.primaries.map((p) => ({ type: p.type, setting: p.setting })),
    },
    ctc: picture.ctc.map((r) => ({
      date: r.date,
      countPer7_5mL: r.countPer7_5mL,
      comparator: r.comparator ?? null,
      reported: r.reported,
      assay: r.assay,
      assayLabel: r.assayLabel,
      timePoint: r.timePoint,
      timePointWords: timePointInWords(r.timePoint),
      preliminary: r.preliminary,
      resource: r.resource,
    })),
    thresholds,
    therapy: picture.therapy.systemic.map((p) => ({ kind: p.kind, start: p.start, end: p.end ?? null, source: p.source })),
    surgeryDate: picture.therapy.surgeryDate ?? null,
    clusters: markers.filter((m) => m.kind === 'cluster'),
    pdl1: markers.filter((m) => m.kind === 'pdl1'),
    dtc: markers.filter((m) => m.kind === 'dtc'),
    notes: picture.notes.map((n) => ({ code: n.code, message: n.message })),
  };
}
