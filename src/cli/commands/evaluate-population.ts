import { createReadStream, readdirSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Bundle } from 'fhir/r4';
import type { ExplainInput } from '../../explain/explain.ts';
import type { ServiceDefinition } from '../../services/service-registry.ts';
import { requestFromBundle } from '../../simulate/ehr-request.ts';
import { readExplainInput } from '../load-for-cli.ts';
import { entryOf } from '../../util/map-entry.ts';

/** One patient of a population: where it came from (a file, or `Patient/<id>` of an export) and how to read it. */
export interface PopulationPatient {
  readonly label: string;
  /** A Bundle or CDS Hooks request, or why the patient cannot be read. */
  load(): ExplainInput | string;
}

export interface Population {
  readonly kind: 'bulk-ndjson' | 'bundles';
  readonly patients: readonly PopulationPatient[];
  /** Things the reader skipped, for stderr (counts and resource types only: no patient data). */
  readonly notes: readonly string[];
}

/**
 * A folder is a FHIR Bulk Data export when it holds `*.ndjson` files (one resource type per file, as
 * `$export` writes them), else a folder of patient Bundles / CDS Hooks requests (`*.json`).
 */
export async function readPopulation(folder: string): Promise<Population> {
  const names = readdirSync(folder).sort();
  const ndjson = names.filter((n) => n.endsWith('.ndjson'));
  if (ndjson.length > 0) return readBulkExport(folder, ndjson);
  const patients = names
    .filter((n) => n.endsWith('.json'))
    .map((n) => {
      const file = path.join(folder, n);
      return { label: path.relative(process.cwd(), file), load: () => readExplainInput(file) };
    });
  return { kind: 'bundles', patients, notes: [] };
}

interface FhirResource {
  readonly resourceType?: unknown;
  readonly id?: unknown;
  readonly [key: string]: unknown;
}

/** The members through which a resource names its patient (Observation.subject, AllergyIntolerance.patient, Coverage.beneficiary …). */
const PATIENT_MEMBERS = ['subject', 'patient', 'beneficiary', 'individual'] as const;

/** `Patient/123`, `https://fhir.example/Patient/123`, `Patient/123/_history/2` → `123`. */
export function patientIdOf(resource: FhirResource): string | undefined {
  if (resource.resourceType === 'Patient') return typeof resource.id === 'string' ? resource.id : undefined;
  for (const member of PATIENT_MEMBERS) {
    const reference = (resource[member] as { reference?: unknown } | undefined)?.reference;
    if (typeof reference !== 'string') continue;
    const match = /(?:^|\/)Patient\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?$/.exec(reference);
    if (match) return match[1];
  }
  return undefined;
}

/**
 * Groups an export's resources by patient, in the order patients first appear (Patient.ndjson first
 * when there is one). Resources naming no patient (Practitioner, Organization, Medication …) are
 * counted and left out: the service reads a patient's own record.
 */
async function readBulkExport(folder: string, files: readonly string[]): Promise<Population> {
  const byPatient = new Map<string, FhirResource[]>();
  const unlinked = new Map<string, number>();
  const notes: string[] = [];
  let unreadable = 0;
  const ordered = [...files].sort((a, b) => Number(!a.startsWith('Patient.')) - Number(!b.startsWith('Patient.')) || a.localeCompare(b));
  for (const name of ordered) {
    const lines = createInterface({ input: createReadStream(path.join(folder, name), 'utf8'), crlfDelay: Infinity });
    for await (const line of lines) {
      if (line.trim() === '') continue;
      let resource: FhirResource;
      try {
        resource = JSON.parse(line) as FhirResource;
      } catch {
        unreadable++;
        continue;
      }
      const id = typeof resource === 'object' && resource !== null ? patientIdOf(resource) : undefined;
      if (id === undefined) {
        const type = typeof resource?.resourceType === 'string' ? resource.resourceType : 'unknown';
        unlinked.set(type, (unlinked.get(type) ?? 0) + 1);
        continue;
      }
      entryOf(byPatient, id, () => []).push(resource);
    }
  }
  if (unreadable > 0) notes.push(`${unreadable} line(s) are not JSON: skipped`);
  if (unlinked.size > 0) notes.push(`${[...unlinked].map(([type, n]) => `${n} ${type}`).join(', ')} name(s) no patient: not used`);
  const patients = [...byPatient].map(([id, resources]) => ({
    label: `Patient/${id}`,
    load: (): ExplainInput | string => {
      if (!resources.some((r) => r.resourceType === 'Patient')) return `Patient/${id}: no Patient resource in the export`;
      return {
        bundle: {
          resourceType: 'Bundle',
          type: 'collection',
          entry: resources.map((resource) => ({
            fullUrl: `urn:ctc-advisor:${String(resource.resourceType)}/${String(resource.id)}`,
            resource,
          })),
        },
      };
    },
  }));
  return { kind: 'bulk-ndjson', patients, notes };
}

/** The CDS Hooks request `service` gets for one patient: built from its Bundle as an EHR would, or its own request. */
export function requestFor(input: ExplainInput, service: ServiceDefinition): unknown {
  if ('bundle' in input) return requestFromBundle(input.bundle as Bundle, service);
  if ((input.request as { hook?: unknown }).hook === service.hook) return input.request;
  throw new Error(`the request is not for ${service.hook}`);
}
