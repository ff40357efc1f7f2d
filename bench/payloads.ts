import { randomUUID } from 'node:crypto';
import { searchset } from '../scripts/fixtures/fhir-builders.ts';
import { syntheticPatient, type SyntheticPatient } from './synthetic-patient.ts';

export const PATIENT_VIEW_PATH = '/cds-services/ctc-advisor-patient-view';
/** The bearer token the bench's loopback FHIR server requires; the fallback requests carry it. */
export const FHIR_ACCESS_TOKEN = 'bench-fhir-access-token';

/** A patient-view request body as JSON text, ready to send. */
export interface Payload {
  readonly name: string;
  readonly observations: number;
  readonly body: string;
}

/** ≈40 Observations, 5 Conditions, 10 medication/procedure resources over three years. */
export function typicalPatient(until = new Date()): SyntheticPatient {
  return syntheticPatient({ id: 'bench-typical', observationCount: 40, years: 3, until });
}

/** 2,000 Observations over ten years. */
export function heavyPatient(until = new Date()): SyntheticPatient {
  return syntheticPatient({ id: 'bench-heavy', observationCount: 2_000, years: 10, until });
}

export function patientOfSize(observationCount: number, until = new Date()): SyntheticPatient {
  return syntheticPatient({ id: `bench-${observationCount}`, observationCount, years: 10, until });
}

/** Full prefetch: every key of the patient-view service definition, as the EHR would send it. */
export function prefetchRequest(name: string, p: SyntheticPatient): Payload {
  const body = {
    ...base(p.id),
    prefetch: {
      patient: p.patient,
      conditions: searchset(p.conditions),
      observations: searchset(p.observations),
      medicationRequests: searchset(p.medicationRequests),
      medicationAdministrations: searchset(p.medicationAdministrations),
      procedures: searchset(p.procedures),
    },
  };
  return { name, observations: p.observations.length, body: JSON.stringify(body) };
}

/** No prefetch at all: the service fetches every key from `fhirServer` with the access token. */
export function fallbackRequest(name: string, p: SyntheticPatient, fhirServer: string): Payload {
  const body = {
    ...base(p.id),
    fhirServer,
    fhirAuthorization: {
      access_token: FHIR_ACCESS_TOKEN,
      token_type: 'Bearer',
      expires_in: 3600,
      scope: 'patient/*.read',
      subject: 'ctc-advisor',
    },
  };
  return { name, observations: p.observations.length, body: JSON.stringify(body) };
}

function base(patientId: string) {
  return { hookInstance: randomUUID(), hook: 'patient-view', context: { userId: 'Practitioner/bench-oncologist', patientId } };
}
