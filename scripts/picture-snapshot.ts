import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Bundle, Resource } from 'fhir/r4';
import { loadTerminology } from '../src/rule-set/load-terminology.ts';
import { loadServiceRegistry } from '../src/services/service-registry.ts';
import { hasCheckedContext, validateRequest } from '../src/validate/cds-hooks-validators.ts';
import { gatherData } from '../src/gather/gather.ts';
import type { FhirFetcher } from '../src/gather/fhir-fetcher.ts';
import { buildClinicalPicture, type ClinicalPicture } from '../src/normalize/clinical-picture.ts';
import { selectedOrders } from '../src/normalize/draft-orders.ts';
import { computeFacts } from '../src/facts/fact-catalog.ts';
import type { FactValue } from '../src/facts/fact-definition.ts';
import type { DataQualityNote } from '../src/normalize/data-quality.ts';
import { heavyPatient, prefetchRequest, typicalPatient } from '../bench/payloads.ts';

/**
 * What gather + normalize make of every committed fixture, for the golden test that keeps their
 * output identical while their insides change (tests/normalize/picture-snapshot.test.ts).
 */
export interface PictureSnapshot {
  readonly name: string;
  readonly at: string;
  /** Request fixtures only: what gather reported besides the resources. */
  readonly gather?: {
    readonly ok: boolean;
    readonly resourceCount?: number;
    readonly source?: string;
    readonly notes?: readonly DataQualityNote[];
    readonly missing?: unknown;
  };
  /** Every fact that has a value (null is left out: absent and null are one here). */
  readonly facts?: Record<string, FactValue>;
  /** The picture's data-quality notes, in order. */
  readonly notes?: readonly DataQualityNote[];
}

const ROOT = path.resolve(import.meta.dirname, '..');
export const GOLDEN_PATH = path.join(ROOT, 'tests/normalize/picture-snapshot.golden.json');
/** The tests' pinned time, and one that leaves part of every record in the future (future-date notes, other time points). */
export const SNAPSHOT_TIMES: readonly string[] = ['2026-03-01T00:00:00.000Z', '2025-06-15T12:00:00.000Z'];
/** The bench's synthetic patients, built up to a fixed day so the payload never changes. */
const BENCH_UNTIL = new Date('2026-02-15T00:00:00Z');

/** No network here: every fixture carries its data as prefetch, so a fallback fetch is a gap. */
const offline: FhirFetcher = { fetchAll: async () => ({ ok: false, reason: 'no FHIR server in the snapshot' }) };
const LIMITS = { deadlineMs: 2_000, maxPages: 20, maxResourcesPerKey: 20_000 };

export async function pictureSnapshots(): Promise<PictureSnapshot[]> {
  const terminology = loadTerminology(path.join(ROOT, 'rules/terminology.json'));
  const services = loadServiceRegistry(path.join(ROOT, 'cds-hooks'));
  const out: PictureSnapshot[] = [];
  const patients = path.join(ROOT, 'fhir-fixtures/patients');
  for (const file of readdirSync(patients)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const bundle = JSON.parse(readFileSync(path.join(patients, file), 'utf8')) as Bundle;
    const resources = (bundle.entry ?? []).map((e) => e.resource).filter((r): r is NonNullable<typeof r> => r !== undefined) as Resource[];
    const patientId = resources.find((r) => r.resourceType === 'Patient')?.id;
    for (const at of SNAPSHOT_TIMES) {
      const picture = buildClinicalPicture({ resources, patientId, at: new Date(at) }, terminology);
      out.push({ name: `patients/${file}`, at, ...factsAndNotes(picture, computeFacts(picture)) });
    }
  }
  const requests = path.join(ROOT, 'fhir-fixtures/requests');
  const bodies = readdirSync(requests)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ name: `requests/${f}`, text: readFileSync(path.join(requests, f), 'utf8') }));
  bodies.push({ name: 'bench/typical', text: prefetchRequest('typical', typicalPatient(BENCH_UNTIL)).body });
  bodies.push({ name: 'bench/heavy', text: prefetchRequest('heavy', heavyPatient(BENCH_UNTIL)).body });
  for (const { name, text } of bodies) {
    const validated = validateRequest(JSON.parse(text) as unknown);
    if (!validated.ok) throw new Error(`${name} is not a valid CDS Hooks request`);
    const request = validated.value;
    const service = services.services.find((s) => s.hook === request.hook);
    if (!service || !hasCheckedContext(request)) throw new Error(`${name}: no service answers ${request.hook}`);
    for (const at of SNAPSHOT_TIMES) {
      const gathered = await gatherData(service, request, offline, LIMITS);
      if (!gathered.ok) {
        out.push({ name, at, gather: { ok: false, missing: gathered.missing } });
        continue;
      }
      const { patientId } = request.context;
      const picture = buildClinicalPicture(
        { resources: gathered.resources, patientId, at: new Date(at), orders: selectedOrders(request) },
        terminology,
      );
      const facts = computeFacts({ ...picture, notes: [...gathered.notes, ...picture.notes] });
      const gather = { ok: true, resourceCount: gathered.resources.length, source: gathered.source, notes: gathered.notes };
      out.push({ name, at, gather: plain(gather), ...factsAndNotes(picture, facts) });
    }
  }
  return out;
}

function factsAndNotes(picture: ClinicalPicture, facts: Record<string, FactValue>): Pick<PictureSnapshot, 'facts' | 'notes'> {
  return { facts: plain(Object.fromEntries(Object.entries(facts).filter(([, v]) => v !== null))), notes: plain(picture.notes) };
}

/** As it would travel as JSON: absent and undefined members are one and the same. */
function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
