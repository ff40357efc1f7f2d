import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type ConceptCategory, type ConceptEntry, Terminology, type TerminologyFile } from '../../src/normalize/terminology.ts';
import { ICD10, ICD10CM, MCODE_VALUESETS, SNOMED, type Expansion, loadExpansion } from '../../scripts/terminology/mcode-value-sets.ts';
import { metastasisSiteOf, withGeneratedCodes } from '../../scripts/terminology/generate-mcode-codes.ts';

/**
 * The map checked against HL7 mCODE value sets (../shared/reference/mcode, next to the project root).
 * A missing ../shared fails these tests: CI has it, and skipping would pass with nothing checked.
 */
const FILE = path.resolve(import.meta.dirname, '../../rules/terminology.json');
const json = JSON.parse(readFileSync(FILE, 'utf8')) as TerminologyFile;
const map = new Terminology(json);

const primary = loadExpansion('primary');
const secondary = loadExpansion('secondary');
const surgical = loadExpansion('surgical');
const radiationSets = [loadExpansion('radiation'), loadExpansion('teleradiotherapy'), loadExpansion('brachytherapy')];
const ALL = [primary, secondary, surgical, ...radiationSets];

const concepts = (category: ConceptCategory): [string, ConceptEntry][] => Object.entries(json.concepts[category] ?? {});
const isSurgery = (id: string) => id === 'cancer-surgery' || id.endsWith('-cancer-surgery');
const key = (system: string, code: string) => `${system}|${code}`;

/** Codes outside the sets they would belong to, each with its reason. */
const OUTSIDE_THE_SETS: Readonly<Record<string, string>> = {
  [key(SNOMED, '25370001')]: 'Hepatocellular carcinoma: probably the morphology concept, not a disorder; kept because senders put it in Condition.code (note in the map)',
  [key(SNOMED, '108290001')]: 'Radiation oncology AND/OR radiotherapy: the category code of the mCODE IG radiotherapy course example, not in the radiation-procedure value set',
  [key(SNOMED, '1217123003')]: 'Radiotherapy course of treatment: the code of the mCODE IG RadiotherapyCourseSummary example (STU2+), newer than the 1.0.1 radiation set',
  [key(SNOMED, '703423002')]: 'Combined chemotherapy and radiation therapy: in none of the copied mCODE sets; confidence memory in the map',
};
/** Whole systems the value sets do not cover. */
const SYSTEMS_OUTSIDE: Readonly<Record<string, string>> = {
  [ICD10]: 'WHO ICD-10: the mCODE value sets list ICD-10-CM only',
  'https://ctc-advisor.org/fhir/CodeSystem/therapy-class': "the product's own therapy-class codes",
};

function outside(system: string, code: string): string | undefined {
  return SYSTEMS_OUTSIDE[system] ?? OUTSIDE_THE_SETS[key(system, code)];
}

/** Every ICD-10-CM code of the two cancer-disorder sets that starts with the prefix. */
function underPrefix(prefix: string): string[] {
  const codes = new Set([...primary.codes(ICD10CM), ...secondary.codes(ICD10CM)].map((e) => e.code));
  return [...codes].filter((c) => c.startsWith(prefix)).sort();
}

describe('the mCODE value sets are where the tests expect them', () => {
  it(`../shared/reference/mcode/valuesets exists (${MCODE_VALUESETS})`, () => {
    expect(existsSync(MCODE_VALUESETS)).toBe(true);
    expect(primary.entries.length).toBeGreaterThan(5000);
    expect(secondary.codes(SNOMED)).toHaveLength(811);
    expect(secondary.codes(ICD10CM)).toHaveLength(53);
  });

  it('a missing directory throws instead of passing with nothing checked', () => {
    expect(() => loadExpansion('primary', '/nonexistent/mcode/valuesets')).toThrow(/not found/);
  });
});

describe('primary cancer types (condition)', () => {
  const cancerTypes = concepts('condition').filter(([id]) => id !== 'hormone-resistant-status');

  it('every coding a cancer type lists is in the mCODE primary set and not in the secondary set, or is allow-listed', () => {
    const wrong: string[] = [];
    for (const [id, entry] of cancerTypes) {
      for (const c of entry.codings ?? []) {
        if (outside(c.system, c.code)) continue;
        if (!primary.has(c.system, c.code) || secondary.has(c.system, c.code)) wrong.push(`${id}: ${c.system}|${c.code}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('every ICD-10-CM prefix catches value-set codes, and only primary ones', () => {
    const wrong: string[] = [];
    for (const [id, entry] of cancerTypes) {
      for (const p of entry.codePrefixes ?? []) {
        if (p.system !== ICD10CM) continue;
        const caught = underPrefix(p.prefix);
        if (caught.length === 0) wrong.push(`${id}: ${p.prefix} catches no mCODE code`);
        for (const code of caught) if (!primary.has(ICD10CM, code) || secondary.has(ICD10CM, code)) wrong.push(`${id}: ${p.prefix} catches ${code}, not a primary-only code`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('the status concept is not a cancer: Z19.2 is in neither cancer set', () => {
    expect(primary.has(ICD10CM, 'Z19.2') || secondary.has(ICD10CM, 'Z19.2')).toBe(false);
    expect(map.lookup('condition', [{ system: ICD10CM, code: 'Z19.2' }])).toBe('hormone-resistant-status');
  });

  it('no secondary-set code is read as a primary cancer type', () => {
    const asPrimary = secondary.entries.filter((e) => map.lookup('condition', [e]) !== undefined).map((e) => `${e.code} ${e.display}`);
    expect(asPrimary).toEqual([]);
  });
});

describe('metastasis sites (SecondaryCancerCondition)', () => {
  it('every SNOMED and ICD-10-CM code of the mCODE secondary set maps to a site', () => {
    const unmapped = secondary.entries.filter((e) => e.system !== 'http://hl7.org/fhir/us/mcode/CodeSystem/mcode-catch-code-cs' && !map.lookup('metastasis-site', [e]));
    expect(unmapped.map((e) => `${e.code} ${e.display}`)).toEqual([]);
  });

  it('every metastasis SNOMED coding is in the secondary set', () => {
    const wrong = concepts('metastasis-site').flatMap(([id, e]) => (e.codings ?? []).filter((c) => c.system === SNOMED && !secondary.has(SNOMED, c.code)).map((c) => `${id}: ${c.code}`));
    expect(wrong).toEqual([]);
  });

  it('every ICD-10-CM metastasis prefix catches only secondary-set codes (C80.0 is in both sets: allow-listed)', () => {
    const wrong: string[] = [];
    for (const [id, entry] of concepts('metastasis-site')) {
      for (const p of entry.codePrefixes ?? []) {
        if (p.system !== ICD10CM) continue;
        const caught = underPrefix(p.prefix);
        if (caught.length === 0) wrong.push(`${id}: ${p.prefix} catches nothing`);
        for (const code of caught) if (!secondary.has(ICD10CM, code)) wrong.push(`${id}: ${p.prefix} catches ${code}`);
        for (const code of caught) if (primary.has(ICD10CM, code) && code !== 'C80.0') wrong.push(`${id}: ${p.prefix} catches ${code}, also primary`);
      }
    }
    expect(wrong).toEqual([]);
    expect(primary.has(ICD10CM, 'C80.0') && secondary.has(ICD10CM, 'C80.0')).toBe(true);
  });

  it.each([
    ['314998002', 'unspecified', 'Metastasis from malignant tumor of colon: names the origin'],
    ['712849003', 'bone', 'Carcinoma of prostate with bony metastases'],
    ['94222008', 'bone', 'Secondary malignant neoplasm of bone'],
    ['94381002', 'liver', 'Secondary malignant neoplasm of liver'],
    ['94391008', 'lung', 'Secondary malignant neoplasm of lung'],
    ['94225005', 'brain', 'Secondary malignant neoplasm of brain'],
    ['128462008', 'unspecified', 'Metastatic neoplasm'],
  ])('SNOMED %s → %s (%s)', (code, site) => {
    expect(map.lookup('metastasis-site', [{ system: SNOMED, code }])).toBe(site);
  });

  it.each([
    ['C79.51', 'bone'],
    ['C79.52', 'bone'],
    ['C78.01', 'lung'],
    ['C78.7', 'liver'],
    ['C79.31', 'brain'],
    ['C77.3', 'lymph-node'],
    ['C7B.01', 'lymph-node'],
    ['C7B.02', 'liver'],
    ['C7B.03', 'bone'],
    ['C7B.04', 'other'],
    ['C7B.1', 'unspecified'],
    ['C78.6', 'other'],
    ['C79.71', 'other'],
    ['C79.9', 'unspecified'],
    ['C80.0', 'unspecified'],
  ])('ICD-10-CM %s → %s', (code, site) => {
    expect(map.lookup('metastasis-site', [{ system: ICD10CM, code }])).toBe(site);
  });

  it('the classifier reads the site, not the origin, from a display', () => {
    expect(metastasisSiteOf('Metastasis from malignant tumor of lung')).toBe('unspecified');
    expect(metastasisSiteOf('Malignant neoplasm of rectosigmoid junction metastatic to brain')).toBe('brain');
    expect(metastasisSiteOf('Malignant tumor involving bladder by separate metastasis from prostate')).toBe('other');
    expect(metastasisSiteOf('Secondary malignant neoplasm of lymph node from neoplasm of female breast (disorder)')).toBe('lymph-node');
    expect(metastasisSiteOf('Secondary malignant neoplasm of hepatic flexure of colon')).toBe('other');
  });
});

describe('procedures', () => {
  it('every SNOMED surgery code is in the mCODE surgical set, with its display', () => {
    const wrong: string[] = [];
    for (const [id, entry] of concepts('procedure').filter(([id]) => isSurgery(id))) {
      for (const c of entry.codings ?? []) {
        if (outside(c.system, c.code)) continue;
        if (c.system !== SNOMED || surgical.display(SNOMED, c.code) !== c.display) wrong.push(`${id}: ${c.system}|${c.code} ${c.display ?? ''}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('no biopsy maps to surgery (a radical prostatectomy "with lymph node biopsy" is still a prostatectomy)', () => {
    const biopsies = concepts('procedure')
      .filter(([id]) => isSurgery(id))
      .flatMap(([id, e]) => (e.codings ?? []).filter((c) => /biops/i.test(c.display ?? '') && !/prostatectomy/i.test(c.display ?? '')).map((c) => `${id}: ${c.code} ${c.display}`));
    expect(biopsies).toEqual([]);
    const surgicalBiopsies = surgical.codes(SNOMED).filter((e) => /biops/i.test(e.display) && !/prostatectomy/i.test(e.display));
    expect(surgicalBiopsies.length).toBeGreaterThan(50);
    const mapped = surgicalBiopsies.filter((e) => isSurgery(map.lookup('procedure', [e]) ?? '')).map((e) => `${e.code} ${e.display}`);
    expect(mapped).toEqual([]);
  });

  it('every radiotherapy value-set code maps to radiotherapy, never to surgery (brachytherapy is in the surgical set too)', () => {
    for (const set of radiationSets) {
      for (const e of set.entries) expect(map.lookup('procedure', [e]), `${e.code} ${e.display}`).toBe('radiotherapy');
    }
  });

  it('radiotherapy and chemoradiotherapy SNOMED codes are in a radiation value set, or allow-listed', () => {
    const wrong = ['radiotherapy', 'chemoradiotherapy'].flatMap((id) =>
      (json.concepts.procedure?.[id]?.codings ?? []).filter((c) => !outside(c.system, c.code) && !radiationSets.some((s) => s.has(c.system, c.code))).map((c) => `${id}: ${c.code}`),
    );
    expect(wrong).toEqual([]);
  });
});

describe('generated parts', () => {
  it('metastasis-site and the surgery concepts are exactly what scripts/terminology/generate-mcode-codes.ts writes', () => {
    const generated = withGeneratedCodes(json as never) as unknown as TerminologyFile;
    expect(json.concepts['metastasis-site']).toEqual(generated.concepts['metastasis-site']);
    const surgery = (f: TerminologyFile) => Object.fromEntries(Object.entries(f.concepts.procedure ?? {}).filter(([id]) => isSurgery(id)));
    expect(surgery(json)).toEqual(surgery(generated));
  });
});

describe('confidence marks', () => {
  const MINE: readonly ConceptCategory[] = ['condition', 'metastasis-site', 'procedure', 'medication', 'specimen', 'assay'];
  const marks = MINE.flatMap((category) =>
    concepts(category).flatMap(([id, e]) => [
      ...(e.codings ?? []).map((c) => ({ where: `${category}/${id} ${c.system}|${c.code}`, ...c })),
      ...(e.codePrefixes ?? []).map((p) => ({ where: `${category}/${id} ${p.system}|${p.prefix}*`, ...p })),
    ]),
  );

  it('every coding and prefix in these categories says how it was checked', () => {
    expect(marks.filter((m) => !m.confidence).map((m) => m.where)).toEqual([]);
  });

  it('no "memory" or "seen" code is left without a note', () => {
    expect(marks.filter((m) => (m.confidence === 'memory' || m.confidence === 'seen') && !m.note).map((m) => m.where)).toEqual([]);
  });

  it('a "valueset" coding is in an mCODE set with the same display', () => {
    const found = (s: Expansion, c: { system: string; code?: string; display?: string }) => c.code !== undefined && s.display(c.system, c.code) === c.display;
    const wrong = marks.filter((m) => m.confidence === 'valueset' && 'code' in m && !ALL.some((s) => found(s, m))).map((m) => m.where);
    expect(wrong).toEqual([]);
  });
});
