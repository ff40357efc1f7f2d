import type { Observation } from 'fhir/r4';
import type { Terminology } from './terminology.ts';
import type { DataQualityNote } from './data-quality.ts';
import { acceptObservation } from './observation-hygiene.ts';
import { ctcCountPer7_5mL } from './ctc-units.ts';
import { timePointOf, type TherapyTimeline, type TimePoint } from './therapy-timeline.ts';

export type AssayClass = 'cellsearch' | 'other-ctc-platform' | 'unknown';

/** One usable CTC enumeration, normalized to a count per 7.5 mL whole blood. */
export interface CtcResult {
  readonly resource: string;
  readonly date: string;
  readonly countPer7_5mL: number;
  readonly comparator?: string;
  readonly reported: string;
  readonly assay: AssayClass;
  readonly assayLabel: string;
  readonly specimen: 'blood' | 'bone-marrow' | 'unknown';
  readonly preliminary: boolean;
  readonly timePoint: TimePoint;
}

export function buildCtcSeries(observations: readonly Observation[], terminology: Terminology, timeline: TherapyTimeline, at: Date, notes: DataQualityNote[]): CtcResult[] {
  const series: CtcResult[] = [];
  for (const obs of observations) {
    if (terminology.lookup('observation', obs.code?.coding) !== 'ctc-count') continue;
    const accepted = acceptObservation(obs, 'ctc', at, notes);
    if (!accepted) continue;
    const count = ctcCountPer7_5mL(obs.valueQuantity, terminology);
    if (!count.ok) {
      notes.push({ code: count.reason, message: `${accepted.ref}: CTC count not usable — ${count.detail}.`, resource: accepted.ref, family: 'ctc' });
      continue;
    }
    const assay = assayOf(obs, terminology);
    if (assay.assay === 'unknown') {
      notes.push({ code: 'missing-assay', message: `${accepted.ref}: the CTC assay is not stated; assay-specific thresholds were not applied.`, resource: accepted.ref, family: 'ctc' });
    }
    const specimen = specimenOf(obs, terminology);
    series.push({
      resource: accepted.ref,
      date: accepted.time,
      countPer7_5mL: count.per7_5mL,
      ...(count.comparator ? { comparator: count.comparator } : {}),
      reported: reportedText(obs),
      assay: assay.assay,
      assayLabel: assay.label,
      specimen,
      preliminary: accepted.preliminary,
      timePoint: timePointOf(accepted.time, timeline),
    });
  }
  return series.sort((a, b) => a.date.localeCompare(b.date));
}

/** Assay from Observation.method first, then device; the platform decides which cut-offs apply. */
function assayOf(obs: Observation, terminology: Terminology): { assay: AssayClass; label: string } {
  const hit = terminology.lookup('assay', obs.method?.coding) ?? deviceAssay(obs, terminology);
  if (hit === 'cellsearch' || hit === 'other-ctc-platform') {
    return { assay: hit, label: terminology.describe('assay', hit)?.split(' (')[0] ?? hit };
  }
  return { assay: 'unknown', label: 'assay not stated' };
}

function deviceAssay(obs: Observation, terminology: Terminology): string | undefined {
  const device = obs.contained?.find((r) => r.resourceType === 'Device' && `#${r.id}` === obs.device?.reference);
  return device && device.resourceType === 'Device' ? terminology.lookup('assay', device.type?.coding) : undefined;
}

function specimenOf(obs: Observation, terminology: Terminology): 'blood' | 'bone-marrow' | 'unknown' {
  const contained = obs.contained?.find((r) => r.resourceType === 'Specimen' && `#${r.id}` === obs.specimen?.reference);
  const codings = contained && contained.resourceType === 'Specimen' ? contained.type?.coding : undefined;
  const hit = terminology.lookup('specimen', codings);
  return hit === 'blood' || hit === 'bone-marrow' ? hit : 'unknown';
}

function reportedText(obs: Observation): string {
  const q = obs.valueQuantity;
  if (!q) return 'no value';
  return `${q.comparator ?? ''}${q.value ?? '?'} ${q.unit ?? q.code ?? ''}`.trim();
}
