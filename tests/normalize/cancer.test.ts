import { describe, expect, it } from 'vitest';
import { SYSTEMS, condition, observation } from '../../scripts/fixtures/fhir-builders.ts';
import { facts, PID } from './picture-helpers.ts';

const ICD10 = 'http://hl7.org/fhir/sid/icd-10';
const c = (id: string, system: string, code: string, setting?: 'early' | 'locally-advanced' | 'metastatic') =>
  condition(PID, id, { system, code, display: code }, setting ? { setting } : {});

describe('cancer picture', () => {
  it.each([
    [SYSTEMS.snomed, '254637007', 'nsclc'],
    [ICD10, 'C16.9', 'gastric'],
    [SYSTEMS.icd10cm, 'C25.0', 'pancreatic'],
    [ICD10, 'C22.0', 'liver'],
    [SYSTEMS.icd10cm, 'C64.1', 'renal'],
    [ICD10, 'C43.5', 'melanoma'],
    [SYSTEMS.icd10cm, 'C32.0', 'head-and-neck'],
    [ICD10, 'C20', 'colorectal'],
    [ICD10, 'C50.9', 'breast'],
  ])('%s %s is %s', (system, code, type) => {
    expect(facts([c('c', system, code)])['cancer.primaryTypes']).toEqual([type]);
  });

  it('ICD-10 C34 (lung, type not stated) is lung cancer, not guessed as NSCLC or SCLC', () => {
    expect(facts([c('c', ICD10, 'C34.9')])['cancer.primaryTypes']).toEqual(['lung']);
  });

  it('castration-resistant prostate cancer counts as prostate and sets the flag', () => {
    const f = facts([c('c', SYSTEMS.icd10cm, 'C61'), c('z', SYSTEMS.icd10cm, 'Z19.2')]);
    expect(f).toMatchObject({ 'cancer.primaryTypes': ['prostate'], 'cancer.prostateCastrationResistant': true });
    expect(facts([c('c', SYSTEMS.icd10cm, 'C61')])['cancer.prostateCastrationResistant']).toBe(false);
    expect(facts([c('c', ICD10, 'C50.9')])['cancer.prostateCastrationResistant']).toBeNull();
  });

  it('metastatic sites; a lymph-node secondary alone does not make the setting metastatic', () => {
    expect(facts([c('p', ICD10, 'C50.9'), c('m', SYSTEMS.icd10cm, 'C79.51')])).toMatchObject({
      'cancer.setting': 'metastatic',
      'cancer.metastaticSites': ['bone'],
    });
    expect(facts([c('p', ICD10, 'C50.9', 'early'), c('n', SYSTEMS.icd10cm, 'C77.3')])).toMatchObject({
      'cancer.setting': 'early',
      'cancer.metastaticSites': ['lymph-node'],
      'cancer.nodalStatus': 'positive',
    });
  });

  it('nodal status from a positive-node count', () => {
    const nodes = (n: number) =>
      observation(PID, {
        id: 'n',
        code: { system: 'https://ctc-advisor.org/fhir/CodeSystem/tumor-marker', code: 'regional-nodes-positive', display: 'nodes' },
        date: '2025-06-01',
        quantity: { value: n, system: SYSTEMS.ucum, code: '{#}' },
      });
    expect(facts([nodes(4)])).toMatchObject({ 'cancer.positiveNodeCount': 4, 'cancer.nodalStatus': 'positive' });
    expect(facts([nodes(0)])['cancer.nodalStatus']).toBe('negative');
    expect(facts([])['cancer.nodalStatus']).toBe('unknown');
  });

  it('setting from the disease-setting stage code; unknown when nothing says so', () => {
    expect(facts([c('p', ICD10, 'C50.9', 'locally-advanced')])['cancer.setting']).toBe('locally-advanced');
    expect(facts([c('p', ICD10, 'C50.9')])['cancer.setting']).toBe('unknown');
  });
});
