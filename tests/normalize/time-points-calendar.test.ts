import { describe, expect, it } from 'vitest';
import type { MedicationRequest, Procedure, Resource } from 'fhir/r4';
import { ANSWERS, LOCAL, SYSTEMS, chemotherapy, condition, ctcCount, observation, surgery } from '../../scripts/fixtures/fhir-builders.ts';
import { Terminology } from '../../src/normalize/terminology.ts';
import { buildTherapyTimeline, type TherapyContext } from '../../src/normalize/therapy-timeline.ts';
import { TimelineClock } from '../../src/normalize/time-points.ts';
import { parseInstant } from '../../src/normalize/instant.ts';
import { facts, picture, PID, terminology } from './picture-helpers.ts';

const PACLITAXEL = { code: '56946', display: 'paclitaxel' };
const TC = (code: string) => ({ system: LOCAL.therapyClass, code, display: code });
const MASTECTOMY = TC('cancer-surgery');
const LB = (code: string) => ({ system: SYSTEMS.liquidBiopsy, code, display: code });
const cs = (id: string, value: number, date: string) => ctcCount(PID, { id, value, date, assay: 'cellsearch' });
const dtc = (id: string, date: string, positive: boolean) =>
  observation(PID, {
    id,
    code: LB('dtc-bm-present'),
    date,
    specimen: 'MAR',
    concept: { coding: [positive ? ANSWERS.positive : ANSWERS.negative] },
  });
const FOLLOW_UP = 12;

/** The real map plus the site-specific surgery, biopsy and chemoradiotherapy concepts the terminology owner is adding. */
const withProcedures = new Terminology({
  ...terminology.file,
  concepts: {
    ...terminology.file.concepts,
    procedure: {
      ...terminology.file.concepts.procedure,
      ...Object.fromEntries(
        [
          'breast-cancer-surgery',
          'colorectal-cancer-surgery',
          'lung-cancer-surgery',
          'prostate-cancer-surgery',
          'diagnostic-biopsy',
          'chemoradiotherapy',
        ].map((id) => [id, { description: id, codings: [{ system: LOCAL.therapyClass, code: id }] }]),
      ),
    },
  },
});

const timeline = (resources: readonly Resource[], context?: TherapyContext, map: Terminology = withProcedures) =>
  buildTherapyTimeline(
    resources.filter((r): r is MedicationRequest => r.resourceType === 'MedicationRequest'),
    resources.filter((r): r is Procedure => r.resourceType === 'Procedure'),
    map,
    context,
  );

describe('a date without a time covers its calendar day', () => {
  const op = surgery(PID, 's1', MASTECTOMY, '2025-03-10');

  it('a bone-marrow aspirate timed on the surgery day is at primary surgery: DTC at diagnosis, not after therapy', () => {
    const p = picture([op, dtc('d1', '2025-03-10T09:30:00Z', true)]);
    expect(p.dtc.map((r) => r.timePoint)).toEqual(['diagnosis']);
    expect(facts([op, dtc('d1', '2025-03-10T09:30:00Z', true)])['dtc.atDiagnosis.result']).toBe('positive');
  });

  it('a date-only aspirate on the surgery day is at diagnosis too', () => {
    expect(picture([op, dtc('d1', '2025-03-10', true)]).dtc.map((r) => r.timePoint)).toEqual(['diagnosis']);
  });

  it('after neoadjuvant therapy the aspirate at surgery is post-neoadjuvant', () => {
    const chemo = chemotherapy(PID, 'm1', PACLITAXEL, '2024-10-01', '2025-02-01');
    expect(picture([chemo, op, dtc('d1', '2025-03-10T09:30:00Z', true)]).dtc.map((r) => r.timePoint)).toEqual(['post-neoadjuvant']);
  });

  it('a CTC drawn on the surgery day is pre-surgery, or post-neoadjuvant after neoadjuvant therapy; never post-surgery or after therapy', () => {
    expect(picture([op, cs('c1', 1, '2025-03-10T16:00:00Z')]).ctc.map((r) => r.timePoint)).toEqual(['pre-surgery']);
    const chemo = chemotherapy(PID, 'm1', PACLITAXEL, '2024-10-01', '2025-02-01');
    expect(
      picture([chemo, op, cs('c1', 1, '2025-03-10T16:00:00Z'), cs('c2', 0, '2025-03-11T08:00:00Z')]).ctc.map((r) => r.timePoint),
    ).toEqual(['post-neoadjuvant', 'after-therapy']);
  });

  it('a neoadjuvant course still open at surgery ends there: the surgery-day draw is post-neoadjuvant, not during therapy', () => {
    const open = chemotherapy(PID, 'm1', PACLITAXEL, '2024-10-01');
    expect(picture([open, op, cs('c1', 1, '2025-03-10T16:00:00Z')]).ctc.map((r) => r.timePoint)).toEqual(['post-neoadjuvant']);
  });

  it('a positive aspirate at surgery and one after it are not persistence (only one time point after treatment began)', () => {
    const f = facts([op, dtc('d1', '2025-03-10T09:30:00Z', true), dtc('d2', '2025-09-01', true)]);
    expect(f['dtc.persistent']).toBe(false);
    expect(f['dtc.atDiagnosis.result']).toBe('positive');
    // Two positives after the surgery day still are.
    expect(
      facts([op, dtc('d1', '2025-03-10T09:30:00Z', true), dtc('d2', '2025-09-01', true), dtc('d3', '2026-01-10', true)])['dtc.persistent'],
    ).toBe(true);
  });

  it('an aspirate at 23:30-05:00 on the surgery day is at surgery for persistence too, as for its time point', () => {
    const late = dtc('d1', '2025-03-10T23:30:00-05:00', true);
    const f = facts([op, late, dtc('d2', '2025-09-01', true)]);
    expect(f['dtc.atDiagnosis.result']).toBe('positive');
    expect(f['dtc.persistent']).toBe(false);
  });

  it('a therapy that ends on a date covers that day; the day it starts is still before it', () => {
    const chemo = chemotherapy(PID, 'm1', PACLITAXEL, '2025-01-10', '2025-05-01');
    const p = picture([chemo, cs('a', 5, '2025-01-10T08:00:00Z'), cs('b', 3, '2025-05-01T10:00:00Z'), cs('c', 1, '2025-05-02T10:00:00Z')]);
    expect(p.ctc.map((r) => r.timePoint)).toEqual(['baseline', 'during-therapy', 'after-therapy']);
  });

  it('a date-time keeps the calendar date of its own offset; an instant without its text is read on the UTC day', () => {
    const clock = new TimelineClock(timeline([op]));
    // 23:30 in New York on 10 March is 04:30 UTC on 11 March.
    expect(clock.timePoint('2025-03-10T23:30:00-05:00', FOLLOW_UP)).toBe('pre-surgery');
    expect(clock.timePoint(parseInstant('2025-03-10T23:30:00-05:00'), FOLLOW_UP)).toBe('post-surgery');
    // 00:30 in Berlin on 11 March is 23:30 UTC on 10 March: the stated day is after surgery.
    expect(clock.timePoint('2025-03-11T00:30:00+01:00', FOLLOW_UP)).toBe('post-surgery');
    expect(clock.dtcTimePoint('2025-03-10T23:30:00-05:00', FOLLOW_UP)).toBe('diagnosis');
  });

  it('the series place a result by the day its own offset states, as the clock does for its text (not the UTC day of its instant)', () => {
    // 23:30 in New York on the surgery day is 04:30 UTC the next day: still a draw at surgery.
    const late = '2025-03-10T23:30:00-05:00';
    const cluster = observation(PID, { id: 'k', code: LB('ctc-cluster-present'), date: late, boolean: true });
    const p = picture([op, cs('c1', 1, late), cluster, dtc('d1', late, true)]);
    expect(p.ctc.map((r) => r.timePoint)).toEqual(['pre-surgery']);
    expect(p.clusters.map((r) => r.timePoint)).toEqual(['pre-surgery']);
    expect(p.dtc.map((r) => r.timePoint)).toEqual(['diagnosis']);
  });

  it('therapy periods are ordered by instant, not by their text: the first line starts with the earliest dose whatever its offset', () => {
    // 02:00 in Karachi on 10 January is 21:00 UTC on 9 January, two hours before the other start.
    const early = chemotherapy(PID, 'm1', PACLITAXEL, '2025-01-10T02:00:00+05:00', '2025-03-01T10:00:00Z');
    const later = chemotherapy(PID, 'm2', PACLITAXEL, '2025-01-09T23:00:00Z', '2025-02-01T10:00:00Z');
    const t = timeline([later, early]);
    expect(t.firstSystemicStart).toBe('2025-01-10T02:00:00+05:00');
    expect(t.lines).toEqual([{ start: '2025-01-10T02:00:00+05:00', end: '2025-03-01T10:00:00Z' }]);
  });

  it('two date-times on a line start are compared as instants', () => {
    const clock = new TimelineClock(timeline([chemotherapy(PID, 'm1', PACLITAXEL, '2025-01-10T12:00:00Z', '2025-05-01T12:00:00Z')]));
    expect(clock.timePoint('2025-01-10T08:00:00Z', FOLLOW_UP)).toBe('baseline');
    expect(clock.timePoint('2025-01-10T14:00:00Z', FOLLOW_UP)).toBe('during-therapy');
    expect(clock.timePoint('2025-05-01T14:00:00Z', FOLLOW_UP)).toBe('after-therapy');
  });
});

describe('which surgery splits the time points', () => {
  const at = (id: string, concept: string, date: string) => surgery(PID, id, TC(concept), date);

  it('site-specific surgery of the primary counts; another site does not; cancer-surgery (site unstated) does', () => {
    const colorectal = at('s1', 'colorectal-cancer-surgery', '2024-05-01');
    const breast = at('s2', 'breast-cancer-surgery', '2025-03-10');
    expect(timeline([colorectal, breast], { primaryType: 'breast' }).surgeryDate).toBe('2025-03-10');
    expect(timeline([colorectal, at('s3', 'cancer-surgery', '2025-04-01')], { primaryType: 'breast' }).surgeryDate).toBe('2025-04-01');
    expect(timeline([colorectal], { primaryType: 'breast' }).surgeryDate).toBeUndefined();
    expect(timeline([at('s4', 'lung-cancer-surgery', '2025-02-01')], { primaryType: 'nsclc' }).surgeryDate).toBe('2025-02-01');
  });

  it('without a known primary every cancer surgery counts, site-specific or not', () => {
    expect(
      timeline([at('s1', 'colorectal-cancer-surgery', '2024-05-01'), at('s2', 'breast-cancer-surgery', '2025-03-10')]).surgeryDate,
    ).toBe('2024-05-01');
  });

  it('a diagnostic biopsy never counts as surgery', () => {
    expect(timeline([at('b1', 'diagnostic-biopsy', '2025-01-05')], { primaryType: 'breast' }).surgeryDate).toBeUndefined();
    expect(timeline([at('b1', 'diagnostic-biopsy', '2025-01-05')]).surgeryDate).toBeUndefined();
  });

  it('chemoradiotherapy is radiotherapy and chemotherapy in agents, and a systemic period on the timeline', () => {
    const crt: Procedure = {
      ...at('r1', 'chemoradiotherapy', '2025-01-06'),
      performedDateTime: undefined,
      performedPeriod: { start: '2025-01-06', end: '2025-02-14' },
    } as Procedure;
    const t = timeline([crt]);
    expect(t.agents).toEqual(['chemotherapy', 'radiotherapy']);
    expect(t.lines).toEqual([{ start: '2025-01-06', end: '2025-02-14' }]);
    expect(t.systemic[0]).toMatchObject({ kind: 'chemotherapy', source: 'Procedure/r1' });
    const ongoing = timeline([{ ...crt, status: 'in-progress', performedPeriod: { start: '2025-01-06' } } as Procedure]);
    expect(ongoing.lines).toEqual([{ start: '2025-01-06' }]);
    expect(timeline([{ ...at('r2', 'chemoradiotherapy', '2025-01-06'), status: 'in-progress' } as Procedure]).lines).toEqual([
      { start: '2025-01-06' },
    ]);
  });
});

describe('neoadjuvant intent before any surgery is recorded', () => {
  const chemo = chemotherapy(PID, 'm1', PACLITAXEL, '2025-01-10', '2025-05-01');
  const early: TherapyContext = { primaryType: 'breast', metastatic: false };

  it('by sequence: chemotherapy in non-metastatic breast cancer with no surgery yet is neoadjuvant', () => {
    const t = timeline([chemo], early);
    expect(t.neoadjuvant).toEqual({ basis: 'sequence', start: '2025-01-10', end: '2025-05-01' });
    const clock = new TimelineClock(t);
    expect(clock.timePoint('2025-01-05', FOLLOW_UP)).toBe('pre-neoadjuvant');
    expect(clock.timePoint('2025-05-20', FOLLOW_UP)).toBe('post-neoadjuvant');
    expect(clock.dtcTimePoint('2025-05-20', FOLLOW_UP)).toBe('post-neoadjuvant');
    expect(clock.dtcTimePoint('2025-01-05', FOLLOW_UP)).toBe('diagnosis');
    // Without a surgery record the post-neoadjuvant window closes after followUpMonths.
    expect(clock.timePoint('2026-08-01', FOLLOW_UP)).toBe('follow-up');
  });

  it('not by sequence in metastatic disease, in other cancers, or when the cancer is not known', () => {
    for (const context of [
      { primaryType: 'breast', metastatic: true },
      { primaryType: 'nsclc', metastatic: false },
      { primaryType: 'breast' },
      undefined,
    ]) {
      const t = timeline([chemo], context);
      expect(t.neoadjuvant).toBeUndefined();
      expect(new TimelineClock(t).timePoint('2025-01-05', FOLLOW_UP)).toBe('baseline');
    }
  });

  it('an open course has no end yet', () => {
    expect(timeline([chemotherapy(PID, 'm1', PACLITAXEL, '2025-01-10')], early).neoadjuvant).toEqual({
      basis: 'sequence',
      start: '2025-01-10',
    });
  });

  const PROCEDURE_INTENT = 'http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-procedure-intent';
  const TREATMENT_INTENT = 'http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-treatment-intent';
  const intent = (url: string, code: string): MedicationRequest => ({
    ...chemo,
    extension: [{ url, valueCodeableConcept: { coding: [{ system: 'http://snomed.info/sct', code }] } }],
  });

  it('a recorded neoadjuvant intent (mCODE procedure-intent or treatment-intent, or category) needs no surgery and no context', () => {
    for (const med of [
      intent(PROCEDURE_INTENT, '373847000'),
      intent(TREATMENT_INTENT, '373847000'),
      { ...chemo, category: [{ text: 'Neoadjuvant' }] },
      { ...chemo, category: [{ coding: [{ system: 'http://snomed.info/sct', code: '373847000' }] }] },
    ]) {
      const p = picture([med, cs('c0', 1, '2025-01-05')]);
      expect(p.therapy.neoadjuvant).toEqual({ basis: 'recorded-intent', start: '2025-01-10', end: '2025-05-01' });
      expect(p.ctc.map((r) => r.timePoint)).toEqual(['pre-neoadjuvant']);
      expect(facts([med])).toMatchObject({ 'therapy.neoadjuvant': true, 'therapy.neoadjuvantBasis': 'recorded-intent' });
    }
  });

  it('a recorded adjuvant or palliative intent is honoured over the sequence', () => {
    const adjuvant = intent(PROCEDURE_INTENT, '373846009');
    expect(timeline([adjuvant], early).neoadjuvant).toBeUndefined();
    expect(timeline([intent(PROCEDURE_INTENT, '363676003'), surgery(PID, 's1', MASTECTOMY, '2025-06-01')]).neoadjuvant).toBeUndefined();
    expect(facts([adjuvant, surgery(PID, 's1', MASTECTOMY, '2025-06-01')])['therapy.neoadjuvant']).toBe(false);
  });

  it('curative intent says nothing about sequence; unknown codes and other systems are ignored', () => {
    expect(timeline([intent(PROCEDURE_INTENT, '373808002')]).neoadjuvant).toBeUndefined();
    expect(
      timeline([
        {
          ...chemo,
          extension: [{ url: PROCEDURE_INTENT, valueCodeableConcept: { coding: [{ system: 'http://example.org', code: '373847000' }] } }],
        } as MedicationRequest,
      ]).neoadjuvant,
    ).toBeUndefined();
  });
});

describe('therapy.neoadjuvant and therapy.adjuvant compare calendar days', () => {
  it('therapy starting on the surgery day is neither neoadjuvant nor adjuvant', () => {
    const f = facts([chemotherapy(PID, 'm1', PACLITAXEL, '2025-03-10T14:00:00Z'), surgery(PID, 's1', MASTECTOMY, '2025-03-10')]);
    expect(f).toMatchObject({ 'therapy.neoadjuvant': false, 'therapy.adjuvant': false, 'therapy.neoadjuvantBasis': null });
  });

  it('a course before surgery is neoadjuvant by sequence', () => {
    const f = facts([chemotherapy(PID, 'm1', PACLITAXEL, '2025-01-10', '2025-02-01'), surgery(PID, 's1', MASTECTOMY, '2025-03-10')]);
    expect(f).toMatchObject({ 'therapy.neoadjuvant': true, 'therapy.adjuvant': false, 'therapy.neoadjuvantBasis': 'sequence' });
  });
});

describe('medication codes', () => {
  it('a medicationReference to a contained Medication is read like medicationCodeableConcept', () => {
    const ordered = chemotherapy(PID, 'm1', PACLITAXEL, '2025-01-10', '2025-05-01');
    const byReference = {
      ...ordered,
      medicationCodeableConcept: undefined,
      medicationReference: { reference: '#med' },
      contained: [{ resourceType: 'Medication', id: 'med', code: ordered.medicationCodeableConcept }],
    } as MedicationRequest;
    expect(timeline([byReference]).lines).toEqual([{ start: '2025-01-10', end: '2025-05-01' }]);
    expect(timeline([byReference]).agents).toEqual(['chemotherapy']);
    // A reference that names nothing contained is no medication.
    expect(timeline([{ ...byReference, medicationReference: { reference: '#other' } } as MedicationRequest]).agents).toEqual([]);
  });
});

describe('the clinical picture passes the cancer to the timeline', () => {
  const breast = (setting: 'early' | 'metastatic') =>
    condition(PID, 'b1', { system: 'http://snomed.info/sct', code: '254837009', display: 'Malignant neoplasm of breast' }, { setting });
  const chemo = chemotherapy(PID, 'm1', PACLITAXEL, '2025-01-10', '2025-05-01');
  const colectomy = surgery(
    PID,
    's0',
    { system: 'http://snomed.info/sct', code: '43075005', display: 'Partial resection of colon' },
    '2022-03-01',
  );

  it('early breast cancer: chemotherapy with no surgery yet is neoadjuvant, and the CTC before it pre-neoadjuvant', () => {
    const p = picture([breast('early'), chemo, cs('c0', 2, '2025-01-05')]);
    expect(p.ctc.map((r) => r.timePoint)).toEqual(['pre-neoadjuvant']);
    expect(facts([breast('early'), chemo])).toMatchObject({ 'therapy.neoadjuvant': true, 'therapy.neoadjuvantBasis': 'sequence' });
  });

  it('metastatic breast cancer: the same draw is a baseline', () => {
    expect(picture([breast('metastatic'), chemo, cs('c0', 2, '2025-01-05')]).ctc.map((r) => r.timePoint)).toEqual(['baseline']);
  });

  it("another cancer's surgery (a colectomy) does not split the breast cancer's time points", () => {
    const f = facts([breast('early'), colectomy, chemo]);
    expect(f).toMatchObject({ 'therapy.surgeryDate': null, 'therapy.adjuvant': null, 'therapy.neoadjuvant': true });
  });
});
