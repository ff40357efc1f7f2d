import type { Condition, MedicationAdministration, MedicationRequest, Observation, Patient, Procedure, Resource } from 'fhir/r4';
import type { Terminology } from './terminology.ts';
import type { DataQualityNote } from './data-quality.ts';
import { dedupeResources } from './dedupe.ts';
import { buildCancerPicture, type CancerPicture } from './cancer.ts';
import { buildTherapyTimeline, type TherapyTimeline } from './therapy-timeline.ts';
import { buildCtcSeries, type CtcResult } from './ctc-series.ts';
import type { DraftOrder } from './draft-orders.ts';

/**
 * Everything rules may know about a patient, derived once per call from FHIR. Rules never see
 * FHIR; they see facts computed from this picture (src/facts/fact-catalog.ts).
 */
export interface ClinicalPicture {
  readonly evaluatedAt: string;
  readonly patientId: string | undefined;
  readonly cancer: CancerPicture;
  readonly therapy: TherapyTimeline;
  readonly ctc: readonly CtcResult[];
  /** order-select: terminology concepts of the selected draft orders (e.g. ctc-enumeration). */
  readonly selectedTests: readonly string[];
  readonly notes: readonly DataQualityNote[];
}

export interface PictureInput {
  readonly resources: readonly Resource[];
  readonly patientId?: string | undefined;
  readonly orders?: readonly DraftOrder[];
  /** The evaluation time; tests pin it, the service passes the request time. */
  readonly at: Date;
}

export function buildClinicalPicture(input: PictureInput, terminology: Terminology): ClinicalPicture {
  const notes: DataQualityNote[] = [];
  const { unique, duplicates } = dedupeResources(input.resources);
  for (const ref of new Set(duplicates)) notes.push({ code: 'duplicate', message: `${ref} was delivered more than once; one copy was used.`, resource: ref });
  const forPatient = unique.filter((r) => belongsTo(r, input.patientId));
  const of = <T extends Resource['resourceType']>(type: T) => forPatient.filter((r) => r.resourceType === type) as Extract<Resource, { resourceType: T }>[];
  const observations = of('Observation') as Observation[];
  const conditions = of('Condition') as Condition[];
  const medications = [...(of('MedicationRequest') as MedicationRequest[]), ...(of('MedicationAdministration') as MedicationAdministration[])];
  const procedures = of('Procedure') as Procedure[];
  const patient = of('Patient')[0] as Patient | undefined;

  const therapy = buildTherapyTimeline(medications, procedures, terminology);
  return {
    evaluatedAt: input.at.toISOString(),
    patientId: input.patientId ?? patient?.id,
    cancer: buildCancerPicture(conditions, observations, terminology, notes),
    therapy,
    ctc: buildCtcSeries(observations, terminology, therapy, input.at, notes),
    selectedTests: [...new Set((input.orders ?? []).map((o) => terminology.lookup('order', (o.resource as { code?: { coding?: [] } }).code?.coding)).filter((c): c is string => c !== undefined))],
    notes,
  };
}

/** Resources about another patient (a mis-scoped search) must not leak into this picture. */
function belongsTo(resource: Resource, patientId: string | undefined): boolean {
  if (!patientId) return true;
  if (resource.resourceType === 'Patient') return resource.id === patientId;
  const subject = (resource as { subject?: { reference?: unknown }; patient?: { reference?: unknown } }).subject ?? (resource as { patient?: { reference?: unknown } }).patient;
  const ref = subject?.reference;
  if (typeof ref !== 'string') return true;
  return ref === `Patient/${patientId}` || ref.endsWith(`/Patient/${patientId}`);
}
