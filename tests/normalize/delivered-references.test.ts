import { describe, expect, it } from 'vitest';
import type { Observation, Resource } from 'fhir/r4';
import { ctcCount, SYSTEMS } from '../../scripts/fixtures/fhir-builders.ts';
import { picture, PID } from './picture-helpers.ts';

const specimen = (resourceType: string, id: string, code: 'BLD' | 'MAR'): Resource =>
  ({ resourceType, id, type: { coding: [{ system: SYSTEMS.v20487, code }] } }) as unknown as Resource;
const ctcWith = (reference: string): Observation => ({
  ...ctcCount(PID, { id: 'c1', value: 6, date: '2025-05-01T09:00:00Z', assay: 'cellsearch' }),
  specimen: { reference },
});
const specimenOf = (resources: readonly Resource[]) => picture(resources).ctc.map((r) => r.specimen);

/** An Observation's specimen (or device) may be a resource delivered alongside it, named relatively or by absolute URL. */
describe('references to delivered resources', () => {
  it('resolves a relative and an absolute reference, and leaves an unknown one unresolved', () => {
    const blood = specimen('Specimen', 's1', 'BLD');
    expect(specimenOf([ctcWith('Specimen/s1'), blood])).toEqual(['blood']);
    expect(specimenOf([ctcWith('https://ehr.example/fhir/Specimen/s1'), blood])).toEqual(['blood']);
    expect(specimenOf([ctcWith('Specimen/s2'), blood])).toEqual(['unknown']);
    expect(specimenOf([ctcWith('https://ehr.example/fhir/XSpecimen/s1'), blood])).toEqual(['unknown']);
  });

  it('when several delivered resources fit the reference, the first delivered wins, exact or by URL suffix', () => {
    const suffix = specimen('Specimen', 's1', 'MAR');
    const exact = specimen('Specimen', 'a/Specimen/s1', 'BLD');
    expect(specimenOf([ctcWith('Specimen/a/Specimen/s1'), suffix, exact])).toEqual(['bone-marrow']);
    expect(specimenOf([ctcWith('Specimen/a/Specimen/s1'), exact, suffix])).toEqual(['blood']);
  });
});
