import type { Condition, MedicationAdministration, MedicationRequest, Observation, Patient, Procedure, Resource } from 'fhir/r4';
import type { Terminology } from './terminology.ts';
import type { DataQualityNote } from './data-quality.ts';
import { dedupeResources } from './dedupe.ts';
import { collectReadings } from './observation-readings.ts';
import { baseRef } from './reading.ts';
import { buildCancerPicture, type CancerPicture } from './cancer.ts';
import { ResourceIndex } from './resource-index.ts';
import { buildBreastPicture, type BreastPicture } from './breast.ts';
import { buildTherapyTimeline, therapyContextOf, type TherapyTimeline } from './therapy-timeline.ts';
import { buildCtcSeries, type CtcResult } from './ctc-series.ts';
import { buildClusterSeries, type ClusterResult } from './cluster-series.ts';
import { buildPdl1Series, type Pdl1Result } from './pdl1-series.ts';
import { buildDtcSeries, type DtcResult } from './dtc-series.ts';
import { buildNeutrophilClusterSeries, type NeutrophilClusterResult } from './neutrophil-cluster-series.ts';
import { buildLabPicture, type LabPicture } from './labs.ts';
import type { DraftOrder } from './draft-orders.ts';
import { TimelineClock } from './time-points.ts';

export type { NeutrophilClusterResult } from './neutrophil-cluster-series.ts';

/**
 * Everything rules may know about a patient, derived once per call from FHIR. Rules never see
 * FHIR; they see facts computed from this picture (src/facts/fact-catalog.ts).
 */
export interface ClinicalPicture {
  readonly evaluatedAt: string;
  readonly patientId: string | undefined;
  readonly cancer: CancerPicture;
  readonly breast: BreastPicture;
  readonly therapy: TherapyTimeline;
  /** Usable CTC enumerations, oldest first. */
  readonly ctc: readonly CtcResult[];
  readonly clusters: readonly ClusterResult[];
  readonly pdl1: readonly Pdl1Result[];
  readonly neutrophilClusters: readonly NeutrophilClusterResult[];
  readonly dtc: readonly DtcResult[];
  readonly labs: LabPicture;
  /** order-select: terminology concepts of the selected draft orders (e.g. ctc-enumeration). */
  readonly selectedTests: readonly string[];
  /** order-select: the CTC/DTC orders among them as the EHR names them (code.text, else a coding's display). */
  readonly selectedOrderNames: readonly string[];
  readonly notes: readonly DataQualityNote[];
}

interface PictureInput {
  readonly resources: readonly Resource[];
  readonly patientId?: string | undefined;
  readonly orders?: readonly DraftOrder[];
  /** The evaluation time; tests pin it, the service passes the request time. */
  readonly at: Date;
}

export function buildClinicalPicture(input: PictureInput, terminology: Terminology): ClinicalPicture {
  const notes: DataQualityNote[] = [];
  const { unique, duplicates } = dedupeResources(input.resources);
  for (const ref of new Set(duplicates))
    notes.push({ code: 'duplicate', message: `${ref} was delivered more than once; one copy was used.`, resource: ref });
  const { observations, conditions, medicationRequests, medicationAdministrations, procedures, patient } = byType(unique, input.patientId);
  const medications = [...medicationRequests, ...medicationAdministrations];

  // One index of the call's resources for every reference the picture follows (specimens, devices, conditions, orders).
  const index = new ResourceIndex(unique);
  const readings = collectReadings(observations, index, terminology, input.at, notes);
  const cancer = buildCancerPicture({ conditions, observations, readings, orders: input.orders ?? [], index }, terminology, notes);
  // Tumour-cell results that cannot be tied to the cancer the rules speak about feed no series.
  const attributed = cancer.setAside.size === 0 ? readings : readings.filter((r) => !cancer.setAside.has(baseRef(r.ref)));
  const therapy = buildTherapyTimeline(medications, procedures, terminology, therapyContextOf(cancer));
  // One clock for every series: the timeline's dates are parsed once per picture.
  const clock = new TimelineClock(therapy);
  return {
    evaluatedAt: input.at.toISOString(),
    patientId: input.patientId ?? patient?.id,
    cancer,
    breast: buildBreastPicture(readings, terminology, notes),
    therapy,
    ctc: buildCtcSeries(attributed, terminology, clock, notes),
    clusters: buildClusterSeries(attributed, terminology, clock, notes),
    pdl1: buildPdl1Series(attributed, terminology, clock, notes),
    neutrophilClusters: buildNeutrophilClusterSeries(attributed, terminology, notes),
    dtc: buildDtcSeries(attributed, terminology, clock, notes),
    labs: buildLabPicture(readings, terminology, notes),
    selectedTests: [...new Set((input.orders ?? []).map((o) => orderConcept(o, terminology)).filter((c): c is string => c !== undefined))],
    selectedOrderNames: [
      ...new Set(
        (input.orders ?? [])
          .filter((o) => orderConcept(o, terminology) !== undefined)
          .map(orderName)
          .filter((n): n is string => n !== undefined),
      ),
    ],
    notes,
  };
}

function orderConcept(order: DraftOrder, terminology: Terminology): string | undefined {
  return terminology.lookup('order', (order.resource as { code?: { coding?: [] } }).code?.coding);
}

/** The order's own name: ServiceRequest.code.text, else the first coding display (text from the EHR, escaped on cards). */
function orderName(order: DraftOrder): string | undefined {
  const code = (order.resource as { code?: { text?: unknown; coding?: { display?: unknown }[] } }).code;
  if (typeof code?.text === 'string' && code.text.trim()) return code.text.trim();
  const display = Array.isArray(code?.coding)
    ? code.coding.find((c) => typeof c?.display === 'string' && c.display.trim())?.display
    : undefined;
  return typeof display === 'string' ? display.trim() : undefined;
}

interface ResourcesByType {
  readonly observations: Observation[];
  readonly conditions: Condition[];
  readonly medicationRequests: MedicationRequest[];
  readonly medicationAdministrations: MedicationAdministration[];
  readonly procedures: Procedure[];
  readonly patient: Patient | undefined;
}

/** This patient's resources of each type the picture reads, in delivery order, in one pass. */
function byType(resources: readonly Resource[], patientId: string | undefined): ResourcesByType {
  const observations: Observation[] = [];
  const conditions: Condition[] = [];
  const medicationRequests: MedicationRequest[] = [];
  const medicationAdministrations: MedicationAdministration[] = [];
  const procedures: Procedure[] = [];
  let patient: Patient | undefined;
  const belongs = patientFilter(patientId);
  for (const r of resources) {
    if (!belongs(r)) continue;
    if (r.resourceType === 'Observation') observations.push(r as Observation);
    else if (r.resourceType === 'Condition') conditions.push(r as Condition);
    else if (r.resourceType === 'MedicationRequest') medicationRequests.push(r as MedicationRequest);
    else if (r.resourceType === 'MedicationAdministration') medicationAdministrations.push(r as MedicationAdministration);
    else if (r.resourceType === 'Procedure') procedures.push(r as Procedure);
    else if (r.resourceType === 'Patient') patient ??= r as Patient;
  }
  return { observations, conditions, medicationRequests, medicationAdministrations, procedures, patient };
}

/** Resources about another patient (a mis-scoped search) must not leak into this picture. */
function patientFilter(patientId: string | undefined): (resource: Resource) => boolean {
  if (!patientId) return () => true;
  const relative = `Patient/${patientId}`;
  const absolute = `/Patient/${patientId}`;
  return (resource) => {
    if (resource.resourceType === 'Patient') return resource.id === patientId;
    const subject =
      (resource as { subject?: { reference?: unknown }; patient?: { reference?: unknown } }).subject ??
      (resource as { patient?: { reference?: unknown } }).patient;
    const ref = subject?.reference;
    if (typeof ref !== 'string') return true;
    return ref === relative || ref.endsWith(absolute);
  };
}
