import { describe, expect, it } from 'vitest';
import type { Observation } from 'fhir/r4';
import { ctcCount } from '../../scripts/fixtures/fhir-builders.ts';
import { facts, picture, noteCodes, PID } from './picture-helpers.ts';

const ctc = (id: string, over: Partial<Observation> = {}): Observation => ({
  ...ctcCount(PID, { id, value: 7, date: '2026-01-10', assay: 'cellsearch' }),
  ...over,
});

describe('Observation hygiene', () => {
  it.each(['final', 'amended', 'corrected'] as const)('uses status %s', (status) => {
    const p = picture([ctc('c1', { status })]);
    expect(p.ctc).toHaveLength(1);
    expect(p.ctc[0]?.preliminary).toBe(false);
  });

  it('keeps preliminary but marks it', () => {
    const p = picture([ctc('c1', { status: 'preliminary' })]);
    expect(p.ctc[0]?.preliminary).toBe(true);
    expect(noteCodes(p)).toContain('preliminary');
  });

  it.each([
    ['entered-in-error', 'entered-in-error'],
    ['cancelled', 'not-a-result'],
    ['registered', 'not-a-result'],
    ['unknown', 'not-a-result'],
  ] as const)('ignores status %s with a note', (status, code) => {
    const p = picture([ctc('c1', { status })]);
    expect(p.ctc).toHaveLength(0);
    expect(noteCodes(p)).toContain(code);
  });

  it('respects dataAbsentReason: no value, never zero', () => {
    const obs = ctc('c1', {
      dataAbsentReason: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/data-absent-reason', code: 'error' }] },
    });
    delete obs.valueQuantity;
    const p = picture([obs]);
    expect(p.ctc).toHaveLength(0);
    expect(p.notes.find((n) => n.code === 'data-absent')?.message).toContain('error');
  });

  it('uses effective[x] as the clinical time; effectivePeriod.start counts', () => {
    const obs = ctc('c1');
    delete obs.effectiveDateTime;
    obs.effectivePeriod = { start: '2026-01-05T08:00:00Z', end: '2026-01-05T09:00:00Z' };
    expect(picture([obs]).ctc[0]?.date).toBe('2026-01-05T08:00:00Z');
  });

  it('falls back to issued and says so', () => {
    const obs = ctc('c1');
    delete obs.effectiveDateTime;
    const p = picture([obs]);
    expect(p.ctc[0]?.date).toBe(obs.issued);
    expect(noteCodes(p)).toContain('issued-used-as-time');
  });

  it('drops a result with neither effective nor issued time', () => {
    const obs = ctc('c1');
    delete obs.effectiveDateTime;
    delete obs.issued;
    const p = picture([obs]);
    expect(p.ctc).toHaveLength(0);
    expect(noteCodes(p)).toContain('no-clinical-time');
  });

  it('drops a result dated after the evaluation time', () => {
    const p = picture([ctc('c1', { effectiveDateTime: '2027-01-01' })]);
    expect(noteCodes(p)).toContain('future-date');
  });

  it('reads the assay from method, and from a contained Device when method is absent', () => {
    expect(picture([ctc('c1')]).ctc[0]?.assay).toBe('cellsearch');
    const viaDevice = ctc('c2', {
      contained: [
        {
          resourceType: 'Device',
          id: 'dev',
          type: { coding: [{ system: 'https://ctc-advisor.org/fhir/CodeSystem/assay-method', code: 'iset' }] },
        },
      ],
      device: { reference: '#dev' },
    });
    delete viaDevice.method;
    expect(picture([viaDevice]).ctc[0]?.assay).toBe('other-ctc-platform');
    const none = ctc('c3');
    delete none.method;
    const p = picture([none]);
    expect(p.ctc[0]?.assay).toBe('unknown');
    expect(noteCodes(p)).toContain('missing-assay');
  });

  it('reads the specimen from a contained or a delivered Specimen', () => {
    const contained = ctc('c1', {
      contained: [
        { resourceType: 'Specimen', id: 's', type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0487', code: 'MAR' }] } },
      ],
      specimen: { reference: '#s' },
    });
    expect(facts([contained])['ctc.latest.specimen']).toBe('bone-marrow');
    const external = ctc('c2', { specimen: { reference: 'Specimen/blood-1' } });
    const specimen = {
      resourceType: 'Specimen' as const,
      id: 'blood-1',
      type: { coding: [{ system: 'http://snomed.info/sct', code: '119297000' }] },
      subject: { reference: `Patient/${PID}` },
    };
    expect(facts([external, specimen])['ctc.latest.specimen']).toBe('blood');
  });

  it('deduplicates the same resource delivered twice, keeping the newer version', () => {
    const v1 = ctc('c1', { meta: { versionId: '1' } });
    const v2 = ctc('c1', { meta: { versionId: '2' }, status: 'amended', valueQuantity: { ...v1.valueQuantity, value: 9 } });
    const p = picture([v1, v2, v1]);
    expect(p.ctc).toHaveLength(1);
    expect(p.ctc[0]?.countPer7_5mL).toBe(9);
    expect(noteCodes(p)).toContain('duplicate');
  });

  it('deduplicates one result resent under a new id with the same identifier', () => {
    const identifier = [{ system: 'urn:oid:1.2.3.4', value: 'LAB-778' }];
    const p = picture([ctc('c1', { identifier }), ctc('c1-resent', { identifier })]);
    expect(p.ctc).toHaveLength(1);
  });

  it('ignores resources about another patient', () => {
    expect(picture([ctc('c1', { subject: { reference: 'Patient/other' } })]).ctc).toHaveLength(0);
  });

  it('leaves no note for Observations it does not know', () => {
    const vitals = ctc('bp', { status: 'entered-in-error', code: { coding: [{ system: 'http://loinc.org', code: '8480-6' }] } });
    expect(picture([vitals]).notes).toEqual([]);
  });
});
