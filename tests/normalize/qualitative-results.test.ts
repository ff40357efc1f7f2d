import { describe, expect, it } from 'vitest';
import type { CodeableConcept, Observation, Quantity } from 'fhir/r4';
import { SYSTEMS, observation } from '../../scripts/fixtures/fhir-builders.ts';
import { formatFact } from '../../src/facts/fact-catalog.ts';
import { facts, picture, noteCodes, PID } from './picture-helpers.ts';

const LB = (code: string) => ({ system: SYSTEMS.liquidBiopsy, code, display: code });
const AM = (code: string) => ({ system: SYSTEMS.assay, code, display: code });
const q = (value: number, code: string): Quantity => ({ value, system: SYSTEMS.ucum, code, unit: code });
const answer = (system: string, code: string, display: string): CodeableConcept => ({ coding: [{ system, code, display }], text: display });
const POSITIVE = answer(SYSTEMS.loinc, 'LA6576-8', 'Positive');
const NEGATIVE = answer(SYSTEMS.loinc, 'LA6577-6', 'Negative');
const PRESENT = answer(SYSTEMS.snomed, '52101004', 'Present');
const ABSENT = answer(SYSTEMS.snomed, '2667000', 'Absent');
const UNKNOWN = answer(SYSTEMS.snomed, '261665006', 'Unknown');
const DETECTED = answer(SYSTEMS.loinc, 'LA11882-0', 'Detected');
const NOT_DETECTED = answer(SYSTEMS.loinc, 'LA11883-8', 'Not detected');
const SCT_DETECTED = answer(SYSTEMS.snomed, '260373001', 'Detected');
const SCT_NOT_DETECTED = answer(SYSTEMS.snomed, '260415000', 'Not detected');
const DRAW = '2026-02-24T09:30:00Z';

const coded = (id: string, code: string, concept: CodeableConcept, assay = 'iset'): Observation =>
  observation(PID, { id, code: LB(code), date: DRAW, concept, method: AM(assay) });
const unusable = (obs: readonly Observation[]) => facts(obs)['dataQuality.unusableNotes'];

describe('qualitative PD-L1+ CTC results (issue 15 item 7)', () => {
  it.each([
    ['LOINC Positive', true, POSITIVE],
    ['SNOMED Present', true, PRESENT],
    ['LOINC Negative', false, NEGATIVE],
    ['SNOMED Absent', false, ABSENT],
    ['LOINC Detected', true, DETECTED],
    ['SNOMED Detected', true, SCT_DETECTED],
    ['LOINC Not detected', false, NOT_DETECTED],
    ['SNOMED Not detected', false, SCT_NOT_DETECTED],
  ])('ctc-pdl1-pos-present %s is read as detected = %s, with no number and no note', (_, detected, value) => {
    const obs = [coded('q', 'ctc-pdl1-pos-present', value)];
    const p = picture(obs);
    expect(p.pdl1).toHaveLength(1);
    expect(p.pdl1[0]).toMatchObject({ present: detected, qualitative: detected ? 'detected' : 'not detected' });
    expect(facts(obs)).toMatchObject({
      'ctc.pdl1.detected': detected,
      'ctc.pdl1.present': null,
      'ctc.pdl1.positiveCount': null,
      'ctc.pdl1.trend': 'unknown',
    });
    expect(noteCodes(p)).toEqual([]);
  });

  it('SNOMED Unknown is not read as negative: no result, and a note says it was not used', () => {
    const obs = [coded('u', 'ctc-pdl1-pos-present', UNKNOWN)];
    const p = picture(obs);
    expect(p.pdl1).toEqual([]);
    expect(facts(obs)['ctc.pdl1.detected']).toBeNull();
    expect(unusable(obs)).toEqual([expect.stringContaining('Observation/u')]);
  });

  it('a Positive/Negative answer on the count code is read as presence, not dropped as "no numeric value"', () => {
    const pos = [coded('c', 'ctc-pdl1-pos-count', POSITIVE)];
    expect(facts(pos)).toMatchObject({
      'ctc.pdl1.detected': true,
      'ctc.pdl1.positiveCount': null,
      'ctc.pdl1.present': null,
      'dataQuality.unusableCount': 0,
    });
    const neg = [coded('c', 'ctc-pdl1-pos-count', NEGATIVE)];
    expect(facts(neg)).toMatchObject({ 'ctc.pdl1.detected': false, 'dataQuality.unusableCount': 0 });
  });

  it('a Positive answer on the fraction code is presence too, not a missing percentage', () => {
    expect(facts([coded('f', 'ctc-pdl1-pos-fraction', POSITIVE)])).toMatchObject({
      'ctc.pdl1.detected': true,
      'ctc.pdl1.fractionPercent': null,
      'dataQuality.unusableCount': 0,
    });
  });

  it('a count above 0 is detected too, and ctc.pdl1.present stays a numeric fact', () => {
    const f = facts([observation(PID, { id: 'n', code: LB('ctc-pdl1-pos-count'), date: DRAW, quantity: q(2, '{cells}') })]);
    expect(f).toMatchObject({ 'ctc.pdl1.detected': true, 'ctc.pdl1.present': true, 'ctc.pdl1.positiveCount': 2 });
  });

  it('the card line for a qualitative result says what was found, in words', () => {
    const f = facts([coded('q', 'ctc-pdl1-pos-present', PRESENT)]);
    expect(formatFact('ctc.pdl1.latest', f['ctc.pdl1.latest'] ?? null)).toMatch(
      /^PD-L1\+ CTCs detected \(qualitative result\), another CTC platform \(not CellSearch\), 2026-02-24/,
    );
  });
});

describe('qualitative and size results for CTC clusters', () => {
  it('ctc-cluster-present coded SNOMED Present / Absent is read; Unknown is neither', () => {
    expect(facts([coded('p', 'ctc-cluster-present', PRESENT)])['ctc.cluster.present']).toBe(true);
    expect(facts([coded('a', 'ctc-cluster-present', ABSENT)])['ctc.cluster.present']).toBe(false);
    const unknown = [coded('u', 'ctc-cluster-present', UNKNOWN)];
    expect(facts(unknown)['ctc.cluster.present']).toBeNull();
    expect(unusable(unknown)).toEqual([expect.stringContaining('Observation/u')]);
  });

  it('a Positive answer on the cluster count code is presence, not an unusable count', () => {
    const obs = [coded('c', 'ctc-cluster-count', POSITIVE)];
    expect(facts(obs)).toMatchObject({ 'ctc.cluster.present': true, 'ctc.cluster.count': null, 'dataQuality.unusableCount': 0 });
  });

  it('smallest and largest cluster size are observed sizes, not the cluster definition', () => {
    const obs = observation(PID, {
      id: 'panel',
      code: LB('ctc-cluster-count'),
      date: DRAW,
      quantity: q(3, '{clusters}'),
      method: AM('cellsearch'),
      components: [
        { code: { coding: [LB('ctc-cluster-size-min')] }, valueQuantity: q(3, '{cells}') },
        { code: { coding: [LB('ctc-cluster-size-max')] }, valueInteger: 8 },
      ],
    });
    expect(facts([obs])).toMatchObject({
      'ctc.cluster.minSize': 3,
      'ctc.cluster.maxSize': 8,
      'ctc.cluster.minCells': 3,
      'dataQuality.unusableCount': 0,
    });
  });

  it('a cluster size below 2 cells or in an unknown unit is not used, with a note', () => {
    const obs = [
      observation(PID, { id: 'n', code: LB('ctc-cluster-count'), date: DRAW, quantity: q(1, '{clusters}'), method: AM('iset') }),
      observation(PID, { id: 'max', code: LB('ctc-cluster-size-max'), date: DRAW, quantity: q(1, '{cells}'), method: AM('iset') }),
      observation(PID, { id: 'min', code: LB('ctc-cluster-size-min'), date: DRAW, quantity: q(2, 'mL'), method: AM('iset') }),
    ];
    const f = facts(obs);
    expect(f).toMatchObject({ 'ctc.cluster.maxSize': null, 'ctc.cluster.minSize': null, 'dataQuality.unusableCount': 2 });
  });

  it('a negative unitless cluster count is not a count (as for the neutrophil–CTC count): no result, and a note', () => {
    const obs = [observation(PID, { id: 'neg', code: LB('ctc-cluster-count'), date: DRAW, quantity: { value: -1 }, method: AM('iset') })];
    expect(picture(obs).clusters).toEqual([]);
    expect(unusable(obs)).toEqual([expect.stringContaining('Observation/neg')]);
  });

  it('a presence result and a count that contradict it in one draw and assay: the count is left out with a note', () => {
    const p = picture([
      observation(PID, { id: 'n', code: LB('ctc-cluster-count'), date: DRAW, quantity: q(0, '{clusters}'), method: AM('iset') }),
      observation(PID, { id: 'p', code: LB('ctc-cluster-present'), date: DRAW, boolean: true, method: AM('iset') }),
    ]);
    expect(p.clusters).toHaveLength(1);
    expect(p.clusters[0]).toMatchObject({ present: true });
    expect(p.clusters[0]?.count).toBeUndefined();
    expect(noteCodes(p)).toContain('conflicting-results');
  });
});

describe('neutrophil–CTC cluster count', () => {
  it('a count is read, and presence follows from it', () => {
    const n = (value: number) => [
      observation(PID, { id: 'n', code: LB('ctc-neutrophil-cluster-count'), date: DRAW, quantity: q(value, '{clusters}') }),
    ];
    expect(facts(n(2))).toMatchObject({ 'ctc.neutrophilCluster.count': 2, 'ctc.neutrophilCluster.present': true });
    expect(facts(n(0))).toMatchObject({ 'ctc.neutrophilCluster.count': 0, 'ctc.neutrophilCluster.present': false });
  });

  it('a Positive answer on the count code is presence without a count', () => {
    expect(facts([coded('n', 'ctc-neutrophil-cluster-count', POSITIVE)])).toMatchObject({
      'ctc.neutrophilCluster.present': true,
      'ctc.neutrophilCluster.count': null,
    });
  });

  it('a presence result and a count of one draw are one result', () => {
    const p = picture([
      observation(PID, { id: 'p', code: LB('ctc-neutrophil-cluster-present'), date: DRAW, boolean: true }),
      observation(PID, { id: 'n', code: LB('ctc-neutrophil-cluster-count'), date: DRAW, quantity: q(3, '{clusters}') }),
    ]);
    expect(p.neutrophilClusters).toEqual([{ resource: 'Observation/p', date: DRAW, present: true, count: 3 }]);
  });
});

describe('DTC count code with a coded answer', () => {
  it('Positive on dtc-bm-count is the DTC result, not an unusable count', () => {
    const obs = [observation(PID, { id: 'd', code: LB('dtc-bm-count'), date: '2026-01-10T09:00:00Z', concept: POSITIVE, specimen: 'MAR' })];
    expect(facts(obs)).toMatchObject({ 'dtc.latest.result': 'positive', 'dtc.latest.countPer2M': null, 'dataQuality.unusableCount': 0 });
  });
});
