import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type ConceptCategory, type ConceptEntry, Terminology, type TerminologyFile } from '../../src/normalize/terminology.ts';
import {
  ICD10,
  ICD10CM,
  MCODE_VALUESETS,
  SNOMED,
  type Expansion,
  loadExpansion,
  plainDisplay,
} from '../../scripts/terminology/mcode-value-sets.ts';
import { metastasisSiteOf, withGeneratedCodes } from '../../scripts/terminology/generate-mcode-codes.ts';
import { OVERRIDES, primaryTypeOf } from '../../scripts/terminology/primary-cancer-types.ts';

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
  [key(SNOMED, '25370001')]:
    'Hepatocellular carcinoma: probably the morphology concept, not a disorder; kept because senders put it in Condition.code (note in the map)',
  [key(SNOMED, '108290001')]:
    'Radiation oncology AND/OR radiotherapy: the category code of the mCODE IG radiotherapy course example, not in the radiation-procedure value set',
  [key(SNOMED, '1217123003')]:
    'Radiotherapy course of treatment: the code of the mCODE IG RadiotherapyCourseSummary example (STU2+), newer than the 1.0.1 radiation set',
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
        for (const code of caught)
          if (!primary.has(ICD10CM, code) || secondary.has(ICD10CM, code))
            wrong.push(`${id}: ${p.prefix} catches ${code}, not a primary-only code`);
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

describe('primary cancer types from the whole mCODE primary set (SNOMED CT)', () => {
  const snomed = primary.codes(SNOMED);
  const conceptOf = (code: string) => map.lookup('condition', [{ system: SNOMED, code }]);

  it.each<[string, string | undefined, string]>([
    ['408643008', 'breast', 'Infiltrating duct carcinoma of breast (mcode-32)'],
    ['399490008', 'prostate', 'Adenocarcinoma of prostate (mcode-33)'],
    ['254626006', 'nsclc', 'Adenocarcinoma of lung'],
    ['254634000', 'nsclc', 'Squamous cell carcinoma of lung'],
    ['830151004', 'nsclc', 'Anaplastic lymphoma kinase-positive non-small cell lung cancer (a gene, not a lymphoma)'],
    ['254633006', 'sclc', 'Oat cell carcinoma of lung'],
    ['93880001', 'lung', 'Primary malignant neoplasm of lung (type not stated)'],
    ['301756000', 'colorectal', 'Adenocarcinoma of sigmoid colon'],
    ['408647009', 'gastric', 'Adenocarcinoma of stomach'],
    ['700423003', 'pancreatic', 'Pancreatic adenocarcinoma'],
    ['109842005', 'liver', 'Intrahepatic bile duct carcinoma (as ICD-10 C22.1)'],
    ['109843000', 'liver', 'Hepatoblastoma of liver (as ICD-10 C22.2)'],
    ['702391001', 'renal', 'Renal cell carcinoma'],
    ['93215006', 'melanoma', 'Malignant melanoma of skin of breast: melanoma wins over the organ'],
    ['698043002', 'melanoma', 'Malignant melanoma of floor of mouth'],
    ['707628004', 'head-and-neck', 'Overlapping squamous cell carcinoma of hypopharynx'],
    ['371975007', 'head-and-neck', 'Primary malignant neoplasm of border of tongue'],
    ['278052009', 'haematological', 'Malignant lymphoma of breast: never breast'],
    ['278050001', 'other', 'Sarcoma of breast'],
    ['721576006', 'other', 'Primary angiosarcoma of breast'],
    ['254844000', 'other', 'Malignant phyllodes tumor of breast'],
    ['449318001', 'haematological', "Non-Hodgkin's lymphoma of prostate"],
    ['726654006', 'other', 'Malignant carcinoid tumor of colon'],
    ['16636051000119105', 'other', 'Primary malignant gastrointestinal stromal neoplasm of colon'],
    ['276811008', 'haematological', 'Gastric lymphoma'],
    ['735735001', 'other', 'Primary malignant neuroendocrine neoplasm of pancreas'],
    ['726653000', 'other', 'Malignant carcinoid tumor of bronchus'],
    ['93985007', 'other', 'Primary malignant neoplasm of renal pelvis (urothelial)'],
    ['1082321000119100', 'other', 'Nephroblastoma of left kidney'],
    ['109844006', 'other', 'Angiosarcoma of liver'],
    ['716788007', 'haematological', 'Epstein-Barr virus positive diffuse large B-cell lymphoma of elderly'],
    ['92818009', 'haematological', 'Chronic myeloid leukemia'],
    ['371979001', 'other', 'Malignant neoplasm of clitoris'],
    ['363346000', 'site-unstated', 'Malignant tumor (site not stated), as ICD-10-CM C80.1'],
    ['369485004', 'other', 'Malignant tumor involving prostate by direct extension from bladder: the origin is the primary'],
    ['369451000', 'prostate', 'Malignant tumor involving rectum by direct extension from prostate'],
    ['93870000', 'liver-unspecified', 'Malignant neoplasm of liver: not stated as primary'],
    ['427492003', 'prostate-castration-resistant', 'Hormone refractory prostate cancer'],
    ['403946000', 'breast', "Paget's disease of nipple (not extramammary Paget's disease of skin)"],
    ['254701007', undefined, 'Basal cell carcinoma of skin: not mapped'],
    ['254651007', undefined, 'Squamous cell carcinoma of skin: not mapped'],
  ])('SNOMED %s → %s (%s)', (code, concept) => {
    expect(primary.has(SNOMED, code)).toBe(true);
    expect(conceptOf(code)).toBe(concept);
  });

  it('no basal cell carcinoma and no squamous cell or other carcinoma of skin is mapped (non-melanoma skin cancer)', () => {
    const bcc = snomed.filter((e) => /basal cell carcinoma/i.test(e.display));
    expect(bcc.length).toBeGreaterThan(50);
    expect(bcc.filter((e) => conceptOf(e.code) !== undefined).map((e) => `${e.code} ${e.display}`)).toEqual([]);
    // Skin of the scrotum, penis and vulva is coded to the organ (ICD-10 C63.2, C60, C51): other.
    const skin = snomed.filter(
      (e) =>
        /^(Primary )?(squamous cell carcinoma|malignant neoplasm) of skin\b/i.test(e.display) &&
        !/scrotum|penis|penile|vulva/i.test(e.display),
    );
    expect(skin.length).toBeGreaterThan(20);
    expect(skin.filter((e) => conceptOf(e.code) !== undefined).map((e) => `${e.code} ${e.display}`)).toEqual([]);
    expect(conceptOf('254701007')).toBeUndefined();
    expect(conceptOf('254651007')).toBeUndefined();
  });

  it('no lymphoma, leukaemia, sarcoma, GIST or neuroendocrine tumour is read as one of the carcinoma types', () => {
    const TYPES = new Set(['breast', 'prostate', 'colorectal', 'gastric', 'pancreatic', 'renal', 'head-and-neck', 'nsclc', 'sclc']);
    const wrong = snomed
      .filter((e) =>
        /lymphoma(?! kinase)|leuka?emi|(?<!carcino|pseudo)sarcoma(?!t)|stromal|carcinoid|neuroendocrine|islet cell/i.test(e.display),
      )
      .filter((e) => TYPES.has(conceptOf(e.code) ?? ''))
      .map((e) => `${e.code} ${e.display} → ${conceptOf(e.code)}`);
    expect(wrong).toEqual([]);
  });

  it('every SNOMED code of the primary set is mapped, except non-melanoma skin cancer, in situ or borderline lesions and predisposition syndromes', () => {
    const unmapped = snomed.filter((e) => conceptOf(e.code) === undefined);
    const explained = (d: string) =>
      OVERRIDES[plainDisplay(d)] === null ||
      /basal cell|skin|eyelid|scalp|canthus|ear\b|auricle|pinna|nose|nasolabial|sweat gland|sebaceous|eccrine|adnexal|epidermal appendage|trichilemmal|in situ|borderline|epithelioma/i.test(
        d,
      );
    expect(unmapped.filter((e) => !explained(e.display)).map((e) => `${e.code} ${e.display}`)).toEqual([]);
    expect(snomed.length - unmapped.length).toBeGreaterThan(3600);
  });

  it('the classifier is conservative on organ words', () => {
    expect(primaryTypeOf('Malignant lymphoma of breast')).toBe('haematological');
    expect(primaryTypeOf('Squamous cell carcinoma of skin of upper lip')).toBeUndefined();
    expect(primaryTypeOf('Malignant tumor of tympanic antrum')).toBe('head-and-neck');
    expect(primaryTypeOf('Malignant neoplasm of anal canal')).toBe('other');
    expect(primaryTypeOf('Malignant neoplasm of appendix')).toBe('other');
    expect(primaryTypeOf('Non-small cell carcinoma of lung')).toBe('nsclc');
  });
});

describe('ICD-10 fallback: other', () => {
  it.each([
    [ICD10CM, 'C56.1', 'other', 'ovary'],
    [ICD10, 'C56', 'other', 'ovary (WHO)'],
    [ICD10CM, 'C67.9', 'other', 'bladder'],
    [ICD10CM, 'C83.30', 'haematological', 'diffuse large B-cell lymphoma'],
    [ICD10CM, 'C4A.9', 'other', 'Merkel cell carcinoma'],
    [ICD10CM, 'C7A.026', 'other', 'malignant carcinoid of rectum'],
    [ICD10CM, 'C18.1', 'other', 'appendix'],
    [ICD10CM, 'C25.4', 'other', 'endocrine pancreas'],
    [ICD10CM, 'C65.1', 'other', 'renal pelvis'],
    [ICD10CM, 'C80.1', 'site-unstated', 'malignant (primary) neoplasm, unspecified'],
    [ICD10, 'C80.9', 'site-unstated', 'malignant neoplasm, unspecified (WHO)'],
    [ICD10CM, 'C18.2', 'colorectal', 'ascending colon'],
    [ICD10CM, 'C25.0', 'pancreatic', 'head of pancreas'],
    [ICD10CM, 'C64.1', 'renal', 'kidney'],
    [ICD10CM, 'C50.911', 'breast', 'breast'],
    [ICD10CM, 'C43.9', 'melanoma', 'melanoma'],
  ])('%s %s → %s (%s)', (system, code, concept) => {
    expect(map.lookup('condition', [{ system, code }])).toBe(concept);
  });

  it.each([
    [ICD10CM, 'C44.91', 'basal cell carcinoma of skin, unspecified'],
    [ICD10CM, 'C44.311', 'basal cell carcinoma of skin of nose'],
    [ICD10, 'C44.3', 'other skin (WHO)'],
    [ICD10CM, 'D48.5', 'neoplasm of uncertain behaviour of skin'],
    [ICD10CM, 'D05.11', 'intraductal carcinoma in situ of right breast'],
  ])('%s %s (%s) maps to no primary', (system, code) => {
    expect(map.lookup('condition', [{ system, code }])).toBeUndefined();
  });

  it('no two concepts of condition share a prefix in one system (the longest prefix wins; at equal length the winner would be arbitrary)', () => {
    const owner = new Map<string, string>();
    const clashes: string[] = [];
    for (const [id, entry] of concepts('condition')) {
      for (const p of entry.codePrefixes ?? []) {
        const k = `${p.system}|${p.prefix}`;
        const before = owner.get(k);
        if (before !== undefined && before !== id) clashes.push(`${k}: ${before} and ${id}`);
        owner.set(k, id);
      }
    }
    expect(clashes).toEqual([]);
    expect(owner.size).toBeGreaterThan(150);
  });

  it('every malignant ICD-10-CM code of the primary set (C00–C96) maps to a concept, except C44 (non-melanoma skin) and C80.0 (also secondary: a metastasis)', () => {
    expect(map.lookup('metastasis-site', [{ system: ICD10CM, code: 'C80.0' }])).toBe('unspecified');
    const unmapped = primary
      .codes(ICD10CM)
      .filter((e) => /^C/.test(e.code) && !e.code.startsWith('C44') && e.code !== 'C80.0')
      .filter((e) => map.lookup('condition', [e]) === undefined)
      .map((e) => `${e.code} ${e.display}`);
    expect(unmapped).toEqual([]);
    expect(primary.codes(ICD10CM).filter((e) => e.code.startsWith('C44') && map.lookup('condition', [e]) !== undefined)).toEqual([]);
  });
});

describe('metastasis sites (SecondaryCancerCondition)', () => {
  it('every SNOMED and ICD-10-CM code of the mCODE secondary set maps to a site', () => {
    const unmapped = secondary.entries.filter(
      (e) => e.system !== 'http://hl7.org/fhir/us/mcode/CodeSystem/mcode-catch-code-cs' && !map.lookup('metastasis-site', [e]),
    );
    expect(unmapped.map((e) => `${e.code} ${e.display}`)).toEqual([]);
  });

  it('every metastasis SNOMED coding is in the secondary set', () => {
    const wrong = concepts('metastasis-site').flatMap(([id, e]) =>
      (e.codings ?? []).filter((c) => c.system === SNOMED && !secondary.has(SNOMED, c.code)).map((c) => `${id}: ${c.code}`),
    );
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
        for (const code of caught)
          if (primary.has(ICD10CM, code) && code !== 'C80.0') wrong.push(`${id}: ${p.prefix} catches ${code}, also primary`);
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
        if (c.system !== SNOMED || surgical.display(SNOMED, c.code) !== c.display)
          wrong.push(`${id}: ${c.system}|${c.code} ${c.display ?? ''}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('no biopsy maps to surgery (a radical prostatectomy "with lymph node biopsy" is still a prostatectomy)', () => {
    const biopsies = concepts('procedure')
      .filter(([id]) => isSurgery(id))
      .flatMap(([id, e]) =>
        (e.codings ?? [])
          .filter((c) => /biops/i.test(c.display ?? '') && !/prostatectomy/i.test(c.display ?? ''))
          .map((c) => `${id}: ${c.code} ${c.display}`),
      );
    expect(biopsies).toEqual([]);
    const surgicalBiopsies = surgical.codes(SNOMED).filter((e) => /biops/i.test(e.display) && !/prostatectomy/i.test(e.display));
    expect(surgicalBiopsies.length).toBeGreaterThan(50);
    const mapped = surgicalBiopsies.filter((e) => isSurgery(map.lookup('procedure', [e]) ?? '')).map((e) => `${e.code} ${e.display}`);
    expect(mapped).toEqual([]);
  });

  it('every radiotherapy value-set code maps to radiotherapy, never to surgery (brachytherapy is in the surgical set too)', () => {
    for (const set of radiationSets) {
      expect(set.entries.length, `${set.name}: an expansion with no codes would check nothing`).toBeGreaterThan(0);
      for (const e of set.entries) expect(map.lookup('procedure', [e]), `${e.code} ${e.display}`).toBe('radiotherapy');
    }
  });

  it('radiotherapy and chemoradiotherapy SNOMED codes are in a radiation value set, or allow-listed', () => {
    const wrong = ['radiotherapy', 'chemoradiotherapy'].flatMap((id) =>
      (json.concepts.procedure?.[id]?.codings ?? [])
        .filter((c) => !outside(c.system, c.code) && !radiationSets.some((s) => s.has(c.system, c.code)))
        .map((c) => `${id}: ${c.code}`),
    );
    expect(wrong).toEqual([]);
  });
});

describe('generated parts', () => {
  it('condition, metastasis-site and the surgery concepts are exactly what scripts/terminology/generate-mcode-codes.ts writes', () => {
    const generated = withGeneratedCodes(json);
    expect(json.concepts.condition).toEqual(generated.concepts.condition);
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
    const found = (s: Expansion, c: { system: string; code?: string; display?: string }) =>
      c.code !== undefined && s.display(c.system, c.code) === c.display;
    const wrong = marks.filter((m) => m.confidence === 'valueset' && 'code' in m && !ALL.some((s) => found(s, m))).map((m) => m.where);
    expect(wrong).toEqual([]);
  });
});
