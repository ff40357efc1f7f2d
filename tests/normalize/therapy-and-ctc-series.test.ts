import { describe, expect, it } from 'vitest';
import { LOCAL, SYSTEMS, chemotherapy, ctcCount, medication, surgery } from '../../scripts/fixtures/fhir-builders.ts';
import { facts, picture, PID } from './picture-helpers.ts';

const PACLITAXEL = { code: '56946', display: 'paclitaxel' };
const MASTECTOMY = { system: LOCAL.therapyClass, code: 'cancer-surgery', display: 'Mastectomy' };
const cs = (id: string, value: number, date: string, assay: 'cellsearch' | 'iset' = 'cellsearch') =>
  ctcCount(PID, { id, value, date, assay });

describe('therapy timeline', () => {
  it('neoadjuvant: systemic therapy started before surgery; months since the end', () => {
    const f = facts([chemotherapy(PID, 'm1', PACLITAXEL, '2025-01-10', '2025-05-01'), surgery(PID, 's1', MASTECTOMY, '2025-06-01')]);
    expect(f).toMatchObject({
      'therapy.neoadjuvant': true,
      'therapy.adjuvant': false,
      'therapy.systemicStart': '2025-01-10',
      'therapy.systemicEnd': '2025-05-01',
      'therapy.surgeryDate': '2025-06-01',
      'therapy.monthsSinceSystemicEnd': 9,
    });
  });

  it('adjuvant: systemic therapy started after surgery; ongoing therapy has no end', () => {
    const f = facts([surgery(PID, 's1', MASTECTOMY, '2025-06-01'), chemotherapy(PID, 'm1', PACLITAXEL, '2025-07-01')]);
    expect(f).toMatchObject({
      'therapy.neoadjuvant': false,
      'therapy.adjuvant': true,
      'therapy.systemicEnd': null,
      'therapy.monthsSinceSystemicEnd': null,
    });
  });

  it('without a surgery date neither neoadjuvant nor adjuvant is claimed', () => {
    expect(facts([chemotherapy(PID, 'm1', PACLITAXEL, '2025-07-01')])['therapy.neoadjuvant']).toBeNull();
  });

  it('lists therapy classes from RxNorm and product codes; endocrine does not define the timeline', () => {
    const f = facts([
      medication(PID, 'a', { system: SYSTEMS.rxnorm, code: '1191', display: 'aspirin' }, '2024-01-01'),
      medication(PID, 'z', { system: LOCAL.therapyClass, code: 'bisphosphonate', display: 'zoledronic acid' }, '2024-02-01'),
      medication(PID, 't', { system: SYSTEMS.rxnorm, code: '10324', display: 'tamoxifen' }, '2024-03-01'),
    ]);
    expect(f['therapy.agents']).toEqual(['aspirin', 'bisphosphonate', 'endocrine']);
    expect(f['therapy.systemicStart']).toBeNull();
  });

  it('skips entered-in-error and cancelled medication records', () => {
    const m = { ...chemotherapy(PID, 'm1', PACLITAXEL, '2025-01-10'), status: 'entered-in-error' as const };
    expect(facts([m])['therapy.agents']).toEqual([]);
  });
});

describe('CTC time points and series', () => {
  const chemo = chemotherapy(PID, 'm1', PACLITAXEL, '2025-10-01');

  it('baseline, after first cycle (day 21–35), during therapy', () => {
    const p = picture([chemo, cs('c0', 12, '2025-09-28'), cs('c1', 6, '2025-10-25'), cs('c2', 3, '2025-12-15')]);
    expect(p.ctc.map((r) => r.timePoint)).toEqual(['baseline', 'after-first-cycle', 'during-therapy']);
    const f = facts([chemo, cs('c0', 12, '2025-09-28'), cs('c1', 6, '2025-10-25')]);
    expect(f).toMatchObject({
      'ctc.latest.timePoint': 'after-first-cycle',
      'ctc.latest.daysFromTherapyStart': 24,
      'ctc.latest.weeksFromTherapyStart': 3,
      'ctc.latest.date': '2025-10-25',
      'ctc.baseline.countPer7_5mL': 12,
      'ctc.baseline.assay': 'cellsearch',
      'ctc.previous.countPer7_5mL': 12,
      'ctc.trend': 'falling',
      'ctc.resultCount': 2,
    });
    expect(f['ctc.series']).toHaveLength(2);
  });

  it('neoadjuvant course: pre-neoadjuvant, post-neoadjuvant, after-therapy, follow-up', () => {
    const resources = [
      chemotherapy(PID, 'm1', PACLITAXEL, '2023-01-10', '2023-05-01'),
      surgery(PID, 's1', MASTECTOMY, '2023-06-01'),
      cs('a', 1, '2023-01-05'),
      cs('b', 0, '2023-05-20'),
      cs('c', 0, '2023-09-01'),
      cs('d', 2, '2025-09-01'),
    ];
    expect(picture(resources).ctc.map((r) => r.timePoint)).toEqual(['pre-neoadjuvant', 'post-neoadjuvant', 'after-therapy', 'follow-up']);
  });

  it('surgery only: pre-surgery and post-surgery', () => {
    const p = picture([surgery(PID, 's1', MASTECTOMY, '2025-06-01'), cs('a', 1, '2025-05-20'), cs('b', 0, '2025-07-01')]);
    expect(p.ctc.map((r) => r.timePoint)).toEqual(['pre-surgery', 'post-surgery']);
  });

  it('no therapy on record: time point unknown', () => {
    expect(facts([cs('a', 1, '2025-05-20')])['ctc.latest.timePoint']).toBe('unknown');
  });

  it('a new line after a gap gets its own baseline', () => {
    const resources = [
      chemotherapy(PID, 'm1', PACLITAXEL, '2024-01-01', '2024-04-01'),
      chemotherapy(PID, 'm2', { code: '194000', display: 'capecitabine' }, '2025-10-01'),
      cs('a', 20, '2023-12-20'),
      cs('b', 9, '2025-09-25'),
      cs('c', 14, '2025-11-20'),
    ];
    const f = facts(resources);
    expect(f['ctc.baseline.countPer7_5mL']).toBe(9);
    expect(f['ctc.trend']).toBe('rising');
  });

  it('trend is unknown across different assays and with a single result', () => {
    expect(facts([cs('a', 3, '2025-09-01', 'iset'), cs('b', 9, '2025-10-01')])['ctc.trend']).toBe('unknown');
    expect(facts([cs('a', 3, '2025-09-01')])['ctc.trend']).toBe('unknown');
    expect(facts([])['ctc.trend']).toBeNull();
  });
});
