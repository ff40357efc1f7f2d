import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Bundle, Quantity, Resource } from 'fhir/r4';
import { SYSTEMS, observation } from '../../scripts/fixtures/fhir-builders.ts';
import { PROJECT_ROOT } from '../../src/config/config.ts';
import { loadRuleSet } from '../../src/rule-set/rule-set.ts';
import { loadServiceRegistry } from '../../src/services/service-registry.ts';
import { handleServiceCall } from '../../src/service-call.ts';
import { offlinePipeline, requestFromFile } from '../../src/simulate/offline-pipeline.ts';
import { formatFact } from '../../src/facts/fact-catalog.ts';
import { facts, picture, PID } from './picture-helpers.ts';

const LB = (code: string) => ({ system: SYSTEMS.liquidBiopsy, code, display: code });
const AM = (code: string) => ({ system: SYSTEMS.assay, code, display: code });
const q = (value: number, code: string): Quantity => ({ value, system: SYSTEMS.ucum, code, unit: code });
const DRAW = '2026-02-24T09:30:00Z';

const FIXTURE = 'fhir-fixtures/patients/ctc-melanoma-cluster-two-assays-same-draw.json';
/** The fixture's resources, as if about the helpers' patient. */
const fixtureResources = (): Resource[] => {
  const bundle = JSON.parse(readFileSync(path.join(PROJECT_ROOT, FIXTURE), 'utf8')) as Bundle;
  return (bundle.entry ?? []).map(
    (e) =>
      ({
        ...(e.resource as Resource),
        ...(e.resource?.resourceType === 'Patient' ? { id: PID } : { subject: { reference: `Patient/${PID}` } }),
      }) as Resource,
  );
};
/** "clusters present: true · 0 clusters": one record claiming both. */
const CONTRADICTION = /clusters present[^\n]*, 0 clusters/;

describe('one draw, two assays: two results (issue 15 item 6)', () => {
  it('a CellSearch cluster count of 0 and an ISET "clusters present" from one tube are two results, and the latest facts see the ISET cluster', () => {
    const p = picture(fixtureResources());
    expect(p.clusters.map((c) => [c.assay, c.present, c.count])).toEqual([
      ['cellsearch', false, 0],
      ['other-ctc-platform', true, undefined],
    ]);
    expect(p.clusters.some((c) => c.present === true && c.count === 0)).toBe(false);
    const f = facts(fixtureResources());
    // The ISET result is the one rules see, with its own platform: not labelled CellSearch with a ≥3-cell definition.
    expect(f).toMatchObject({
      'ctc.cluster.present': true,
      'ctc.cluster.assay': 'other-ctc-platform',
      'ctc.cluster.count': null,
      'ctc.cluster.minCells': null,
    });
    expect(f['ctc.cluster.latestDraw']).toHaveLength(2);
    const shown = `${formatFact('ctc.cluster.latest', f['ctc.cluster.latest'] ?? null)}\n${formatFact('ctc.cluster.latestDraw', f['ctc.cluster.latestDraw'] ?? null)}`;
    expect(shown).not.toMatch(CONTRADICTION);
    expect(shown).toContain('clusters absent, 0 clusters, definition ≥3 cells, CellSearch');
    expect(shown).toContain('clusters present, another CTC platform (not CellSearch)');
  });

  it('at the card level the platform-definition card now fires for the ISET cluster, and no card says "present · 0 clusters"', async () => {
    const ruleSet = loadRuleSet(path.join(PROJECT_ROOT, 'rules'));
    const services = loadServiceRegistry(path.join(PROJECT_ROOT, 'cds-hooks'));
    const { serviceId, body } = requestFromFile(path.join(PROJECT_ROOT, FIXTURE), 'patient-view', services);
    const { response } = await handleServiceCall(offlinePipeline(ruleSet, services, new Date('2026-03-01T00:00:00Z')), serviceId, body);
    const ids = response.cards.map((c) => (c.extension?.['org.ctc-advisor.rule'] as { id: string } | undefined)?.id);
    expect(ids).toContain('ctc-cluster-definition-by-platform');
    expect(ids).toContain('melanoma-ctc-cluster-present');
    for (const card of response.cards) expect(`${card.summary}\n${card.detail ?? ''}`).not.toMatch(CONTRADICTION);
  });

  it('a CellSearch cluster beside an ISET count of 0 stays a CellSearch result with the CellSearch definition', () => {
    const f = facts([
      observation(PID, { id: 'iset', code: LB('ctc-cluster-count'), date: DRAW, quantity: q(0, '{clusters}'), method: AM('iset') }),
      observation(PID, { id: 'cs', code: LB('ctc-cluster-count'), date: DRAW, quantity: q(2, '{clusters}'), method: AM('cellsearch') }),
    ]);
    expect(f).toMatchObject({
      'ctc.cluster.present': true,
      'ctc.cluster.count': 2,
      'ctc.cluster.assay': 'cellsearch',
      'ctc.cluster.minCells': 3,
    });
  });

  it('two non-CellSearch platforms at one time (ISET, a microfluidic chip) are two results too', () => {
    const p = picture([
      observation(PID, { id: 'iset', code: LB('ctc-cluster-present'), date: DRAW, boolean: true, method: AM('iset') }),
      observation(PID, { id: 'chip', code: LB('ctc-cluster-count'), date: DRAW, quantity: q(0, '{clusters}'), method: AM('microfluidic') }),
    ]);
    expect(p.clusters.map((c) => [c.resource, c.present])).toEqual([
      ['Observation/chip', false],
      ['Observation/iset', true],
    ]);
  });

  it('a draw seen by two assays is not a trend: clusters on ISET after CellSearch zeros have not "appeared"', () => {
    const f = facts([
      observation(PID, {
        id: 'cs1',
        code: LB('ctc-cluster-count'),
        date: '2026-01-10T09:00:00Z',
        quantity: q(0, '{clusters}'),
        method: AM('cellsearch'),
      }),
      observation(PID, { id: 'cs2', code: LB('ctc-cluster-count'), date: DRAW, quantity: q(0, '{clusters}'), method: AM('cellsearch') }),
      observation(PID, { id: 'iset', code: LB('ctc-cluster-present'), date: DRAW, boolean: true, method: AM('iset') }),
    ]);
    expect(f['ctc.cluster.trend']).toBe('unknown');
  });

  it('single-assay series keep their trend', () => {
    const f = facts([
      observation(PID, { id: 'a', code: LB('ctc-cluster-present'), date: '2026-01-10T09:00:00Z', boolean: false, method: AM('iset') }),
      observation(PID, { id: 'b', code: LB('ctc-cluster-present'), date: DRAW, boolean: true, method: AM('iset') }),
    ]);
    expect(f['ctc.cluster.trend']).toBe('appeared');
  });

  it('a reading with no assay joins the one stated assay of its draw (the lab coded the method once)', () => {
    const f = facts([
      observation(PID, { id: 'cs', code: LB('ctc-cluster-count'), date: DRAW, quantity: q(1, '{clusters}'), method: AM('cellsearch') }),
      observation(PID, { id: 'def', code: LB('ctc-cluster-cells'), date: DRAW, quantity: q(2, '{cells}') }),
    ]);
    expect(f).toMatchObject({ 'ctc.cluster.assay': 'cellsearch', 'ctc.cluster.minCells': 2 });
    // Delivered first, the reading without an assay does not make the result's assay unknown.
    const reversed = facts([
      observation(PID, { id: 'p', code: LB('ctc-pdl1-pos-present'), date: DRAW, boolean: true }),
      observation(PID, { id: 'n', code: LB('ctc-pdl1-pos-count'), date: DRAW, quantity: q(2, '{cells}'), method: AM('cellsearch') }),
    ]);
    expect(reversed).toMatchObject({ 'ctc.pdl1.positiveCount': 2, 'ctc.pdl1.detected': true });
    expect((reversed['ctc.pdl1.latest'] as { assay?: string }).assay).toBe('cellsearch');
    const clusters = facts([
      observation(PID, { id: 'def', code: LB('ctc-cluster-cells'), date: DRAW, quantity: q(2, '{cells}') }),
      observation(PID, { id: 'cs', code: LB('ctc-cluster-count'), date: DRAW, quantity: q(1, '{clusters}'), method: AM('cellsearch') }),
    ]);
    expect(clusters).toMatchObject({ 'ctc.cluster.assay': 'cellsearch', 'ctc.cluster.minCells': 2 });
  });

  it('with two stated assays a reading with none is a result of its own, never given either platform', () => {
    const p = picture([
      observation(PID, { id: 'cs', code: LB('ctc-cluster-count'), date: DRAW, quantity: q(0, '{clusters}'), method: AM('cellsearch') }),
      observation(PID, { id: 'iset', code: LB('ctc-cluster-count'), date: DRAW, quantity: q(0, '{clusters}'), method: AM('iset') }),
      observation(PID, { id: 'bare', code: LB('ctc-cluster-present'), date: DRAW, boolean: true }),
    ]);
    expect(p.clusters.map((c) => [c.resource, c.assay, c.present])).toEqual([
      ['Observation/cs', 'cellsearch', false],
      ['Observation/iset', 'other-ctc-platform', false],
      ['Observation/bare', 'unknown', true],
    ]);
  });

  it("PD-L1+ CTCs: a CellSearch 0 and another platform's 3 from one draw are two results; the positive one is latest, with no trend between them", () => {
    const p = picture([
      observation(PID, { id: 'other', code: LB('ctc-pdl1-pos-count'), date: DRAW, quantity: q(3, '{cells}'), method: AM('iset') }),
      observation(PID, { id: 'cs', code: LB('ctc-pdl1-pos-count'), date: DRAW, quantity: q(0, '{cells}'), method: AM('cellsearch') }),
    ]);
    expect(p.pdl1.map((r) => [r.assay, r.positiveCount])).toEqual([
      ['cellsearch', 0],
      ['other-ctc-platform', 3],
    ]);
    const f = facts([
      observation(PID, { id: 'other', code: LB('ctc-pdl1-pos-count'), date: DRAW, quantity: q(3, '{cells}'), method: AM('iset') }),
      observation(PID, { id: 'cs', code: LB('ctc-pdl1-pos-count'), date: DRAW, quantity: q(0, '{cells}'), method: AM('cellsearch') }),
    ]);
    expect(f).toMatchObject({ 'ctc.pdl1.present': true, 'ctc.pdl1.positiveCount': 3, 'ctc.pdl1.trend': 'unknown' });
  });

  it('DTC: immunocytochemistry positive and RT-PCR negative on one aspirate are two results; the positive is latest', () => {
    const marrow = { date: '2026-01-10T09:00:00Z', specimen: 'MAR' as const };
    const p = picture([
      observation(PID, {
        id: 'pcr',
        code: LB('dtc-bm-present'),
        ...marrow,
        concept: { coding: [{ system: SYSTEMS.loinc, code: 'LA6577-6', display: 'Negative' }] },
        method: AM('dtc-rt-pcr'),
      }),
      observation(PID, {
        id: 'icc',
        code: LB('dtc-bm-present'),
        ...marrow,
        concept: { coding: [{ system: SYSTEMS.loinc, code: 'LA6576-8', display: 'Positive' }] },
        method: AM('dtc-icc-a45-b-b3'),
      }),
    ]);
    expect(p.dtc.map((r) => [r.method, r.result])).toEqual([
      ['rt-pcr', 'negative'],
      ['immunocytochemistry', 'positive'],
    ]);
  });
});
