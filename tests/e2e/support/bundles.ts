import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Bundle, BundleEntry, FhirResource, Observation } from 'fhir/r4';
import { PROJECT_ROOT } from '../../../src/config/config.ts';

export const HOSTILE = '<img src=x onerror=alert(1)>';
const LB = 'https://ctc-advisor.org/fhir/CodeSystem/liquid-biopsy';

export function fixtureBundle(name: string): Bundle {
  return JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'fhir-fixtures', 'patients', `${name}.json`), 'utf8')) as Bundle;
}

/** The MBC fixture with a hostile string in Patient.name and Condition.code.text. */
export function hostileBundle(): Bundle {
  const bundle = fixtureBundle('mbc-ctc-12-cellsearch');
  for (const entry of bundle.entry ?? []) {
    const r = entry.resource;
    if (r?.resourceType === 'Patient') r.name = [{ family: HOSTILE, given: ['Eve'] }];
    if (r?.resourceType === 'Condition' && r.code) r.code.text = `${HOSTILE} breast`;
  }
  return bundle;
}

function observation(id: string, patient: string, code: string, date: string, value: Partial<Observation>, method?: string): FhirResource {
  return {
    resourceType: 'Observation',
    id,
    status: 'final',
    code: { coding: [{ system: LB, code }] },
    subject: { reference: `Patient/${patient}` },
    effectiveDateTime: date,
    ...value,
    ...(method ? { method: { coding: [{ system: 'https://ctc-advisor.org/fhir/CodeSystem/assay-method', code: method }] } } : {}),
  } as FhirResource;
}

/** An MBC patient with a CTC series over a chemotherapy line, a cluster, PD-L1+ CTCs and two DTC results. */
export function seriesBundle(): { bundle: Bundle; ctcCount: number } {
  const base = fixtureBundle('mbc-ctc-12-cellsearch');
  const id = 'mbc-ctc-12-cellsearch';
  const keep = (base.entry ?? []).filter(
    (e) => e.resource?.resourceType !== 'Observation' && e.resource?.resourceType !== 'MedicationRequest',
  );
  const counts: [string, number][] = [
    ['2025-09-10', 38],
    ['2025-10-08', 14],
    ['2025-12-03', 3],
    ['2026-02-24', 12],
  ];
  const extra: FhirResource[] = [
    {
      resourceType: 'MedicationRequest',
      id: 'series-paclitaxel',
      status: 'completed',
      intent: 'order',
      medicationCodeableConcept: {
        coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '56946', display: 'paclitaxel' }],
      },
      subject: { reference: `Patient/${id}` },
      authoredOn: '2025-09-12',
      dosageInstruction: [{ timing: { repeat: { boundsPeriod: { start: '2025-09-12', end: '2026-01-15' } } } }],
    },
    ...counts.map(([date, n], i) =>
      observation(
        `series-ctc-${i + 1}`,
        id,
        'ctc-count',
        `${date}T09:00:00Z`,
        { valueQuantity: { value: n, unit: 'CTC/7.5 mL', system: 'http://unitsofmeasure.org', code: '/(75.10*-1.mL)' } },
        'cellsearch',
      ),
    ),
    observation('series-cluster-1', id, 'ctc-cluster-present', '2026-02-24T09:00:00Z', { valueBoolean: true }, 'cellsearch'),
    observation(
      'series-pdl1-1',
      id,
      'ctc-pdl1-pos-count',
      '2025-10-08T09:00:00Z',
      { valueQuantity: { value: 3, unit: 'cells' } },
      'cellsearch',
    ),
    observation('series-dtc-1', id, 'dtc-bm-present', '2025-09-01T09:00:00Z', { valueBoolean: true, specimen: undefined }),
    observation('series-dtc-2', id, 'dtc-bm-present', '2026-02-10T09:00:00Z', { valueBoolean: false }),
  ];
  const entry: BundleEntry[] = [
    ...keep,
    ...extra.map((resource) => ({ fullUrl: `urn:ctc-advisor:${resource.resourceType}/${resource.id}`, resource })),
  ];
  return { bundle: { resourceType: 'Bundle', type: 'collection', entry }, ctcCount: counts.length };
}
