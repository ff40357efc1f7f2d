import { describe, expect, it } from 'vitest';
import type { Observation } from 'fhir/r4';
import { ANSWERS, SYSTEMS, LOCAL, observation, tumorMarker } from '../../scripts/fixtures/fhir-builders.ts';
import { subtypeOf } from '../../src/normalize/breast.ts';
import { facts, picture, noteCodes, PID } from './picture-helpers.ts';

const L = (code: string, display: string) => ({ system: SYSTEMS.loinc, code, display });
const ER = L('85337-4', 'Estrogen receptor Ag [Presence] in Breast cancer specimen by Immune stain');
const PR = L('85339-0', 'Progesterone receptor Ag [Presence] in Breast cancer specimen by Immune stain');
const HER2_IHC = L('85319-2', 'HER2 [Presence] in Breast cancer specimen by Immune stain');
const HER2_ISH = L('85318-4', 'ERBB2 gene duplication [Presence] in Breast cancer specimen by FISH');
const KI67 = L('85330-9', 'Cells.Ki-67 nuclear Ag/cells in Breast cancer specimen by Immune stain');
const D = '2025-06-01';

const er = (a: { system: string; code: string; display: string }) => tumorMarker(PID, 'er', ER, D, { answer: a });
const pr = (a: { system: string; code: string; display: string }) => tumorMarker(PID, 'pr', PR, D, { answer: a });
const her2 = (a: { system: string; code: string; display: string }) => tumorMarker(PID, 'her2', HER2_IHC, D, { answer: a });
const ki67 = (percent: number) => tumorMarker(PID, 'ki67', KI67, D, { percent });

describe('breast receptor status and subtype (mCODE TumorMarkerTest inputs)', () => {
  it('ER+ PR+ HER2 1+ Ki-67 30% is luminal B', () => {
    const f = facts([er(ANSWERS.positive), pr(ANSWERS.positive), her2(ANSWERS.her2Ihc1), ki67(30)]);
    expect(f).toMatchObject({
      'breast.er': 'positive',
      'breast.pr': 'positive',
      'breast.her2': 'negative',
      'breast.ki67Percent': 30,
      'breast.subtype': 'luminal-b',
    });
  });

  it('ER+ PR− HER2 0 Ki-67 10% is luminal A (ER and/or PR)', () => {
    expect(facts([er(ANSWERS.positive), pr(ANSWERS.negative), her2(ANSWERS.her2Ihc0), ki67(10)])['breast.subtype']).toBe('luminal-a');
  });

  it('Ki-67 exactly at the configured 20% cut point counts as high', () => {
    expect(facts([er(ANSWERS.positive), pr(ANSWERS.positive), her2(ANSWERS.her2Ihc0), ki67(20)])['breast.subtype']).toBe('luminal-b');
  });

  it('ER− PR− HER2 3+ is HER2-enriched', () => {
    expect(facts([er(ANSWERS.negative), pr(ANSWERS.negative), her2(ANSWERS.her2Ihc3)])['breast.subtype']).toBe('her2-enriched');
  });

  it('ER+ HER2 3+ is luminal-HER2', () => {
    expect(facts([er(ANSWERS.positive), pr(ANSWERS.negative), her2(ANSWERS.her2Ihc3)])['breast.subtype']).toBe('luminal-her2');
  });

  it('ER− PR− HER2 0 is triple-negative', () => {
    const f = facts([er(ANSWERS.negative), pr(ANSWERS.negative), her2(ANSWERS.her2Ihc0)]);
    expect(f['breast.subtype']).toBe('triple-negative');
  });

  it('ER− PR− HER2− with CK5/6 positive is basal-like', () => {
    const ck = observation(PID, {
      id: 'ck',
      code: { system: LOCAL.tumorMarker, code: 'ck5-6', display: 'CK5/6' },
      date: D,
      concept: { coding: [ANSWERS.positive] },
    });
    expect(facts([er(ANSWERS.negative), pr(ANSWERS.negative), her2(ANSWERS.her2Ihc1), ck])['breast.subtype']).toBe('basal-like');
  });

  it('unknown HER2 leaves the subtype unknown rather than guessed', () => {
    const f = facts([er(ANSWERS.negative), pr(ANSWERS.negative), ki67(40)]);
    expect(f['breast.her2']).toBe('unknown');
    expect(f['breast.subtype']).toBe('unknown');
  });

  it('HER2 IHC 2+ without ISH is equivocal and the subtype unknown; ISH amplified makes it positive', () => {
    expect(facts([er(ANSWERS.negative), pr(ANSWERS.negative), her2(ANSWERS.her2Ihc2)])).toMatchObject({
      'breast.her2': 'equivocal',
      'breast.subtype': 'unknown',
    });
    const ish = tumorMarker(PID, 'ish', HER2_ISH, D, { answer: ANSWERS.positive });
    expect(facts([er(ANSWERS.negative), pr(ANSWERS.negative), her2(ANSWERS.her2Ihc2), ish])).toMatchObject({
      'breast.her2': 'positive',
      'breast.subtype': 'her2-enriched',
    });
  });

  it('HR+ HER2− without Ki-67 cannot tell luminal A from B', () => {
    expect(facts([er(ANSWERS.positive), pr(ANSWERS.positive), her2(ANSWERS.her2Ihc0)])['breast.subtype']).toBe('unknown');
  });

  it('ER percentage alone is read with the configured 1% threshold', () => {
    const pct = (id: string, value: number): Observation =>
      tumorMarker(PID, id, L('85329-1', 'Cells.estrogen receptor/100 cells'), D, { percent: value });
    expect(facts([pct('erp', 0)])['breast.er']).toBe('negative');
    expect(facts([pct('erp', 5)])['breast.er']).toBe('positive');
  });

  it('reads a receptor panel sent as components of one Observation', () => {
    const panel = observation(PID, {
      id: 'panel',
      code: { system: 'http://acme-hospital.example/lab', code: 'BR-PANEL', display: 'Breast receptor panel' },
      date: D,
      components: [
        { code: { coding: [ER] }, valueCodeableConcept: { coding: [ANSWERS.negative] } },
        { code: { coding: [PR] }, valueCodeableConcept: { coding: [ANSWERS.negative] } },
        { code: { coding: [HER2_IHC] }, valueCodeableConcept: { coding: [ANSWERS.her2Ihc0] } },
      ],
    });
    expect(facts([panel])['breast.subtype']).toBe('triple-negative');
  });

  it('no receptor results: the breast facts are null, not "unknown"', () => {
    const f = facts([]);
    expect(f['breast.er']).toBeNull();
    expect(f['breast.subtype']).toBeNull();
  });

  it('matches on code, never display: a right code with a wrong display still counts, text-only answers do not', () => {
    const wrongDisplay = tumorMarker(PID, 'er', { ...ER, display: 'Ki-67' }, D, { answer: ANSWERS.positive });
    expect(facts([wrongDisplay])['breast.er']).toBe('positive');
    const textOnly = { ...observation(PID, { id: 'er2', code: ER, date: D }), valueCodeableConcept: { text: 'positive' } };
    const p = picture([textOnly]);
    expect(p.breast.er).toBe('unknown');
    expect(noteCodes(p)).toContain('unknown-code');
  });

  it('the latest result of a marker wins', () => {
    const old = tumorMarker(PID, 'er-old', ER, '2024-01-01', { answer: ANSWERS.negative });
    expect(facts([old, er(ANSWERS.positive)])['breast.er']).toBe('positive');
  });
});

describe('subtypeOf', () => {
  it('explains its inputs', () => {
    expect(subtypeOf('positive', 'unknown', 'negative', 35, 'unknown', 'unknown', 20).basis).toContain('Ki-67 35%');
  });
  it('ER− with PR unknown is unknown (hormone-receptor status incomplete)', () => {
    expect(subtypeOf('negative', 'unknown', 'negative', undefined, 'unknown', 'unknown', 20).subtype).toBe('unknown');
  });
});
