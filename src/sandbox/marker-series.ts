import type { CodeableConcept, Observation, Resource } from 'fhir/r4';
import type { Terminology } from '../normalize/terminology.ts';
import type { DataQualityNote } from '../normalize/data-quality.ts';
import { acceptObservation } from '../normalize/observation-hygiene.ts';

export type Presence = 'positive' | 'negative' | 'unknown';

/** One non-count liquid-biopsy result placed on the timeline (cluster, PD-L1+ CTCs, bone-marrow DTC). */
export interface TimelineMarker {
  readonly kind: 'cluster' | 'pdl1' | 'dtc';
  readonly date: string;
  readonly result: Presence;
  readonly value: number | null;
  readonly unit: string | null;
  readonly method: string | null;
  readonly label: string;
  readonly resource: string;
}

const KIND_OF: Readonly<Record<string, { kind: TimelineMarker['kind']; what: string }>> = {
  'ctc-cluster-count': { kind: 'cluster', what: 'CTC clusters' },
  'ctc-cluster-present': { kind: 'cluster', what: 'CTC clusters' },
  'ctc-neutrophil-cluster-present': { kind: 'cluster', what: 'Neutrophil–CTC clusters' },
  'ctc-pdl1-pos-count': { kind: 'pdl1', what: 'PD-L1+ CTCs' },
  'ctc-pdl1-pos-fraction': { kind: 'pdl1', what: 'PD-L1+ CTC fraction' },
  'dtc-bm-present': { kind: 'dtc', what: 'Bone-marrow DTCs' },
  'dtc-bm-count': { kind: 'dtc', what: 'Bone-marrow DTCs' },
};

const POSITIVE = new Set(['10828004', '260373001', 'POS', 'DET', 'positive', 'detected', 'present']);
const NEGATIVE = new Set(['260385009', '260415000', 'NEG', 'ND', 'negative', 'not-detected', 'absent']);

/**
 * Cluster, PD-L1+ and DTC results for the chart. The clinical picture does not carry these series
 * yet, so they are read here with the service's own terminology map and observation hygiene;
 * when the picture gains them this file should read the picture instead.
 */
export function markerSeries(resources: readonly Resource[], terminology: Terminology, at: Date): TimelineMarker[] {
  const notes: DataQualityNote[] = [];
  const markers: TimelineMarker[] = [];
  for (const candidate of resources) {
    if (candidate.resourceType !== 'Observation') continue;
    const resource = candidate as Observation;
    const concept = terminology.lookup('observation', resource.code?.coding);
    const kind = concept ? KIND_OF[concept] : undefined;
    if (!kind) continue;
    const accepted = acceptObservation(resource, kind.kind, at, notes);
    if (!accepted) continue;
    const { value, unit } = quantityOf(resource);
    const result = value !== null ? (value > 0 ? 'positive' : 'negative') : presenceOf(resource);
    const method = terminology.lookup('assay', resource.method?.coding) ?? resource.method?.text ?? null;
    const shown = value !== null ? `${value}${unit ? ` ${unit}` : ''}` : result;
    markers.push({ kind: kind.kind, date: accepted.time, result, value, unit, method, label: `${kind.what}: ${shown}`, resource: accepted.ref });
  }
  return markers.sort((a, b) => a.date.localeCompare(b.date));
}

function quantityOf(obs: Observation): { value: number | null; unit: string | null } {
  if (typeof obs.valueQuantity?.value === 'number') return { value: obs.valueQuantity.value, unit: obs.valueQuantity.unit ?? obs.valueQuantity.code ?? null };
  if (typeof obs.valueInteger === 'number') return { value: obs.valueInteger, unit: null };
  return { value: null, unit: null };
}

function presenceOf(obs: Observation): Presence {
  if (typeof obs.valueBoolean === 'boolean') return obs.valueBoolean ? 'positive' : 'negative';
  if (typeof obs.valueString === 'string') return word(obs.valueString);
  return conceptPresence(obs.valueCodeableConcept ?? obs.interpretation?.[0]);
}

function conceptPresence(concept: CodeableConcept | undefined): Presence {
  for (const coding of concept?.coding ?? []) {
    if (coding.code && POSITIVE.has(coding.code)) return 'positive';
    if (coding.code && NEGATIVE.has(coding.code)) return 'negative';
  }
  return concept?.text ? word(concept.text) : 'unknown';
}

function word(text: string): Presence {
  const t = text.trim().toLowerCase().replace(/\s+/g, '-');
  if (NEGATIVE.has(t)) return 'negative';
  if (POSITIVE.has(t)) return 'positive';
  return 'unknown';
}
