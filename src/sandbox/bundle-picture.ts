import type { Bundle, Patient, Resource } from 'fhir/r4';
import type { Terminology } from '../normalize/terminology.ts';
import { buildClinicalPicture, type ClinicalPicture } from '../normalize/clinical-picture.ts';

/** A FHIR Bundle as posted to the sandbox API: narrowed from unknown, entries not yet trusted. */
export function isBundle(value: unknown): value is Bundle {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as { resourceType?: unknown; entry?: unknown };
  return candidate.resourceType === 'Bundle' && (candidate.entry === undefined || Array.isArray(candidate.entry));
}

export function resourcesOf(bundle: Bundle): Resource[] {
  return (bundle.entry ?? [])
    .map((e) => (e as { resource?: unknown } | null)?.resource)
    .filter(
      (r): r is Resource => typeof r === 'object' && r !== null && typeof (r as { resourceType?: unknown }).resourceType === 'string',
    );
}

export function patientOf(bundle: Bundle): Patient | undefined {
  return resourcesOf(bundle).find((r): r is Patient => r.resourceType === 'Patient');
}

/** The same clinical picture the service builds for a call, from a Bundle instead of prefetch. */
export function pictureFromBundle(bundle: Bundle, terminology: Terminology, at: Date): ClinicalPicture {
  const patient = patientOf(bundle);
  return buildClinicalPicture({ resources: resourcesOf(bundle), patientId: patient?.id, at }, terminology);
}
