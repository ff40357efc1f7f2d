import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ConceptCategory } from '../../src/normalize/terminology.ts';
import { loadTerminology } from '../../src/rule-set/load-terminology.ts';

/** Issue 15: codes the shipped map sent to another cancer, or to no concept. Every lookup is on the real rules/terminology.json. */
const map = loadTerminology(path.resolve(import.meta.dirname, '../../rules/terminology.json'));

const SNOMED = 'http://snomed.info/sct';
const ICD10CM = 'http://hl7.org/fhir/sid/icd-10-cm';
const ICD10 = 'http://hl7.org/fhir/sid/icd-10';
const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
const THERAPY_CLASS = 'https://ctc-advisor.org/fhir/CodeSystem/therapy-class';

const lookup = (category: ConceptCategory, system: string, code: string) => map.lookup(category, [{ system, code }]);

describe('hormone resistant malignancy status (ICD-10-CM Z19.2)', () => {
  it('is a status concept, not castration-resistant prostate cancer: it applies to any hormone-treated cancer', () => {
    expect(lookup('condition', ICD10CM, 'Z19.2')).toBe('hormone-resistant-status');
    expect(map.describe('condition', 'hormone-resistant-status')).toMatch(/status code, not a cancer type/);
  });

  it('is not mapped under WHO ICD-10, which has no Z19 category', () => {
    expect(lookup('condition', ICD10, 'Z19.2')).toBeUndefined();
  });

  it('neither Z19.1 (hormone sensitive) nor a longer code under Z19.2 is swallowed by a prefix', () => {
    expect(lookup('condition', ICD10CM, 'Z19.1')).toBeUndefined();
    expect(lookup('condition', ICD10CM, 'Z19.29')).toBeUndefined();
  });

  it('SNOMED hormone refractory prostate cancer (in the mCODE primary set) stays castration-resistant prostate', () => {
    expect(lookup('condition', SNOMED, '427492003')).toBe('prostate-castration-resistant');
  });
});

describe('rectal and rectosigmoid cancer', () => {
  it.each([
    ['363351006', 'Malignant tumor of rectum'],
    ['93984006', 'Primary malignant neoplasm of rectum'],
    ['93980002', 'Primary malignant neoplasm of rectosigmoid junction'],
    ['363414004', 'Malignant tumor of rectosigmoid junction'],
    ['781382000', 'Colorectal cancer'],
  ])('SNOMED %s (%s) is colorectal', (code) => {
    expect(lookup('condition', SNOMED, code)).toBe('colorectal');
  });

  it('ICD-10-CM C20 (rectum) and C19 (rectosigmoid junction) are colorectal', () => {
    expect(lookup('condition', ICD10CM, 'C20')).toBe('colorectal');
    expect(lookup('condition', ICD10CM, 'C19')).toBe('colorectal');
  });
});

describe('liver malignancy not stated as primary or secondary', () => {
  it('SNOMED 93870000 and ICD-10-CM / WHO C22.9 are liver-unspecified, not primary liver cancer', () => {
    expect(lookup('condition', SNOMED, '93870000')).toBe('liver-unspecified');
    expect(lookup('condition', ICD10CM, 'C22.9')).toBe('liver-unspecified');
    expect(lookup('condition', ICD10, 'C22.9')).toBe('liver-unspecified');
  });

  it.each(['C22.0', 'C22.1', 'C22.2', 'C22.7', 'C22.8'])('ICD-10-CM %s (primary liver carcinoma, hepatoblastoma) stays liver', (code) => {
    expect(lookup('condition', ICD10CM, code)).toBe('liver');
  });

  it.each(['C22.3', 'C22.4'])(
    'ICD-10-CM and WHO %s (liver sarcoma) is other, as the SNOMED liver sarcomas: the liver evidence is about carcinoma',
    (code) => {
      expect(lookup('condition', ICD10CM, code)).toBe('other');
      expect(lookup('condition', ICD10, code)).toBe('other');
    },
  );

  it('primary liver cancer disorder codes stay liver', () => {
    expect(lookup('condition', SNOMED, '95214007')).toBe('liver');
    expect(lookup('condition', SNOMED, '109841003')).toBe('liver');
  });

  it('no liver prefix swallows the unspecified code: the C22 category itself is not a prefix any more', () => {
    const prefixes = ['liver', 'liver-unspecified'].flatMap((c) =>
      (map.file.concepts.condition?.[c]?.codePrefixes ?? []).map((p) => p.prefix),
    );
    expect(prefixes).not.toContain('C22');
    expect(prefixes.filter((p) => p !== 'C22.9' && 'C22.9'.startsWith(p))).toEqual([]);
  });
});

describe('cancer surgery by site', () => {
  it.each([
    ['64368001', 'breast-cancer-surgery', 'Partial mastectomy'],
    ['392021009', 'breast-cancer-surgery', 'Lumpectomy of breast'],
    ['237371007', 'breast-cancer-surgery', 'Wide local excision of breast lesion'],
    ['172043006', 'breast-cancer-surgery', 'SM - Simple mastectomy'],
    ['406505007', 'breast-cancer-surgery', 'Modified radical mastectomy'],
    ['26294005', 'prostate-cancer-surgery', 'Radical prostatectomy'],
    ['708919000', 'prostate-cancer-surgery', 'Radical prostatectomy, laparoscopic with robot assistance'],
    ['359571009', 'colorectal-cancer-surgery', 'Right hemicolectomy'],
    ['314592008', 'colorectal-cancer-surgery', 'Low anterior resection of rectum'],
    ['265414003', 'colorectal-cancer-surgery', 'Abdominoperineal resection'],
    ['395136002', 'colorectal-cancer-surgery', 'Total mesorectal excision'],
    ['173171007', 'lung-cancer-surgery', 'Lobectomy of lung'],
    ['49795001', 'lung-cancer-surgery', 'Pneumonectomy'],
    ['173172000', 'lung-cancer-surgery', 'Pulmonary segmentectomy'],
    ['173170008', 'lung-cancer-surgery', 'Bilobectomy of lung'],
    ['370611004', 'cancer-surgery', 'Excision of malignant neoplasm (site not stated)'],
  ])('SNOMED %s is %s (%s)', (code, concept) => {
    expect(lookup('procedure', SNOMED, code)).toBe(concept);
  });

  it("the product's own code stays cancer-surgery", () => {
    expect(lookup('procedure', THERAPY_CLASS, 'cancer-surgery')).toBe('cancer-surgery');
  });

  it.each([
    ['69031006', 'Excision of breast tissue (also an excisional biopsy)'],
    ['237372000', 'Excisional biopsy of breast'],
    ['42125001', 'Excisional biopsy of breast mass'],
    ['723990008', 'Biopsy of breast using ultrasonographic guidance (mCODE example biopsy)'],
    ['736615002', 'Open biopsy of breast'],
    ['274362004', 'Surgical biopsy of prostate'],
    ['176268002', 'Open biopsy of prostate'],
    ['274351004', 'Surgical biopsy of colon'],
    ['116030005', 'Wedge biopsy of lung'],
  ])('biopsy SNOMED %s (%s) maps to no procedure concept', (code) => {
    expect(lookup('procedure', SNOMED, code)).toBeUndefined();
  });

  it('plain "Prostatectomy" and transurethral prostatectomy (mostly for benign enlargement) are not cancer surgery', () => {
    expect(lookup('procedure', SNOMED, '90470006')).toBeUndefined();
    expect(lookup('procedure', SNOMED, '90199006')).toBeUndefined();
  });
});

describe('radiotherapy and chemoradiotherapy', () => {
  it('chemoradiotherapy is its own concept, not radiotherapy', () => {
    expect(lookup('procedure', SNOMED, '703423002')).toBe('chemoradiotherapy');
  });

  it.each(['448385000', '45643008', '10611004', '80347004'])('mCODE radiation procedure %s is radiotherapy', (code) => {
    expect(lookup('procedure', SNOMED, code)).toBe('radiotherapy');
  });

  it('brachytherapy (also in the mCODE surgical value set) is radiotherapy, not surgery', () => {
    expect(lookup('procedure', SNOMED, '152198000')).toBe('radiotherapy');
    expect(lookup('procedure', SNOMED, '394902000')).toBe('radiotherapy');
  });
});

describe('chemotherapy ingredients', () => {
  it.each([
    ['4179', 'etoposide'],
    ['72962', 'docetaxel'],
    ['56946', 'paclitaxel'],
    ['194000', 'capecitabine'],
    ['4492', 'fluorouracil'],
    ['32592', 'oxaliplatin'],
    ['51499', 'irinotecan'],
    ['2555', 'cisplatin'],
    ['40048', 'carboplatin'],
    ['12574', 'gemcitabine'],
    ['3995', 'epirubicin'],
    ['3639', 'doxorubicin'],
    ['3002', 'cyclophosphamide'],
  ])('RxNorm %s (%s) is chemotherapy', (code) => {
    expect(lookup('medication', RXNORM, code)).toBe('chemotherapy');
  });
});

describe('RxNorm clinical drug codes (SCD/SBD) as real records send them', () => {
  it.each([
    ['583214', 'chemotherapy', 'paclitaxel 100 MG Injection (mcode-34, Synthea, mCODE-style examples)'],
    ['1734919', 'chemotherapy', 'Cyclophosphamide 1000 MG Injection'],
    ['597195', 'chemotherapy', 'Carboplatin 10 MG/ML Injectable Solution'],
    ['1790099', 'chemotherapy', '10 ML Doxorubicin Hydrochloride 2 MG/ML Injection (mCODE IG example)'],
    ['309311', 'chemotherapy', 'CISplatin 50 MG per 50 ML Injectable Solution (mCODE IG example)'],
    ['1736854', 'chemotherapy', 'Cisplatin 50 MG Injection'],
    ['1734340', 'chemotherapy', 'Etoposide 100 MG Injection'],
    ['200064', 'endocrine', 'letrozole 2.5 MG Oral Tablet'],
    ['727762', 'endocrine', '5 ML fulvestrant 50 MG/ML Prefilled Syringe'],
    ['198240', 'endocrine', 'Tamoxifen 10 MG Oral Tablet'],
    ['2119714', 'anti-her2', 'subcutaneous trastuzumab'],
    ['1114085', 'bisphosphonate', '100 ML zoledronic acid 0.04 MG/ML Injection'],
  ])('RxNorm %s is %s (%s)', (code, concept) => {
    expect(lookup('medication', RXNORM, code)).toBe(concept);
  });

  it('every RxNorm code is in one medication concept only, and every non-ingredient code says where it was seen', () => {
    const owners = new Map<string, string[]>();
    for (const [id, entry] of Object.entries(map.file.concepts.medication ?? {})) {
      for (const c of entry.codings ?? []) if (c.system === RXNORM) owners.set(c.code, [...(owners.get(c.code) ?? []), id]);
    }
    expect([...owners].filter(([, ids]) => ids.length > 1)).toEqual([]);
    const clinical = Object.values(map.file.concepts.medication ?? {}).flatMap((e) =>
      (e.codings ?? []).filter((c) => c.system === RXNORM && /clinical drug|branded drug|brand name/.test(c.note ?? '')),
    );
    expect(clinical.length).toBeGreaterThan(25);
    expect(
      clinical
        .filter((c) => !['seen', 'standard'].includes(c.confidence ?? '') || !/Synthea|mCODE|public/.test(c.note ?? ''))
        .map((c) => c.code),
    ).toEqual([]);
  });
});
