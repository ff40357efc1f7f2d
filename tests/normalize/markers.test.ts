import { describe, expect, it } from 'vitest';
import type { Observation, Quantity } from 'fhir/r4';
import { ANSWERS, SYSTEMS, chemotherapy, observation, surgery, tumorMarker, LOCAL } from '../../scripts/fixtures/fhir-builders.ts';
import { facts, picture, noteCodes, PID } from './picture-helpers.ts';

const LB = (code: string) => ({ system: SYSTEMS.liquidBiopsy, code, display: code });
const AM = (code: string) => ({ system: SYSTEMS.assay, code, display: code });
const q = (value: number, code: string): Quantity => ({ value, system: SYSTEMS.ucum, code, unit: code });

describe('CTC clusters', () => {
  it('reads a CTC panel with cluster components; CellSearch defines clusters as ≥3 cells', () => {
    const panel = observation(PID, {
      id: 'panel',
      code: LB('ctc-count'),
      date: '2026-01-10',
      method: AM('cellsearch'),
      components: [
        { code: { coding: [LB('ctc-cluster-count')] }, valueQuantity: q(2, '{clusters}') },
        { code: { coding: [LB('ctc-cluster-present')] }, valueCodeableConcept: { coding: [ANSWERS.positive] } },
      ],
    });
    const f = facts([panel]);
    expect(f).toMatchObject({
      'ctc.cluster.present': true,
      'ctc.cluster.count': 2,
      'ctc.cluster.minCells': 3,
      'ctc.cluster.assay': 'cellsearch',
      'ctc.cluster.countPer2mL': null,
    });
  });

  it('per 2 mL clusters (pancreatic design) and a lab-stated 2-cell definition', () => {
    const obs = observation(PID, {
      id: 'cl',
      code: LB('ctc-cluster-count'),
      date: '2026-01-10',
      quantity: q(1, '/(2.mL)'),
      method: AM('microfluidic'),
      components: [{ code: { coding: [LB('ctc-cluster-cells')] }, valueQuantity: q(2, '{cells}') }],
    });
    expect(facts([obs])).toMatchObject({
      'ctc.cluster.countPer2mL': 1,
      'ctc.cluster.minCells': 2,
      'ctc.cluster.assay': 'other-ctc-platform',
    });
  });

  it('a CellSearch "cluster" of 2 cells is below CellSearch\'s ≥3-cell definition: not present, no count, no per-2-mL count, no trend (issue 16)', () => {
    const before = observation(PID, {
      id: 'cl0',
      code: LB('ctc-cluster-present'),
      date: '2025-10-01',
      boolean: false,
      method: AM('cellsearch'),
    });
    const obs = observation(PID, {
      id: 'cl',
      code: LB('ctc-cluster-count'),
      date: '2026-01-10',
      quantity: q(31, '/(2.mL)'),
      method: AM('cellsearch'),
      components: [{ code: { coding: [LB('ctc-cluster-cells')] }, valueQuantity: q(2, '{cells}') }],
    });
    const f = facts([before, obs]);
    expect(f).toMatchObject({
      'ctc.cluster.belowDefinition': true,
      'ctc.cluster.present': null,
      'ctc.cluster.count': null,
      'ctc.cluster.countPer2mL': null,
      'ctc.cluster.minCells': 2,
      'ctc.cluster.assay': 'cellsearch',
      'ctc.cluster.trend': 'unknown',
    });
    // The same count on CellSearch's own definition (no stated definition: ≥3 cells) is a cluster finding.
    const own = observation(PID, {
      id: 'cl',
      code: LB('ctc-cluster-count'),
      date: '2026-01-10',
      quantity: q(31, '/(2.mL)'),
      method: AM('cellsearch'),
    });
    expect(facts([own])).toMatchObject({
      'ctc.cluster.belowDefinition': false,
      'ctc.cluster.present': true,
      'ctc.cluster.countPer2mL': 31,
      'ctc.cluster.minCells': 3,
    });
    // Another platform's 2-cell definition is its own, not below it.
    const chip = observation(PID, {
      id: 'cl',
      code: LB('ctc-cluster-count'),
      date: '2026-01-10',
      quantity: q(2, '/(2.mL)'),
      method: AM('microfluidic'),
      components: [{ code: { coding: [LB('ctc-cluster-cells')] }, valueQuantity: q(2, '{cells}') }],
    });
    expect(facts([chip])).toMatchObject({
      'ctc.cluster.belowDefinition': false,
      'ctc.cluster.present': true,
      'ctc.cluster.countPer2mL': 2,
    });
  });

  it('trend: appeared when none were found before', () => {
    const a = observation(PID, { id: 'a', code: LB('ctc-cluster-present'), date: '2025-10-01', boolean: false });
    const b = observation(PID, { id: 'b', code: LB('ctc-cluster-present'), date: '2026-01-10', boolean: true });
    expect(facts([a, b])['ctc.cluster.trend']).toBe('appeared');
  });

  it('an unknown cluster unit is unusable with a note', () => {
    const p = picture([observation(PID, { id: 'cl', code: LB('ctc-cluster-count'), date: '2026-01-10', quantity: q(1, '/L') })]);
    expect(p.clusters).toHaveLength(0);
    expect(noteCodes(p)).toContain('unknown-unit');
  });

  it('neutrophil–CTC clusters from a coded presence result', () => {
    const obs = observation(PID, {
      id: 'n',
      code: LB('ctc-neutrophil-cluster-present'),
      date: '2026-01-10',
      concept: { coding: [ANSWERS.positive] },
    });
    expect(facts([obs])['ctc.neutrophilCluster.present']).toBe(true);
    expect(facts([])['ctc.neutrophilCluster.present']).toBeNull();
  });
});

describe('PD-L1+ CTCs', () => {
  it('count and fraction from one draw, and the trend over two draws', () => {
    const draw = (id: string, date: string, count: number, pct: number) => [
      observation(PID, { id: `${id}-n`, code: LB('ctc-pdl1-pos-count'), date, quantity: q(count, '{CTC}') }),
      observation(PID, { id: `${id}-f`, code: LB('ctc-pdl1-pos-fraction'), date, quantity: q(pct, '%') }),
    ];
    const f = facts([...draw('a', '2025-10-01', 1, 10), ...draw('b', '2026-01-10', 4, 40)]);
    expect(f).toMatchObject({
      'ctc.pdl1.present': true,
      'ctc.pdl1.positiveCount': 4,
      'ctc.pdl1.fractionPercent': 40,
      'ctc.pdl1.trend': 'rising',
    });
  });

  it('a fraction not in % is refused', () => {
    const p = picture([observation(PID, { id: 'f', code: LB('ctc-pdl1-pos-fraction'), date: '2026-01-10', quantity: q(0.4, '1') })]);
    expect(p.pdl1).toHaveLength(0);
    expect(noteCodes(p)).toContain('unknown-unit');
  });
});

describe('bone-marrow DTCs', () => {
  const chemo = chemotherapy(PID, 'm1', { code: '56946', display: 'paclitaxel' }, '2023-01-10', '2023-05-01');
  const op = surgery(PID, 's1', { system: LOCAL.therapyClass, code: 'cancer-surgery', display: 'mastectomy' }, '2023-06-01');
  const dtc = (id: string, date: string, positive: boolean, count?: number) =>
    observation(PID, {
      id,
      code: LB('dtc-bm-present'),
      date,
      specimen: 'MAR',
      method: AM('dtc-icc-a45-b-b3'),
      concept: { coding: [positive ? ANSWERS.positive : ANSWERS.negative] },
      ...(count !== undefined
        ? { components: [{ code: { coding: [LB('dtc-bm-count')] }, valueQuantity: q(count, '{DTC}/(2.10*6)') }] }
        : {}),
    });

  it('at diagnosis, persistence after therapy, months after therapy end', () => {
    const f = facts([chemo, op, dtc('d0', '2023-01-05', true, 4), dtc('d1', '2023-11-01', true, 2), dtc('d2', '2025-06-01', true, 1)]);
    expect(f).toMatchObject({
      'dtc.resultCount': 3,
      'dtc.atDiagnosis.result': 'positive',
      'dtc.latest.result': 'positive',
      'dtc.latest.countPer2M': 1,
      'dtc.latest.method': 'immunocytochemistry',
      'dtc.latest.timePoint': 'follow-up',
      'dtc.latest.monthsAfterTherapyEnd': 25,
      'dtc.persistent': true,
      'dtc.persistentMonthsAfterTherapyEnd': 25,
    });
  });

  it('one positive after therapy is not persistence; post-neoadjuvant at surgery', () => {
    const f = facts([chemo, op, dtc('d0', '2023-01-05', true), dtc('d1', '2023-06-01', true), dtc('d2', '2024-01-01', false)]);
    expect(f['dtc.persistent']).toBe(false);
    expect(picture([chemo, op, dtc('d1', '2023-06-01', true)]).dtc[0]?.timePoint).toBe('post-neoadjuvant');
  });

  it('DTC phenotype and discordance with the primary tumour', () => {
    const erPrimary = tumorMarker(PID, 'er', { system: SYSTEMS.loinc, code: '85337-4', display: 'ER' }, '2023-01-03', {
      answer: ANSWERS.positive,
    });
    const dtcEr = observation(PID, {
      id: 'de',
      code: LB('dtc-er-status'),
      date: '2023-11-01',
      specimen: 'MAR',
      concept: { coding: [ANSWERS.negative] },
    });
    const f = facts([erPrimary, dtcEr]);
    expect(f).toMatchObject({ 'dtc.er': 'negative', 'dtc.her2': null, 'dtc.receptorDiscordance': ['er'] });
  });

  it('a DTC code on a blood specimen is refused', () => {
    const p = picture([observation(PID, { id: 'x', code: LB('dtc-bm-present'), date: '2025-01-01', specimen: 'BLD', boolean: true })]);
    expect(p.dtc).toHaveLength(0);
    expect(noteCodes(p)).toContain('conflicting-results');
  });

  it.each([
    ['v2-0487 BLDV (blood venous)', SYSTEMS.v20487, 'BLDV'],
    ['SNOMED 122555007 (venous blood specimen)', SYSTEMS.snomed, '122555007'],
  ])('a DTC code on a %s specimen is refused as on whole blood', (_, system, code) => {
    const venous: Observation = {
      ...observation(PID, { id: 'x', code: LB('dtc-bm-present'), date: '2025-01-01', boolean: true }),
      contained: [{ resourceType: 'Specimen', id: 'v', type: { coding: [{ system, code }] } }],
      specimen: { reference: '#v' },
    };
    const p = picture([venous]);
    expect(p.dtc).toHaveLength(0);
    expect(noteCodes(p)).toContain('conflicting-results');
  });
});

describe('labs', () => {
  const L = (code: string) => ({ system: SYSTEMS.loinc, code, display: code });
  it('NLR only from same-day absolute counts', () => {
    const n = observation(PID, { id: 'n', code: L('751-8'), date: '2026-01-10T08:00:00Z', quantity: q(6, '10*3/uL') });
    const l = observation(PID, { id: 'l', code: L('731-0'), date: '2026-01-10T08:00:00Z', quantity: q(1500, '/uL') });
    const lOther = observation(PID, { id: 'l2', code: L('731-0'), date: '2026-01-08', quantity: q(1.5, '10*9/L') });
    expect(facts([n, l])['lab.nlr']).toBe(4);
    expect(facts([n, lOther])['lab.nlr']).toBeNull();
  });

  it('PSA series with a ±10% stable band; an undetectable "<" PSA is not a value', () => {
    const psa = (id: string, date: string, value: number) => observation(PID, { id, code: L('2857-1'), date, quantity: q(value, 'ng/mL') });
    expect(facts([psa('a', '2025-10-01', 4), psa('b', '2026-01-01', 6)])).toMatchObject({ 'lab.psa.latest': 6, 'lab.psa.trend': 'rising' });
    expect(facts([psa('a', '2025-10-01', 4), psa('b', '2026-01-01', 4.2)])['lab.psa.trend']).toBe('stable');
    const low = psa('c', '2026-02-01', 0.1);
    low.valueQuantity = { ...low.valueQuantity, comparator: '<' };
    const p = picture([low]);
    expect(p.labs.psa).toHaveLength(0);
    expect(noteCodes(p)).toContain('censored-value');
  });
});
