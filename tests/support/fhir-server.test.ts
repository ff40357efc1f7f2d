import type { Bundle, FhirResource, Observation, OperationOutcome } from 'fhir/r4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFhirServer, type LoopbackFhirServer } from './fhir-server.ts';
import { narrowPatientSearch } from './fhir-query.ts';

function observation(id: string, patient: string, value: number): Observation {
  return {
    resourceType: 'Observation',
    id,
    status: 'final',
    code: { coding: [{ system: 'http://loinc.org', code: '72257-6' }] },
    subject: { reference: `Patient/${patient}` },
    valueQuantity: { value, unit: '/7.5 mL' },
  };
}

const subject = { reference: 'Patient/p1' };
const otherSubject = { reference: 'Patient/p2' };

const RESOURCES: readonly FhirResource[] = [
  { resourceType: 'Patient', id: 'p1' },
  { resourceType: 'Patient', id: 'p2' },
  ...[1, 2, 3, 4, 5].map((n) => observation(`obs${n}`, 'p1', n)),
  observation('obs-other', 'p2', 9),
  { resourceType: 'Condition', id: 'c1', subject },
  { resourceType: 'Condition', id: 'c2', subject: otherSubject },
  { resourceType: 'MedicationRequest', id: 'mr1', status: 'active', intent: 'order', subject, medicationCodeableConcept: { text: 'x' } },
  {
    resourceType: 'MedicationAdministration',
    id: 'ma1',
    status: 'completed',
    subject,
    medicationCodeableConcept: { text: 'x' },
    effectiveDateTime: '2024-01-01',
  },
  { resourceType: 'Procedure', id: 'pr1', status: 'completed', subject },
  { resourceType: 'Procedure', id: 'pr2', status: 'completed', subject: otherSubject },
];

async function getJson(url: string, init?: RequestInit): Promise<{ status: number; body: unknown; type: string | null }> {
  const response = await fetch(url, init);
  return { status: response.status, body: await response.json(), type: response.headers.get('content-type') };
}

function ids(bundle: unknown): string[] {
  return ((bundle as Bundle).entry ?? []).map((entry) => `${entry.resource?.resourceType}/${entry.resource?.id}`);
}

function nextLink(bundle: unknown): string | undefined {
  return (bundle as Bundle).link?.find((link) => link.relation === 'next')?.url;
}

describe('loopback FHIR server: reads and searches', () => {
  let server: LoopbackFhirServer;
  beforeAll(async () => {
    server = await startFhirServer({ resources: RESOURCES });
  });
  afterAll(() => server.stop());

  it('binds to 127.0.0.1 with a /fhir/R4 base', () => {
    expect(server.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/fhir\/R4$/);
  });

  it('searches observations by bare patient id and answers application/fhir+json', async () => {
    const { status, body, type } = await getJson(`${server.baseUrl}/Observation?patient=p1`);
    expect(status).toBe(200);
    expect(type).toMatch(/^application\/fhir\+json/);
    expect(ids(body).sort()).toEqual(['Observation/obs1', 'Observation/obs2', 'Observation/obs3', 'Observation/obs4', 'Observation/obs5']);
    expect((body as Bundle).total).toBe(5);
  });

  it.each([
    ['Condition?patient=Patient/p1', ['Condition/c1']],
    ['Condition?patient=p1', ['Condition/c1']],
    ['MedicationRequest?patient=p1', ['MedicationRequest/mr1']],
    ['MedicationAdministration?patient=p1', ['MedicationAdministration/ma1']],
    ['Procedure?patient=p1', ['Procedure/pr1']],
    ['Observation?subject=Patient/p2', ['Observation/obs-other']],
    ['Observation?patient=nobody', []],
    ['Condition?patient=p1,p2', ['Condition/c1', 'Condition/c2']],
  ])('GET %s', async (query, expected) => {
    const { status, body } = await getJson(`${server.baseUrl}/${query}`);
    expect(status).toBe(200);
    expect(ids(body)).toEqual(expected);
  });

  it('answers patient= as the equivalent subject=Patient/… where R4 defines it so (a much cheaper search in the memory store)', () => {
    const narrowed = (type: string, query: string) => narrowPatientSearch(type, new URLSearchParams(query)).toString();
    expect(narrowed('Observation', 'patient=Patient%2Fp1&_count=2')).toBe('subject=Patient%2Fp1&_count=2');
    // Not for a type whose patient parameter is another path, nor for a value that is not a Patient reference.
    expect(narrowed('AllergyIntolerance', 'patient=Patient%2Fp1')).toBe('patient=Patient%2Fp1');
    expect(narrowed('Observation', 'patient=p1')).toBe('patient=p1');
  });

  it('reads one resource and answers 404 with an OperationOutcome for a missing one', async () => {
    const found = await getJson(`${server.baseUrl}/Observation/obs3`);
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({ resourceType: 'Observation', id: 'obs3', valueQuantity: { value: 3 } });
    const missing = await getJson(`${server.baseUrl}/Observation/nope`);
    expect(missing.status).toBe(404);
    expect((missing.body as OperationOutcome).resourceType).toBe('OperationOutcome');
  });

  it('pages with _count=2 through next links to the end', async () => {
    let url: string | undefined = `${server.baseUrl}/Observation?patient=p1&_count=2`;
    const pages: string[][] = [];
    while (url !== undefined && pages.length < 10) {
      const { body } = await getJson(url);
      pages.push(ids(body));
      url = nextLink(body);
    }
    expect(pages.map((page) => page.length)).toEqual([2, 2, 1]);
    expect(new Set(pages.flat()).size).toBe(5);
  });

  it('answers search by POST like the equivalent GET', async () => {
    const { status, body } = await getJson(`${server.baseUrl}/Observation/_search`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'patient=p2',
    });
    expect(status).toBe(200);
    expect(ids(body)).toEqual(['Observation/obs-other']);
  });

  it('loads more resources with their ids and records every request', async () => {
    await server.load([observation('obs6', 'p1', 6)]);
    const before = server.requests.length;
    const { body } = await getJson(`${server.baseUrl}/Observation?patient=p1&_count=100`);
    expect(ids(body)).toContain('Observation/obs6');
    expect(server.requests.slice(before)).toEqual([
      { method: 'GET', url: '/fhir/R4/Observation?patient=p1&_count=100', authorization: undefined },
    ]);
  });
});

describe('loopback FHIR server: bearer token', () => {
  let server: LoopbackFhirServer;
  beforeAll(async () => {
    server = await startFhirServer({ resources: RESOURCES, requiredBearerToken: 'secret-token' });
  });
  afterAll(() => server.stop());

  it('answers 401 with an OperationOutcome without the token and 200 with it, recording the header', async () => {
    const without = await getJson(`${server.baseUrl}/Patient/p1`);
    expect(without.status).toBe(401);
    expect(without.body).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'login' }] });
    const wrong = await getJson(`${server.baseUrl}/Patient/p1`, { headers: { authorization: 'Bearer other' } });
    expect(wrong.status).toBe(401);
    const right = await getJson(`${server.baseUrl}/Patient/p1`, { headers: { authorization: 'Bearer secret-token' } });
    expect(right.status).toBe(200);
    expect(server.requests.map((request) => request.authorization)).toEqual([undefined, 'Bearer other', 'Bearer secret-token']);
  });
});

describe('loopback FHIR server: faults', () => {
  let server: LoopbackFhirServer;
  beforeAll(async () => {
    server = await startFhirServer({ resources: RESOURCES });
  });
  afterAll(() => server.stop());

  it('delays every answer', async () => {
    server.setFault({ kind: 'delay', ms: 300 });
    const started = Date.now();
    const { status } = await getJson(`${server.baseUrl}/Patient/p1`);
    expect(status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
    server.setFault({ kind: 'none' });
  });

  it.each([401, 403, 404, 500])('answers HTTP %i with an OperationOutcome', async (status) => {
    server.setFault({ kind: 'status', status });
    const answer = await getJson(`${server.baseUrl}/Patient/p1`);
    expect(answer.status).toBe(status);
    expect((answer.body as OperationOutcome).resourceType).toBe('OperationOutcome');
    server.setFault({ kind: 'none' });
    expect((await getJson(`${server.baseUrl}/Patient/p1`)).status).toBe(200);
  });

  it('answers malformed JSON', async () => {
    server.setFault({ kind: 'malformed-json' });
    const response = await fetch(`${server.baseUrl}/Observation?patient=p1`);
    expect(response.status).toBe(200);
    await expect(response.json()).rejects.toThrow(SyntaxError);
    server.setFault({ kind: 'none' });
  });

  it('answers searches with a next link that points back to the same page', async () => {
    server.setFault({ kind: 'paging-loop' });
    const url = `${server.baseUrl}/Observation?patient=p1&_count=2`;
    const first = await getJson(url);
    expect(nextLink(first.body)).toBe(url);
    const again = await getJson(nextLink(first.body) ?? '');
    expect(nextLink(again.body)).toBe(url);
    expect(ids(again.body)).toEqual(ids(first.body));
    server.setFault({ kind: 'none' });
  });

  it('never answers while hanging, and answers again once cleared', async () => {
    server.setFault({ kind: 'hang' });
    await expect(fetch(`${server.baseUrl}/Patient/p1`, { signal: AbortSignal.timeout(300) })).rejects.toThrow();
    server.setFault({ kind: 'none' });
    expect((await getJson(`${server.baseUrl}/Patient/p1`)).status).toBe(200);
  });
});

describe('loopback FHIR server: stop', () => {
  it('closes even while a request hangs', async () => {
    const server = await startFhirServer();
    server.setFault({ kind: 'hang' });
    const pending = fetch(`${server.baseUrl}/Patient/p1`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server.requests).toHaveLength(1);
    const started = Date.now();
    await server.stop();
    expect(Date.now() - started).toBeLessThan(1000);
    await expect(pending).rejects.toThrow();
    await expect(fetch(`${server.baseUrl}/Patient/p1`)).rejects.toThrow();
  });

  it('closes while a delayed request waits', async () => {
    const server = await startFhirServer();
    server.setFault({ kind: 'delay', ms: 60_000 });
    const pending = fetch(`${server.baseUrl}/Patient/p1`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await server.stop();
    await expect(pending).rejects.toThrow();
  });
});
