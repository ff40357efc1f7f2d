import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Expansion, ICD10, ICD10CM, PROJECT_ROOT, SNOMED, loadExpansion, plainDisplay } from './mcode-value-sets.ts';
import { HAND_MAPPED, type PrimaryType, primaryTypeOf } from './primary-cancer-types.ts';
import type { ConceptCoding, ConceptEntry, ConceptPrefix, TerminologyFile } from '../../src/normalize/terminology.ts';

/**
 * Writes the generated parts of rules/terminology.json from the mCODE value sets under ../shared:
 * the whole 'metastasis-site' category (every SNOMED code of the secondary-cancer value set, classed by
 * its display), the surgery concepts of 'procedure' (site-specific definitive surgery chosen from the
 * surgical-procedure value set by the patterns below), and in 'condition' every SNOMED code of the
 * primary-cancer value set (classed by scripts/terminology/primary-cancer-types.ts) plus the ICD-10
 * prefixes of the concept 'other'. Everything else in the file is left as it is: hand-written codings
 * outside the value set, the other concepts' prefixes and every description but that of 'other'.
 *
 *   npm run terminology:mcode   (npx tsx scripts/terminology/generate-mcode-codes.ts)
 *
 * Re-run after changing a pattern; review the diff. The service reads only rules/terminology.json.
 */

export type MetastasisSite = 'bone' | 'brain' | 'liver' | 'lung' | 'lymph-node' | 'other' | 'unspecified';

type Coding = ConceptCoding;
type Prefix = ConceptPrefix;
type Concept = ConceptEntry;

const THERAPY_CLASS = 'https://ctc-advisor.org/fhir/CodeSystem/therapy-class';
const WHO_NOTE = 'WHO ICD-10 category from memory; the mCODE value sets hold ICD-10-CM only, so this was not checked against them';

// ---------------------------------------------------------------- metastasis sites

const BONES =
  /\b(bones?|bony|marrow|vertebra|vertebral|skull|ribs?|sternum|clavicle|scapula|femur|fibula|tibia|humerus|radius|ulna|patella|calcaneus|talus|cuboid|cuneiform|navicular|metacarpal|metatarsal|phalanx|carpal|tarsal|hamate|lunate|pisiform|scaphoid|trapezium|trapezoid|ilium|ischium|pubis|sacrum|coccyx|acromion|mandible|maxilla|jaw|vomer)\b/i;
const BRAIN =
  /\b(brain|cerebrum|cerebellum|cerebral|frontal lobe|parietal lobe|occipital lobe|temporal lobe|leptomeninges|meninges|meningitis)\b/i;
const SPINAL_MENINGES = /spinal meninges/i;
const LIVER = /\b(liver|intrahepatic bile ducts?)\b/i;
const LUNG = /\b(lungs?|lobe of lung|bronchus|hilus of lung|carina|pulmonary)\b/i;
const NODES = /\blymph nodes?\b|\bnodes\b|\bnode positive\b/i;
/** Displays that name no site: a histology or "disseminated" / "widespread" with no organ. */
const NO_SITE =
  /^(metastatic neoplasm|metastatic (adenocarcinoma of unknown origin|basal cell carcinoma|carcinoid tumor|malignant melanoma( with diffuse hypermelanosis)?|renal cell carcinoma|sarcoma|squamous cell carcinoma|neuroblastoma)|secondary adenocarcinoma|secondary malignant neoplasm of unknown site|widespread metastatic malignant neoplastic disease|disseminated carcinomatosis|ukp - disseminated malignancy of unknown primary|(adenocarcinoma|small cell carcinoma|squamous cell|undifferentiated large cell) carcinomatosis|donor derived melanoma|germline brca-mutated, her2-negative metastatic breast cancer|primary malignant neoplasm of (ovary|vulva), with widespread metastatic disease)$/i;
/** Hand decisions where the display alone misleads. */
const OVERRIDES: Readonly<Record<string, MetastasisSite>> = {
  // Lymphangitic carcinomatosis spreads through the lymphatics of the lung; the display names no node.
  'Lymphangitis carcinomatosa': 'lung',
  'Secondary lymphangitic carcinoma': 'lung',
  'Krukenberg tumor': 'other',
};

/**
 * The site a SecondaryCancerCondition display names. Displays that name the ORIGIN ("Metastasis from
 * malignant tumor of colon", "... by separate metastasis from ovary" with no target) give no site.
 */
export function metastasisSiteOf(rawDisplay: string): MetastasisSite {
  const display = plainDisplay(rawDisplay);
  const override = OVERRIDES[display];
  if (override) return override;
  if (/^Metastasis from /i.test(display) || /involving an organ by separate metastasis/i.test(display)) return 'unspecified';
  if (/with bony metastases/i.test(display)) return 'bone';
  if (NO_SITE.test(display)) return 'unspecified';
  const target =
    /(?:metastatic to|Metastasis to|Metastasis involving) (.+?)(?: of unknown primary| from .*)?$/i.exec(display)?.[1] ??
    /involving (.+?) by (?:separate )?metastasis/i.exec(display)?.[1] ??
    /^(?:Bilateral )?Secondary .*? of (.+?)(?: from .*)?$/i.exec(display)?.[1] ??
    display;
  if (NODES.test(target)) return 'lymph-node';
  if (/fracture/i.test(target) || BONES.test(target)) return 'bone';
  if (BRAIN.test(target) && !SPINAL_MENINGES.test(target)) return 'brain';
  if (LIVER.test(target)) return 'liver';
  if (LUNG.test(target)) return 'lung';
  return 'other';
}

const SITE_DESCRIPTIONS: Readonly<Record<MetastasisSite, string>> = {
  bone: 'Secondary malignant neoplasm of bone or bone marrow (incl. vertebrae, named bones, pathological fracture at a metastasis)',
  brain: 'Secondary malignant neoplasm of brain or cerebral meninges (ICD-10-CM C79.3x)',
  liver: 'Secondary malignant neoplasm of liver or intrahepatic bile ducts',
  lung: 'Secondary malignant neoplasm of lung or bronchus (ICD-10-CM C78.0x)',
  'lymph-node': 'Secondary malignant neoplasm of lymph nodes (regional or distant; does not by itself make the setting metastatic)',
  other:
    'Secondary malignant neoplasm of another named site (adrenal, peritoneum, pleura, skin, ovary, kidney, soft tissue, other organs): distant disease at a site this map does not name separately',
  unspecified:
    'Metastatic malignant neoplasm, site not stated. Includes displays that name the ORIGIN, not the site ("Metastasis from malignant tumor of colon"), and ICD-10-CM C80.0 "Disseminated malignant neoplasm, unspecified", which mCODE lists in both the primary and the secondary value set',
};

const CM = (prefix: string, note?: string): Prefix => ({ system: ICD10CM, prefix, confidence: 'valueset', ...(note ? { note } : {}) });
const WHO = (prefix: string, note = WHO_NOTE): Prefix => ({ system: ICD10, prefix, confidence: 'memory', note });

/** ICD prefixes per site; the longest matching prefix wins, so C78/C79/C7B → other catches what the rest leave. */
const SITE_PREFIXES: Readonly<Record<MetastasisSite, readonly Prefix[]>> = {
  bone: [CM('C79.5'), WHO('C79.5'), CM('C7B.03', 'Secondary carcinoid tumors of bone')],
  brain: [CM('C79.3', 'C79.31 brain, C79.32 cerebral meninges'), WHO('C79.3')],
  liver: [CM('C78.7'), WHO('C78.7'), CM('C7B.02', 'Secondary carcinoid tumors of liver')],
  lung: [CM('C78.0'), WHO('C78.0')],
  'lymph-node': [CM('C77'), WHO('C77'), CM('C7B.01', 'Secondary carcinoid tumors of distant lymph nodes')],
  other: [
    CM('C78', 'other respiratory and digestive organs (C78.1–C78.8); C78.0 lung and C78.7 liver are longer prefixes'),
    CM('C79', 'other sites (kidney, bladder, skin, nervous system, ovary, adrenal, breast, genital organs, other); longer prefixes win'),
    CM('C7B', 'secondary neuroendocrine tumours of peritoneum (C7B.04) and other sites (C7B.09); longer prefixes win'),
    WHO('C78'),
    WHO('C79'),
  ],
  unspecified: [
    CM('C79.9'),
    WHO('C79.9'),
    CM('C80.0', 'Disseminated malignant neoplasm, unspecified: in both mCODE sets; read here as metastatic, site not stated'),
    WHO(
      'C80.0',
      'WHO ICD-10 C80.0 is "Malignant neoplasm, primary site unknown, so stated" (memory): cancer of unknown primary, read as metastatic, site not stated',
    ),
    CM('C7B.00', 'Secondary carcinoid tumors, unspecified site'),
    CM('C7B.1', 'Secondary Merkel cell carcinoma: nodal or visceral presentation, site not in the code'),
    CM('C7B.8', 'Other secondary neuroendocrine tumors: site not in the code'),
  ],
};

export function metastasisCategory(secondary: Expansion): Record<MetastasisSite, Concept> {
  const sites = Object.keys(SITE_DESCRIPTIONS) as MetastasisSite[];
  const codings = new Map(sites.map((s) => [s, [] as Coding[]]));
  const codingsOf = (site: MetastasisSite): Coding[] => {
    const list = codings.get(site);
    if (!list) throw new Error(`metastasis site ${site} has no description`);
    return list;
  };
  for (const entry of secondary.codes(SNOMED)) {
    codingsOf(metastasisSiteOf(entry.display)).push({ system: SNOMED, code: entry.code, display: entry.display, confidence: 'valueset' });
  }
  const out = {} as Record<MetastasisSite, Concept>;
  for (const site of sites)
    out[site] = { description: SITE_DESCRIPTIONS[site], codings: codingsOf(site), codePrefixes: [...SITE_PREFIXES[site]] };
  return out;
}

// ---------------------------------------------------------------- surgery

interface SurgeryRule {
  readonly description: string;
  readonly include: RegExp;
  readonly exclude?: RegExp;
}

/** Site-specific definitive surgery. Biopsies, scar operations, reconstructions and benign indications stay out. */
export const SURGERY_RULES: Readonly<Record<string, SurgeryRule>> = {
  'breast-cancer-surgery': {
    description:
      'Definitive surgery of a breast cancer: mastectomy (simple, skin-sparing, radical, modified radical, with nodes) or breast-conserving surgery (partial mastectomy, lumpectomy, quadrantectomy, wide local excision, re-excision for margins). "Excision of breast tissue" and "Excision of lesion of breast" are not mapped: they also describe excisional biopsies and benign lesions',
    include:
      /mastectomy|lumpectomy|quadrantectomy|segmentectomy of breast|wide local excision of breast|wire guided wide local excision of breast|partial excision of breast|excision of malignant tumor of breast|surgical procedure on primary malignant neoplasm of breast|re-excision of breast/i,
    exclude: /gynecomastia|transgender|scar|incision|subcutaneous|prophylactic|risk reduc|reconstruct|revision|biops/i,
  },
  'prostate-cancer-surgery': {
    description:
      'Radical prostatectomy (open retropubic or perineal, laparoscopic, robot-assisted; with or without pelvic nodes). Plain "Prostatectomy" and transurethral or suprapubic prostatectomy are not mapped: they are mostly operations for benign enlargement',
    include: /radical.*prostatectomy|prostatectomy.*radical/i,
    exclude: /cystoprostatectomy/i,
  },
  'colorectal-cancer-surgery': {
    description:
      'Resection of colon or rectum: colectomy and hemicolectomy variants, anterior and low anterior resection, abdominoperineal resection, proctectomy, total mesorectal excision, proctocolectomy. Operations for prolapse, pouch revision, Hirschsprung pull-through, local or wedge excision (which also describe polypectomy) are not mapped',
    include:
      /colectomy|anterior resection of rectum|abdominoperineal resection|proctectomy|mesorectal|resection of rectum|excision of rectum|rectosigmoidectomy|proctocolectomy|partial resection of colon|excision of colon|excision of malignant tumor of rectum|excision of colon and rectum/i,
    exclude:
      /prolapse|excision of colonic pouch|Parks panproctocolectomy|interposition|pull-through|Duhamel|mucosectomy|of anus|rectopexy|wedge|local excision|transanal disk|stapled transanal|transanal resection of rectum and anastomosis using staples|biops/i,
  },
  'lung-cancer-surgery': {
    description:
      'Anatomical lung resection: lobectomy, bilobectomy, pneumonectomy, segmentectomy, sleeve resection, resection of a Pancoast tumour. Wedge excisions are not mapped (also done as diagnostic biopsies)',
    include:
      /pneumonectomy|bilobectomy of lung|lobectomy of lung|lobectomy of (upper|lower|middle) lobe of (left|right) lung|thoracoscopic (partial )?lobectomy of lung|total lobectomy with bronchoplasty|lobectomy with bronchoplastic|segmental lobectomy|pulmonary segmentectomy|complete excision of lung|Pancoast|sleeve resection with pulmonary resection|sleeve resection of bronchus|major lung resection/i,
    exclude: /donor|heart-lung|cardiectomy|empyemectomy|wedge|biops/i,
  },
};

/** Not in any rule's pattern, but site-specific definitive surgery all the same. */
const GENERIC_SURGERY_CODES = ['370611004'];

export function surgeryConcepts(surgical: Expansion): Record<string, Concept> {
  const out: Record<string, Concept> = {
    'cancer-surgery': {
      description:
        'Surgery of the primary cancer where the site is not in the code: the product code, and "Excision of malignant neoplasm". Site-specific codes map to breast-, prostate-, colorectal- and lung-cancer-surgery; every *-cancer-surgery concept is a surgery',
      codings: [
        {
          system: THERAPY_CLASS,
          code: 'cancer-surgery',
          confidence: 'product',
          note: 'product code for sites without a standard procedure code on this map',
        },
        ...GENERIC_SURGERY_CODES.map((code) => valueSetCoding(surgical, code)),
      ],
    },
  };
  for (const [id, rule] of Object.entries(SURGERY_RULES)) {
    const codings = surgical
      .codes(SNOMED)
      .filter((e) => rule.include.test(e.display) && !rule.exclude?.test(e.display))
      .map((e): Coding => ({ system: SNOMED, code: e.code, display: e.display, confidence: 'valueset' }));
    out[id] = { description: rule.description, codings };
  }
  return out;
}

function valueSetCoding(expansion: Expansion, code: string): Coding {
  const display = expansion.display(SNOMED, code);
  if (display === undefined) throw new Error(`${code} is not in the ${expansion.name} value set`);
  return { system: SNOMED, code, display, confidence: 'valueset' };
}

// ---------------------------------------------------------------- primary cancers (condition)

const OTHER_DESCRIPTION =
  'Another malignant primary cancer: not one of the types above (e.g. ovary, bladder, oesophagus, thyroid, brain, bone and soft-tissue sarcoma, lymphoma, leukaemia, myeloma, neuroendocrine tumours, GIST, Merkel cell carcinoma), a lymphoma, sarcoma or neuroendocrine tumour arising in one of those organs, and a malignancy whose site is not stated (SNOMED 363346000, ICD-10-CM C80.1). It counts as a primary for attribution (a tumour-cell result is not given to another primary beside it by guesswork); no rule gates on it. Not mapped at all: non-melanoma skin cancer (basal cell carcinoma, squamous cell and other carcinoma of skin, ICD-10 C44), in situ and uncertain-behaviour neoplasms (ICD-10-CM D37–D49), hereditary predisposition syndromes; metastases are the metastasis-site category (C77–C79, C7B, C80.0)';

/** ICD-10 categories C00–C96 that 'other' never takes: skin other than melanoma, secondary, and C80 (by code below). */
const NOT_OTHER_CATEGORIES = new Set(['C44', 'C77', 'C78', 'C79', 'C7B', 'C80']);
/** ICD-10-CM codes 'other' takes inside a category another concept holds (a longer prefix wins). */
const OTHER_CM_CODES: Readonly<Record<string, string>> = {
  'C18.1':
    'appendix: not colorectal (C18 would take it); appendiceal tumours are mostly mucinous or neuroendocrine, outside the colorectal evidence',
  'C25.4': 'endocrine pancreas (islet cell tumours): neuroendocrine, not pancreatic adenocarcinoma (C25 would take it)',
  'C80.1':
    'Malignant (primary) neoplasm, unspecified: a malignancy the record does not place is a possible other primary, so a result is not given to another recorded primary by guesswork (beside a known primary it is often the same cancer coded vaguely: then attribution needs a named result)',
  'C80.2': 'Malignant neoplasm associated with transplanted organ',
};
const WHO_ONLY: Readonly<Record<string, string>> = {
  'C80.9': 'WHO ICD-10 C80.9 "Malignant neoplasm, unspecified" (memory; ICD-10-CM has C80.1): read as another primary, as C80.1',
  C97: 'WHO ICD-10 C97 "Malignant neoplasms of independent (primary) multiple sites" (memory): the sites are in other codes',
};
/** The concepts whose ICD prefixes this generator writes (it splits the 'other' list among them). */
const GENERATED_PREFIX_HOLDERS = new Set(['other', 'haematological', 'site-unstated']);
/** ICD-10-CM-only categories (not in WHO ICD-10). */
const CM_ONLY_CATEGORIES = new Set(['C4A', 'C7A']);

/** The SNOMED concept for one primary-set entry: a hand decision first, then the display patterns. */
export function primaryConceptOf(code: string, display: string): PrimaryType | undefined {
  return HAND_MAPPED[code] ?? primaryTypeOf(display);
}

/**
 * The 'other' prefixes: every 3-character malignant category C00–C96 of the mCODE primary set that no other
 * concept's prefix holds; inside a category another concept holds in part (C22), the set's codes no prefix
 * catches; plus the codes above. WHO ICD-10 gets the same list without the CM-only categories.
 */
export function otherPrefixes(primary: Expansion, condition: Readonly<Record<string, Concept>>): Prefix[] {
  const specific = (system: string) =>
    Object.entries(condition)
      .filter(([id]) => !GENERATED_PREFIX_HOLDERS.has(id))
      .flatMap(([, c]) => (c.codePrefixes ?? []).filter((p) => p.system === system).map((p) => p.prefix));
  const cmSpecific = specific(ICD10CM);
  const cmExact = new Set(
    Object.entries(condition)
      .filter(([id]) => !GENERATED_PREFIX_HOLDERS.has(id))
      .flatMap(([, c]) => (c.codings ?? []).filter((x) => x.system === ICD10CM).map((x) => x.code)),
  );
  const whoSpecific = specific(ICD10);
  const malignant = primary.codes(ICD10CM).filter((e) => /^C(\d\d|[4-7][AB])/.test(e.code) && e.code.slice(0, 3) <= 'C96');
  const categories = [...new Set(malignant.map((e) => e.code.slice(0, 3)))].filter((c) => !NOT_OTHER_CATEGORIES.has(c)).sort();
  const cm: Prefix[] = [];
  const who: Prefix[] = [];
  for (const category of categories) {
    const whole = (list: string[]) => list.some((p) => category.startsWith(p));
    const inside = (list: string[]) => list.filter((p) => p.startsWith(category) && p.length > category.length);
    // Held in part (C22): the codes no other prefix catches, one by one (WHO: the same codes).
    const loose = malignant.filter(
      (e) => e.code.startsWith(category) && !cmExact.has(e.code) && !cmSpecific.some((p) => e.code.startsWith(p)),
    );
    if (!whole(cmSpecific)) {
      if (inside(cmSpecific).length === 0) cm.push(CM(category));
      else for (const e of loose) cm.push(CM(e.code, e.display));
    }
    if (!CM_ONLY_CATEGORIES.has(category) && !whole(whoSpecific)) {
      if (inside(whoSpecific).length === 0) who.push(WHO(category));
      else for (const e of loose) if (!whoSpecific.some((p) => e.code.startsWith(p))) who.push(WHO(e.code));
    }
  }
  for (const [code, note] of Object.entries(OTHER_CM_CODES)) {
    if (!primary.has(ICD10CM, code)) throw new Error(`${code} is not in the mCODE primary set`);
    cm.push(CM(code, note));
    if (!code.startsWith('C80')) who.push(WHO(code));
  }
  for (const [code, note] of Object.entries(WHO_ONLY)) who.push(WHO(code, note));
  return [...cm, ...who];
}

/**
 * The 'condition' category with its generated parts: every SNOMED code of the primary set in the concept
 * primaryConceptOf gives (none for non-melanoma skin cancer), hand codings outside the set kept first, and
 * the concept 'other' with its prefixes. Throws when two concepts would share a prefix (the lookup takes the
 * longest prefix; at equal length the winner would be arbitrary).
 */
export function conditionCategory(primary: Expansion, current: Readonly<Record<string, Concept>>): Record<string, Concept> {
  const ids = [...Object.keys(current).filter((id) => id !== 'other'), 'other'];
  for (const id of ['haematological', 'site-unstated'])
    if (!ids.includes(id)) throw new Error(`the condition category needs the concept ${id} (with its description) before generation`);
  const out: Record<string, Concept> = {};
  for (const id of ids) {
    const entry = current[id] ?? { description: OTHER_DESCRIPTION };
    const kept = (entry.codings ?? []).filter((c) => !(c.system === SNOMED && primary.has(SNOMED, c.code)));
    out[id] = id === 'other' ? { description: OTHER_DESCRIPTION, codings: kept } : { ...entry, codings: kept };
  }
  const fromSet = new Map<string, Coding[]>();
  for (const e of primary.codes(SNOMED)) {
    const concept = primaryConceptOf(e.code, e.display);
    if (concept === undefined) continue;
    if (!out[concept]) throw new Error(`${e.code} ${e.display}: concept ${concept} is not in the condition category`);
    let list = fromSet.get(concept);
    if (!list) {
      list = [];
      fromSet.set(concept, list);
    }
    list.push({ system: SNOMED, code: e.code, display: e.display, confidence: 'valueset' });
  }
  const conceptOf = (id: string): Concept => {
    const concept = out[id];
    if (!concept) throw new Error(`concept ${id} is not in the condition category`);
    return concept;
  };
  for (const [id, list] of fromSet) {
    const concept = conceptOf(id);
    out[id] = { ...concept, codings: [...(concept.codings ?? []), ...list] };
  }
  // The 'other' prefixes, less the two classes the cancer picture treats apart: blood cancers (C81–C96) and a
  // malignancy whose site is not stated (C80.1, WHO C80.9).
  const prefixes = otherPrefixes(primary, current);
  const classOf = (p: Prefix): 'haematological' | 'site-unstated' | 'other' => {
    if (p.prefix === 'C80.1' || p.prefix === 'C80.9') return 'site-unstated';
    const category = p.prefix.slice(0, 3);
    return /^C\d\d$/.test(category) && category >= 'C81' && category <= 'C96' ? 'haematological' : 'other';
  };
  for (const id of ['haematological', 'site-unstated', 'other'] as const) {
    out[id] = { ...conceptOf(id), codePrefixes: prefixes.filter((p) => classOf(p) === id) };
  }
  const seen = new Map<string, string>();
  for (const [id, c] of Object.entries(out)) {
    for (const p of c.codePrefixes ?? []) {
      const k = `${p.system}|${p.prefix}`;
      const before = seen.get(k);
      if (before && before !== id) throw new Error(`prefix ${k} is in both ${before} and ${id}`);
      seen.set(k, id);
    }
  }
  return out;
}

// ---------------------------------------------------------------- write

/** The file with the generated parts replaced; other categories, and other procedure concepts, untouched. */
export function withGeneratedCodes(file: TerminologyFile): TerminologyFile {
  const primary = loadExpansion('primary');
  const secondary = loadExpansion('secondary');
  const surgical = loadExpansion('surgical');
  const surgery = surgeryConcepts(surgical);
  const procedure = file.concepts.procedure ?? {};
  const rest = Object.fromEntries(Object.entries(procedure).filter(([id]) => !(id in surgery)));
  return {
    ...file,
    concepts: {
      ...file.concepts,
      condition: conditionCategory(primary, file.concepts.condition ?? {}),
      'metastasis-site': metastasisCategory(secondary),
      procedure: { ...surgery, ...rest },
    },
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const target = path.join(PROJECT_ROOT, 'rules', 'terminology.json');
  // Read immediately before writing: others edit other categories of the same file.
  const next = withGeneratedCodes(JSON.parse(readFileSync(target, 'utf8')) as TerminologyFile);
  writeFileSync(target, `${JSON.stringify(next, null, 2)}\n`);
  const count = (c: Readonly<Record<string, Concept>>) => Object.values(c).reduce((n, x) => n + (x.codings?.length ?? 0), 0);
  const perConcept = Object.entries(next.concepts.condition ?? {}).map(
    ([id, c]) => `${id} ${c.codings?.length ?? 0}/${c.codePrefixes?.length ?? 0}`,
  );
  console.log(`condition codings/prefixes: ${perConcept.join(', ')}`);
  console.log(
    `wrote ${target}: condition ${count(next.concepts.condition ?? {})} codings; metastasis-site ${count(next.concepts['metastasis-site'] ?? {})} codings; procedure ${count(next.concepts.procedure ?? {})} codings`,
  );
}
