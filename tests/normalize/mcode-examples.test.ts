import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Bundle, Condition, Resource } from 'fhir/r4';
import { PROJECT_ROOT } from '../../src/config/config.ts';
import { buildClinicalPicture, type ClinicalPicture } from '../../src/normalize/clinical-picture.ts';
import { computeFacts } from '../../src/facts/fact-catalog.ts';
import { AT, terminology } from './picture-helpers.ts';

/**
 * Issue 15: mCODE resources written by another project (shared/reference/mcode/examples, MITRE's
 * extraction framework test fixtures) are read into the clinical picture. Staging, primary vs
 * secondary and treatment come out as each example says; older or placeholder forms give notes, not crashes.
 * CI has shared/ beside the clone; a missing folder fails here rather than skipping.
 */
const EXAMPLES = path.resolve(PROJECT_ROOT, '../shared/reference/mcode/examples');
const read = (file: string): unknown => JSON.parse(readFileSync(path.join(EXAMPLES, file), 'utf8'));
const resourcesOf = (json: unknown): Resource[] => {
  const r = json as Resource;
  return r.resourceType === 'Bundle' ? ((r as Bundle).entry ?? []).flatMap((e) => (e.resource ? [e.resource] : [])) : [r];
};
/** The examples name their patient `urn:uuid:…` (or not at all): read them without a patient filter. */
const pictureOf = (resources: readonly Resource[]): ClinicalPicture => buildClinicalPicture({ resources, at: AT }, terminology);

/** A breast primary of our own, for examples whose `focus` names a Condition outside the example. */
const BREAST: Condition = {
  resourceType: 'Condition',
  id: 'example-primary',
  code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'C50.911' }] },
  subject: { reference: 'urn:uuid:mrn-1' },
};

describe('mCODE example resources from another project', () => {
  it('the folder holds the 37 examples', () => {
    expect(readdirSync(EXAMPLES).filter((f) => f.endsWith('.json'))).toHaveLength(37);
  });

  it.each(readdirSync(EXAMPLES).filter((f) => f.endsWith('.json')))('%s is read without error', (file) => {
    const p = pictureOf(resourcesOf(read(file)));
    expect(() => computeFacts(p)).not.toThrow();
  });

  it('the STU2 staging bundle (cT3, cN3, cM0, stage group 3C) is locally advanced, with M0 kept', () => {
    const p = pictureOf([BREAST, ...resourcesOf(read('test__extractors__fixtures__csv-staging-bundle.json'))]);
    expect(p.cancer.setting).toBe('locally-advanced');
    const [breast] = p.cancer.primaries;
    expect(breast?.stages.map((s) => [s.code, s.stage]).sort()).toEqual([
      ['3C', 'locally-advanced'],
      ['cM0', 'non-metastatic'],
    ]);
  });

  it.each([
    ['test__templates__fixtures__maximal-staging-resource.json', 'locally-advanced'],
    ['test__templates__fixtures__minimal-staging-clinical-resource.json', 'locally-advanced'],
    ['test__templates__fixtures__minimal-staging-pathologic-resource.json', 'locally-advanced'],
    ['test__templates__fixtures__metastases-category-clinical-resource.json', 'unknown'],
    ['test__templates__fixtures__metastases-category-pathologic-resource.json', 'unknown'],
  ])('%s gives the setting %s', (file, setting) => {
    expect(pictureOf([BREAST, ...resourcesOf(read(file))]).cancer.setting).toBe(setting);
  });

  it('T and N categories alone say nothing about the setting', () => {
    const files = [
      'test__templates__fixtures__tumor-category-clinical-resource.json',
      'test__templates__fixtures__nodes-category-pathologic-resource.json',
    ];
    expect(pictureOf([BREAST, ...files.flatMap((f) => resourcesOf(read(f)))]).cancer.setting).toBe('unknown');
  });

  it('a primary cancer Condition in the older (DSTU2) form is breast cancer, with a note on its form', () => {
    const p = pictureOf(resourcesOf(read('test__helpers__fixtures__primary-cancer-condition.json')));
    expect(p.cancer.primaryTypes).toEqual(['breast']);
    expect(p.notes.map((n) => n.code)).toContain('older-fhir-form');
  });

  it('the secondary cancer Condition (ICD-10-CM C79.81 beside a primary-breast SNOMED code) is a metastasis, not a primary', () => {
    const p = pictureOf(resourcesOf(read('test__helpers__fixtures__secondary-cancer-condition.json')));
    expect(p.cancer.primaryTypes).toEqual([]);
  });

  it('the bundle with both: one breast primary, metastatic', () => {
    const p = pictureOf(resourcesOf(read('test__helpers__fixtures__searchsetBundleWithMultipleEntries.json')));
    expect(p.cancer.primaryTypes).toEqual(['breast']);
    expect(p.cancer.setting).toBe('metastatic');
  });

  it('non-cancer problems (hypertension, reflux, hypothyroidism …) give no primary cancer', () => {
    const p = pictureOf(resourcesOf(read('test__extractors__fixtures__condition-bundle.json')));
    expect(p.cancer.primaryTypes).toEqual([]);
  });

  it('the R4 primary cancer Condition (ICD-10-CM C02.0) is head and neck cancer', () => {
    expect(pictureOf(resourcesOf(read('test__extractors__fixtures__csv-condition-bundle.json'))).cancer.primaryTypes).toEqual([
      'head-and-neck',
    ]);
  });
});
