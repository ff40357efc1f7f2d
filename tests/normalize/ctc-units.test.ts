import { describe, expect, it } from 'vitest';
import type { Observation, Quantity } from 'fhir/r4';
import { SYSTEMS, ctcCount, observation } from '../../scripts/fixtures/fhir-builders.ts';
import { ctcCountPer7_5mL, dtcCountPer2M, exactCellSearchCount } from '../../src/normalize/ctc-units.ts';
import { facts, picture, noteCodes, terminology, PID } from './picture-helpers.ts';

const ucum = (value: number, code: string, unit = code, comparator?: Quantity['comparator']): Quantity => ({
  value,
  system: SYSTEMS.ucum,
  code,
  unit,
  ...(comparator ? { comparator } : {}),
});

describe('CTC counts to per 7.5 mL whole blood', () => {
  it.each([
    ['per 7.5 mL, UCUM /(75.10*-1.mL)', ucum(6, '/(75.10*-1.mL)'), 6],
    ['per 7.5 mL with an {annotation}', ucum(6, '{CTC}/(75.10*-1.mL)', 'CTC/7.5 mL'), 6],
    ['per mL', ucum(2, '/mL'), 15],
    ['per mL with {cells}', ucum(2, '{cells}/mL'), 15],
    ['per 2 mL', ucum(4, '/(2.mL)'), 15],
    ['per 2 mL with {CTC}', ucum(4, '{CTC}/(2.mL)'), 15],
    ['unit text only "CTC/7.5 mL"', { value: 7, unit: 'CTC/7.5 mL' }, 7],
    ['count with stated volume "cells in 10 mL"', { value: 4, unit: 'cells in 10 mL' }, 3],
    [
      'annotation-only UCUM code with stated volume',
      { value: 3, system: SYSTEMS.ucum, code: '{CTC}', unit: 'CTC in 7.5 mL whole blood' },
      3,
    ],
  ])('%s', (_name, quantity, expected) => {
    const result = ctcCountPer7_5mL(quantity as Quantity, terminology);
    expect(result).toMatchObject({ ok: true, value: expected });
  });

  it.each([
    ['per 7.5 mL UCUM', ucum(6, '{CTC}/(75.10*-1.mL)'), false],
    ['per 7.5 mL unit text', { value: 7, unit: 'CTC/7.5 mL' }, false],
    ['stated volume of 7.5 mL', { value: 3, unit: 'cells in 7.5 mL' }, false],
    ['per mL', ucum(2, '/mL'), true],
    ['per 2 mL', ucum(4, '{CTC}/(2.mL)'), true],
    ['stated volume of 10 mL', { value: 4, unit: 'cells in 10 mL' }, true],
  ])('%s: volumeConverted is %s', (_name, quantity, converted) => {
    expect(ctcCountPer7_5mL(quantity as Quantity, terminology)).toMatchObject({ ok: true, volumeConverted: converted });
  });

  it('the converted flag reaches the latest and baseline facts; the converted count stays for display', () => {
    const f = facts([
      ctcCount(PID, {
        id: 'c1',
        value: 2,
        date: '2026-01-10',
        unit: { system: SYSTEMS.ucum, code: '/(2.mL)', unit: 'CTC/2 mL' },
        assay: 'cellsearch',
      }),
    ]);
    expect(f['ctc.latest.volumeConverted']).toBe(true);
    expect(f['ctc.latest.countPer7_5mL']).toBe(7.5);
    expect(f['ctc.latest']).toMatchObject({ countPer7_5mL: 7.5, volumeConverted: true });
    expect(facts([ctcCount(PID, { id: 'c1', value: 6, date: '2026-01-10', assay: 'cellsearch' })])['ctc.latest.volumeConverted']).toBe(
      false,
    );
  });

  it.each([
    [2, 7.5, 15],
    [1.87, 7.5, 14],
    [0.4, 7.5, 3],
    [0.13, 7.5, 1],
    [1.9, 7.5, undefined],
    [0.1, 7.5, undefined],
    [4, 1.875, undefined],
  ])('a CellSearch value %s × factor %s is exact only when × 7.5 is whole within rounding: %s', (value, factor, expected) => {
    expect(exactCellSearchCount(value, factor)).toBe(expected);
  });

  it('CellSearch analyses 7.5 mL: a per-mL CellSearch count that converts to a whole number is exact; other platforms, per 2 mL and fractions stay estimates', () => {
    const perMl = (value: number, assay: 'cellsearch' | 'microfluidic', code = '/mL', unit = 'CTC/mL') =>
      facts([ctcCount(PID, { id: 'c1', value, date: '2026-01-10', unit: { system: SYSTEMS.ucum, code, unit }, assay })]);
    const exact = perMl(2, 'cellsearch');
    expect(exact['ctc.latest.exactPer7_5mL']).toBe(true);
    expect(exact['ctc.latest.volumeConverted']).toBe(true);
    expect(exact['ctc.latest.countPer7_5mL']).toBe(15);
    const rounded = perMl(1.87, 'cellsearch');
    expect(rounded['ctc.latest.exactPer7_5mL']).toBe(true);
    expect(rounded['ctc.latest.countPer7_5mL']).toBe(14);
    expect(perMl(1.9, 'cellsearch')['ctc.latest.exactPer7_5mL']).toBe(false);
    expect(perMl(2, 'microfluidic')['ctc.latest.exactPer7_5mL']).toBe(false);
    expect(perMl(2, 'cellsearch', '/(2.mL)', 'CTC/2 mL')['ctc.latest.exactPer7_5mL']).toBe(false);
    expect(facts([ctcCount(PID, { id: 'c1', value: 6, date: '2026-01-10', assay: 'cellsearch' })])['ctc.latest.exactPer7_5mL']).toBe(true);
  });

  it('the UCUM trap /(7.5.mL) (per 35 mL) is unusable, with or without annotation', () => {
    expect(ctcCountPer7_5mL(ucum(6, '/(7.5.mL)'), terminology)).toMatchObject({ ok: false, reason: 'ambiguous-unit' });
    expect(ctcCountPer7_5mL(ucum(6, '{CTC}/(7.5.mL)'), terminology)).toMatchObject({ ok: false, reason: 'ambiguous-unit' });
  });

  it.each([
    ['an unknown UCUM unit', ucum(6, '/L')],
    ['invalid UCUM /[7.5_mL]', ucum(6, '/[7.5_mL]')],
    ['a bare count with no volume', ucum(6, '{CTC}')],
    ['no unit at all', { value: 6 }],
  ])('%s is unusable, never guessed', (_name, quantity) => {
    expect(ctcCountPer7_5mL(quantity as Quantity, terminology)).toMatchObject({ ok: false, reason: 'unknown-unit' });
  });

  it('an unusable unit leaves the count fact null and records a note', () => {
    const p = picture([
      ctcCount(PID, {
        id: 'c1',
        value: 12,
        date: '2026-01-10',
        unit: { system: SYSTEMS.ucum, code: '/(7.5.mL)', unit: 'CTC/7.5mL' },
        assay: 'cellsearch',
      }),
    ]);
    expect(p.ctc).toHaveLength(0);
    expect(noteCodes(p)).toContain('ambiguous-unit');
    expect(
      facts([ctcCount(PID, { id: 'c1', value: 12, date: '2026-01-10', unit: { unit: 'CTC per blood tube' }, assay: 'cellsearch' })])[
        'dataQuality.unusableCount'
      ],
    ).toBe(1);
  });

  it('a "<" value is a bound: the count fact does not claim it, the record keeps it', () => {
    const obs = { ...ctcCount(PID, { id: 'c1', value: 5, date: '2026-01-10', assay: 'cellsearch' }) };
    obs.valueQuantity = { ...obs.valueQuantity, comparator: '<' };
    const f = facts([obs]);
    expect(f['ctc.latest.countPer7_5mL']).toBeNull();
    expect(f['ctc.latest']).toMatchObject({ comparator: '<', countPer7_5mL: 5, definite: false });
    expect(f['dataQuality.unusableNotes']).toEqual([expect.stringContaining('below a bound')]);
  });

  it('a ">" value is a lower bound: greater-or-equal thresholds at the bound hold', () => {
    const obs = ctcCount(PID, { id: 'c1', value: 200, date: '2026-01-10', assay: 'cellsearch' });
    obs.valueQuantity = { ...obs.valueQuantity, comparator: '>' };
    expect(facts([obs])['ctc.latest.countPer7_5mL']).toBe(200);
  });

  it('valueInteger without a unit is not interpreted', () => {
    const obs = observation(PID, {
      id: 'c1',
      code: { system: 'https://ctc-advisor.org/fhir/CodeSystem/liquid-biopsy', code: 'ctc-count', display: 'CTC' },
      date: '2026-01-10',
    });
    const withInteger: Observation = { ...obs, valueInteger: 8 };
    const p = picture([withInteger]);
    expect(p.ctc).toHaveLength(0);
    expect(noteCodes(p)).toContain('unknown-unit');
  });
});

describe('DTC counts per 2×10⁶ cells', () => {
  it('accepts {DTC}/(2.10*6) and converts per 10⁶', () => {
    expect(dtcCountPer2M(ucum(3, '{DTC}/(2.10*6)'), terminology)).toMatchObject({ ok: true, value: 3 });
    expect(dtcCountPer2M(ucum(3, '/10*6'), terminology)).toMatchObject({ ok: true, value: 6 });
    expect(dtcCountPer2M(ucum(3, '/mL'), terminology)).toMatchObject({ ok: false, reason: 'unknown-unit' });
  });
});
