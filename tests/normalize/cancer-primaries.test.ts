import { describe, expect, it } from 'vitest';
import type { Condition, Observation, Resource, ServiceRequest } from 'fhir/r4';
import { SYSTEMS, ctcCount, ctcOrder } from '../../scripts/fixtures/fhir-builders.ts';
import { computeFacts } from '../../src/facts/fact-catalog.ts';
import { PID, facts, factsWithDraftOrder, noteCodes, picture } from './picture-helpers.ts';

/**
 * Issue 15: the cancer picture read the way hospitals code it (mCODE staging, SecondaryCancerCondition,
 * several primaries). Every case here names standard codes only, except the CTC analyte.
 */
const AJCC = 'http://cancerstaging.org';
const MCODE = 'http://hl7.org/fhir/us/mcode/StructureDefinition/';
const COLON = { system: SYSTEMS.snomed, code: '363406005', display: 'Malignant tumor of colon' };
const BREAST = { system: SYSTEMS.icd10cm, code: 'C50.912', display: 'Malignant neoplasm of unspecified site of left female breast' };
const PROSTATE = { system: SYSTEMS.icd10cm, code: 'C61', display: 'Malignant neoplasm of prostate' };
const LIVER_METASTASIS = { system: SYSTEMS.snomed, code: '94381002', display: 'Secondary malignant neoplasm of liver' };

function primary(id: string, code: { system: string; code: string; display: string }, extra: Partial<Condition> = {}): Condition {
  return {
    resourceType: 'Condition',
    id,
    meta: { profile: [`${MCODE}mcode-primary-cancer-condition`] },
    clinicalStatus: { coding: [{ system: SYSTEMS.clinicalStatus, code: 'active' }] },
    verificationStatus: { coding: [{ system: SYSTEMS.verificationStatus, code: 'confirmed' }] },
    code: { coding: [code] },
    subject: { reference: `Patient/${PID}` },
    ...extra,
  };
}

const stageSummary = (code: string): Partial<Condition> => ({ stage: [{ summary: { coding: [{ system: AJCC, code }] } }] });

function secondary(id: string, relatedTo?: string): Condition {
  return primary(id, LIVER_METASTASIS, {
    meta: { profile: [`${MCODE}mcode-secondary-cancer-condition`] },
    ...(relatedTo
      ? { extension: [{ url: `${MCODE}mcode-related-primary-cancer-condition`, valueReference: { reference: `Condition/${relatedTo}` } }] }
      : {}),
  });
}

function staging(id: string, loinc: string, value: string, extra: Partial<Observation> = {}): Observation {
  return {
    resourceType: 'Observation',
    id,
    status: 'final',
    code: { coding: [{ system: SYSTEMS.loinc, code: loinc }] },
    subject: { reference: `Patient/${PID}` },
    effectiveDateTime: '2025-01-10',
    valueCodeableConcept: { coding: [{ system: AJCC, code: value }] },
    ...extra,
  };
}

const count = (id: string, value: number, focus?: string): Observation => ({
  ...ctcCount(PID, { id, value, date: '2026-02-20T09:00:00Z', assay: 'cellsearch' }),
  ...(focus ? { focus: [{ reference: `Condition/${focus}` }] } : {}),
});

describe('stage the mCODE way', () => {
  it.each([
    ['IIA', 'early'],
    ['2B', 'early'],
    ['pIIIC', 'locally-advanced'],
    ['3C', 'locally-advanced'],
    ['IV', 'metastatic'],
    ['cM1', 'metastatic'],
  ])('AJCC %s in Condition.stage.summary reads as %s', (code, setting) => {
    expect(facts([primary('b', BREAST, stageSummary(code))])['cancer.setting']).toBe(setting);
  });

  it('stage 0 (in situ) and an M0 category alone leave the setting unknown, never early', () => {
    expect(facts([primary('b', BREAST, stageSummary('0'))])['cancer.setting']).toBe('unknown');
    expect(facts([primary('b', BREAST, stageSummary('cM0'))])['cancer.setting']).toBe('unknown');
  });

  it('TNM Observations referenced from Condition.stage.assessment', () => {
    const group = staging('group', '21908-9', '3C');
    const condition = primary('b', BREAST, { stage: [{ assessment: [{ reference: 'Observation/group' }] }] });
    expect(facts([condition, group])).toMatchObject({ 'cancer.setting': 'locally-advanced', 'cancer.type': 'breast' });
  });

  it('an M1 category Observation whose focus is the Condition makes it metastatic', () => {
    const m1 = staging('m', '21907-1', 'cM1', { focus: [{ reference: 'Condition/b' }] });
    expect(facts([primary('b', BREAST), m1])['cancer.setting']).toBe('metastatic');
  });

  it.each([
    ['399390009', 'TNM stage grouping'],
    ['399537006', 'Clinical TNM stage grouping'],
    ['399588009', 'Pathologic TNM stage grouping'],
  ])('a stage group Observation coded SNOMED %s (%s, mCODE STU3 TNMStageGroupStagingTypeVS) without a profile is read', (code) => {
    const group = staging('g', '21908-9', 'IV', {
      code: { coding: [{ system: SYSTEMS.snomed, code }] },
      focus: [{ reference: 'Condition/b' }],
    });
    expect(facts([primary('b', BREAST), group])['cancer.setting']).toBe('metastatic');
  });

  it('a staging Observation that is not final is not used', () => {
    const m1 = staging('m', '21907-1', 'cM1', { status: 'preliminary', focus: [{ reference: 'Condition/b' }] });
    expect(facts([primary('b', BREAST), m1])['cancer.setting']).toBe('unknown');
  });

  it('a SecondaryCancerCondition with no stage makes the only primary metastatic', () => {
    expect(facts([primary('c', COLON), secondary('met')])).toMatchObject({
      'cancer.setting': 'metastatic',
      'cancer.metastaticSites': ['liver'],
    });
  });

  it('stage M0 against a recorded metastasis: the metastasis wins and a note says so', () => {
    const p = picture([primary('c', COLON, stageSummary('cM0')), secondary('met', 'c')]);
    expect(p.cancer.setting).toBe('metastatic');
    expect(noteCodes(p)).toContain('conflicting-stage');
  });
});

describe('one picture per primary cancer', () => {
  const crc = primary('crc', COLON, stageSummary('IV'));
  const breast = primary('breast', BREAST, stageSummary('IIA'));

  it('each primary keeps its own setting', () => {
    const p = picture([crc, breast]);
    expect(p.cancer.primaries.map((x) => [x.type, x.setting])).toEqual([
      ['breast', 'early'],
      ['colorectal', 'metastatic'],
    ]);
  });

  it('a CTC count that names neither of two primaries is set aside: no cancer type, no setting, a note', () => {
    const p = picture([crc, breast, count('ctc', 6)]);
    const f = computeFacts(p);
    expect(f).toMatchObject({
      'cancer.type': null,
      'cancer.setting': 'unknown',
      'cancer.attribution': 'ambiguous',
      'cancer.unattributedCount': 1,
      'ctc.resultCount': 0,
    });
    expect(f['cancer.primaryTypes']).toEqual(['breast', 'colorectal']);
    expect(noteCodes(p)).toContain('unattributed-result');
  });

  it('a count whose focus is the colorectal cancer belongs to it, with its metastatic setting', () => {
    expect(facts([crc, breast, count('ctc', 6, 'crc')])).toMatchObject({
      'cancer.type': 'colorectal',
      'cancer.setting': 'metastatic',
      'cancer.attribution': 'named',
      'ctc.resultCount': 1,
    });
  });

  it('named through the order it was drawn for (basedOn → ServiceRequest.reasonReference)', () => {
    const order: ServiceRequest = {
      ...ctcOrder(PID),
      id: 'order',
      status: 'completed',
      reasonReference: [{ reference: 'Condition/breast' }],
    };
    const ctc: Observation = { ...count('ctc', 6), basedOn: [{ reference: 'ServiceRequest/order' }] };
    expect(facts([crc, breast, order, ctc])).toMatchObject({ 'cancer.type': 'breast', 'cancer.setting': 'early' });
  });

  it('a result whose order was not delivered says so in its note', () => {
    const ctc: Observation = { ...count('ctc', 6), basedOn: [{ reference: 'ServiceRequest/absent' }] };
    const note = picture([crc, breast, ctc]).notes.find((n) => n.code === 'unattributed-result');
    expect(note?.message).toContain('the order it names, ServiceRequest/absent, was not available');
  });

  it('results naming two different primaries leave the subject undefined and set both aside', () => {
    const f = facts([crc, breast, count('a', 6, 'crc'), count('b', 2, 'breast')]);
    expect(f).toMatchObject({ 'cancer.type': null, 'cancer.attribution': 'ambiguous', 'cancer.unattributedCount': 2 });
  });

  it('with one named result, an unnamed one beside it is set aside rather than guessed', () => {
    const f = facts([crc, breast, count('a', 6, 'crc'), count('b', 2)]);
    expect(f).toMatchObject({ 'cancer.type': 'colorectal', 'cancer.unattributedCount': 1, 'ctc.resultCount': 1 });
  });

  it('a metastasis naming its primary makes only that primary metastatic', () => {
    const p = picture([primary('crc', COLON), primary('breast', BREAST, stageSummary('I')), secondary('met', 'crc')]);
    expect(p.cancer.primaries.map((x) => [x.type, x.setting])).toEqual([
      ['breast', 'early'],
      ['colorectal', 'metastatic'],
    ]);
  });

  it('a metastasis of unstated origin beside two primaries leaves an unstaged primary unknown, not early', () => {
    const p = picture([primary('crc', COLON), primary('breast', BREAST, stageSummary('I')), secondary('met')]);
    expect(p.cancer.primaries.map((x) => x.setting)).toEqual(['unknown', 'unknown']);
  });

  it('order-select: a draft order naming one of two primaries by reasonReference', () => {
    const order: ServiceRequest = { ...ctcOrder(PID), reasonReference: [{ reference: 'Condition/crc' }] };
    expect(factsWithDraftOrder([crc, breast], order)).toMatchObject({
      'cancer.type': 'colorectal',
      'cancer.setting': 'metastatic',
      'cancer.unattributedCount': 0,
    });
  });

  it('order-select: a draft order naming neither of two primaries counts as unattributed', () => {
    expect(factsWithDraftOrder([crc, breast], ctcOrder(PID))).toMatchObject({ 'cancer.type': null, 'cancer.unattributedCount': 1 });
  });
});

describe('status and uncertain codes', () => {
  const Z192 = primary('z', { system: SYSTEMS.icd10cm, code: 'Z19.2', display: 'Hormone resistant malignancy status' });

  it('Z19.2 beside breast cancer does not add prostate cancer', () => {
    expect(facts([primary('b', BREAST), Z192])).toMatchObject({
      'cancer.primaryTypes': ['breast'],
      'cancer.type': 'breast',
      'cancer.prostateCastrationResistant': null,
    });
  });

  it('Z19.2 with prostate cancer as the only primary means castration resistant', () => {
    expect(facts([primary('p', PROSTATE), Z192])).toMatchObject({ 'cancer.type': 'prostate', 'cancer.prostateCastrationResistant': true });
  });

  it('Z19.2 beside prostate and another primary does not assume castration resistance', () => {
    const p = picture([primary('p', PROSTATE), primary('c', COLON), Z192, count('ctc', 7, 'p')]);
    expect(computeFacts(p)['cancer.prostateCastrationResistant']).toBe(false);
    expect(noteCodes(p)).toContain('uncertain-primary');
  });

  it.each([
    [SYSTEMS.snomed, '93870000'],
    [SYSTEMS.icd10cm, 'C22.9'],
  ])('a liver malignancy not stated as primary (%s %s) beside a colon primary is not liver cancer', (system, code) => {
    const p = picture([primary('c', COLON), primary('l', { system, code, display: 'Malignant neoplasm of liver' })]);
    expect(p.cancer.primaryTypes).toEqual(['colorectal']);
    expect(noteCodes(p)).toContain('uncertain-primary');
  });

  it('the same liver code alone counts as liver cancer', () => {
    expect(
      facts([primary('l', { system: SYSTEMS.snomed, code: '93870000', display: 'Malignant neoplasm of liver' })])['cancer.primaryTypes'],
    ).toEqual(['liver']);
  });

  it('rectal cancer coded in SNOMED CT (363351006) is colorectal cancer', () => {
    expect(facts([primary('r', { system: SYSTEMS.snomed, code: '363351006', display: 'Malignant tumor of rectum' })])['cancer.type']).toBe(
      'colorectal',
    );
  });

  it('no resource of another type is read as a primary: the picture of an empty record', () => {
    const empty: Resource[] = [];
    expect(facts(empty)).toMatchObject({ 'cancer.type': null, 'cancer.attribution': 'no-primary', 'cancer.unattributedCount': 0 });
  });
});

describe('what the code leaves out, other elements say', () => {
  const LUNG = { system: SYSTEMS.icd10cm, code: 'C34.11', display: 'Malignant neoplasm of upper lobe, right bronchus or lung' };
  const histology = (system: string, code: string): Partial<Condition> => ({
    extension: [{ url: `${MCODE}mcode-histology-morphology-behavior`, valueCodeableConcept: { coding: [{ system, code }] } }],
  });

  it.each([
    [SYSTEMS.snomed, '1187332001', 'nsclc'],
    ['http://terminology.hl7.org/CodeSystem/icd-o-3', '8070/3', 'nsclc'],
    ['http://terminology.hl7.org/CodeSystem/icd-o-3', '8041/3', 'sclc'],
  ])('lung cancer (ICD-10-CM C34.11) with histology %s %s is %s', (system, code, type) => {
    expect(facts([primary('l', LUNG, histology(system, code))])['cancer.type']).toBe(type);
  });

  it('lung cancer without histology is lung cancer of unstated type, still a primary for attribution', () => {
    const p = picture([primary('l', LUNG), primary('b', BREAST, stageSummary('IV')), count('ctc', 6)]);
    expect(p.cancer.primaryTypes).toEqual(['breast', 'lung']);
    expect(computeFacts(p)).toMatchObject({ 'cancer.type': null, 'cancer.attribution': 'ambiguous' });
  });

  it('a metastasis coded without its site (SNOMED 128462008) takes the site from bodySite', () => {
    const met = primary(
      'met',
      { system: SYSTEMS.snomed, code: '128462008', display: 'Metastatic malignant neoplasm' },
      {
        meta: { profile: [`${MCODE}mcode-secondary-cancer-condition`] },
        bodySite: [{ coding: [{ system: SYSTEMS.snomed, code: '12738006', display: 'Brain structure' }] }],
      },
    );
    expect(facts([primary('b', BREAST), met])).toMatchObject({ 'cancer.setting': 'metastatic', 'cancer.metastaticSites': ['brain'] });
  });
});

describe('cancers that do not compete for a tumour-cell result', () => {
  it('a blood cancer beside breast cancer leaves the results with the breast cancer (a CTC is CD45-negative)', () => {
    const cll = primary('cll', {
      system: SYSTEMS.icd10cm,
      code: 'C91.10',
      display: 'Chronic lymphocytic leukemia of B-cell type not having achieved remission',
    });
    expect(facts([primary('b', BREAST, stageSummary('IV')), cll, count('ctc', 6)])).toMatchObject({
      'cancer.primaryTypes': ['breast'],
      'cancer.type': 'breast',
      'cancer.attribution': 'single-primary',
      'ctc.resultCount': 1,
    });
  });

  it('a malignancy without its site (ICD-10-CM C80.1) beside a known primary is not a second primary, and a note says so', () => {
    const vague = primary('v', { system: SYSTEMS.icd10cm, code: 'C80.1', display: 'Malignant (primary) neoplasm, unspecified' });
    const p = picture([primary('b', BREAST, stageSummary('IV')), vague, count('ctc', 6)]);
    expect(computeFacts(p)).toMatchObject({ 'cancer.type': 'breast', 'ctc.resultCount': 1 });
    expect(noteCodes(p)).toContain('uncertain-primary');
  });

  it('the same code alone is a primary of another type, on which no rule gates', () => {
    expect(
      facts([primary('v', { system: SYSTEMS.snomed, code: '363346000', display: 'Malignant neoplastic disease' })])['cancer.type'],
    ).toBe('other');
  });

  it('ovarian cancer beside breast cancer is a second primary: a result naming neither is set aside', () => {
    const ovary = primary('o', { system: SYSTEMS.icd10cm, code: 'C56.1', display: 'Malignant neoplasm of right ovary' });
    expect(facts([primary('b', BREAST, stageSummary('IV')), ovary, count('ctc', 6)])).toMatchObject({
      'cancer.primaryTypes': ['breast', 'other'],
      'cancer.type': null,
      'cancer.attribution': 'ambiguous',
    });
  });
});

describe('profiles and statuses as real records carry them', () => {
  it('a versioned mCODE profile canonical (…|4.0.0) still marks a SecondaryCancerCondition', () => {
    const met = primary(
      'met',
      { system: 'http://example.org/local-problem-list', code: 'MET-LIVER', display: 'Liver metastases' },
      {
        meta: { profile: [`${MCODE}mcode-secondary-cancer-condition|4.0.0`] },
      },
    );
    expect(facts([primary('c', COLON), met])['cancer.setting']).toBe('metastatic');
  });

  it('a versioned stage-group profile canonical marks a staging Observation whose code is local', () => {
    const group = staging('g', '21908-9', 'IV', {
      code: { coding: [{ system: 'http://example.org/local-lab', code: 'STAGE' }] },
      meta: { profile: [`${MCODE}mcode-cancer-stage-group|2.0.0`] },
      focus: [{ reference: 'Condition/b' }],
    });
    expect(facts([primary('b', BREAST), group])['cancer.setting']).toBe('metastatic');
  });

  it('the stage of a refuted Condition is not read, even when no primary remains', () => {
    const refuted = primary('r', BREAST, {
      ...stageSummary('IV'),
      verificationStatus: { coding: [{ system: SYSTEMS.verificationStatus, code: 'refuted' }] },
    });
    expect(facts([refuted])['cancer.setting']).toBe('unknown');
    const group = staging('g', '21908-9', 'IV');
    const assessedByRefuted = primary('r2', BREAST, {
      stage: [{ assessment: [{ reference: 'Observation/g' }] }],
      verificationStatus: { coding: [{ system: SYSTEMS.verificationStatus, code: 'refuted' }] },
    });
    expect(facts([primary('c', COLON), assessedByRefuted, group])['cancer.setting']).toBe('unknown');
  });

  it('a lymph-node secondary of one of two primaries does not make the unattributed picture node-positive', () => {
    const nodes = primary('n', {
      system: SYSTEMS.icd10cm,
      code: 'C77.3',
      display: 'Secondary and unspecified malignant neoplasm of axillary and upper limb lymph nodes',
    });
    expect(
      facts([primary('c', COLON, stageSummary('IV')), primary('b', BREAST, stageSummary('IIA')), nodes, count('ctc', 6)])[
        'cancer.nodalStatus'
      ],
    ).toBe('unknown');
  });
});
