import type { CANCER_TYPES } from '../../src/facts/cancer-facts.ts';
import { plainDisplay } from './mcode-value-sets.ts';

/**
 * The cancer type a SNOMED CT primary-cancer display names, for the 'condition' category of
 * rules/terminology.json. Read by scripts/terminology/generate-mcode-codes.ts over every SNOMED code of the
 * mCODE primary-or-uncertain-behavior cancer disorder value set (1.18.1).
 *
 * Conservative on purpose: a cancer type is named only when the display says the organ AND the tumour is
 * the usual carcinoma of that organ (the disease the rules' CTC evidence is about). A lymphoma, sarcoma,
 * neuroendocrine tumour, GIST or melanoma of an organ is 'other', never the organ's cancer type: a card
 * about the wrong cancer is the worst defect. 'other' is still a primary for attribution.
 *
 * undefined = not mapped at all: non-melanoma skin cancer (basal cell carcinoma, squamous cell carcinoma of
 * skin, other malignant neoplasm of skin or its adnexa), which almost never sheds CTCs and is very common on
 * problem lists (as 'other' it would make every such patient's CTC result unattributable), and in-situ or
 * borderline lesions.
 */
export type PrimaryType =
  // What cancer.primaryTypes can say (src/facts/cancer-facts.ts), plus the concepts src/normalize reads as
  // modifiers of a primary rather than a type of their own (MODIFIERS in cancer-attribution.ts).
  (typeof CANCER_TYPES)[number] | 'prostate-castration-resistant' | 'liver-unspecified' | 'haematological' | 'site-unstated';

/**
 * Codes mapped by hand before the generator covered this category: they keep their concept whatever the
 * patterns say (the patterns agree for all but the castration-resistant and liver-unspecified modifiers,
 * which no pattern assigns).
 */
export const HAND_MAPPED: Readonly<Record<string, PrimaryType>> = {
  // "Malignant neoplastic disease": the root of the primary set, a cancer whose site the code does not state.
  '363346000': 'site-unstated',
  '254837009': 'breast',
  '372137005': 'breast',
  '353431000119107': 'breast',
  '706970001': 'breast',
  '399068003': 'prostate',
  '427492003': 'prostate-castration-resistant',
  '363406005': 'colorectal',
  '93761005': 'colorectal',
  '363351006': 'colorectal',
  '93984006': 'colorectal',
  '363414004': 'colorectal',
  '93980002': 'colorectal',
  '781382000': 'colorectal',
  '94006002': 'colorectal',
  '269533000': 'colorectal',
  '363350007': 'colorectal',
  '363408006': 'colorectal',
  '363409003': 'colorectal',
  '363410008': 'colorectal',
  '363412000': 'colorectal',
  '254582000': 'colorectal',
  '269544008': 'colorectal',
  '425178004': 'colorectal',
  '184881000119106': 'colorectal',
  '96281000119107': 'colorectal',
  '254637007': 'nsclc',
  '254632001': 'sclc',
  '363358000': 'lung',
  '363349007': 'gastric',
  '363418001': 'pancreatic',
  '95214007': 'liver',
  '109841003': 'liver',
  '187769009': 'liver',
  '253018005': 'liver',
  '93870000': 'liver-unspecified',
  '363518003': 'renal',
  '372244006': 'melanoma',
};

/** Hand decisions, by display without its "(disorder)" tag, where the patterns below would be wrong. */
export const OVERRIDES: Readonly<Record<string, PrimaryType | null>> = {
  // Hereditary predisposition, not a diagnosis of a primary cancer: not mapped.
  'Hereditary breast and ovarian cancer syndrome': null,
  'Hereditary site-specific ovarian cancer syndrome': null,
  'Hereditary nonpolyposis colon cancer': null,
  'Gorlin syndrome': null,
  'Melanoma and neural system tumor syndrome': null,
  'Familial papillary thyroid carcinoma with renal papillary neoplasia syndrome': null,
  'Global developmental delay, lung cysts, overgrowth, Wilms tumor syndrome': null,
  'Osteosarcoma, limb anomalies, erythroid macrocytosis syndrome': null,
  'Emberger syndrome': null,
  // Thyroid carcinoma; the kidney lesion is a papillary neoplasia.
  'Papillary thyroid carcinoma with renal papillary neoplasia': 'other',
  // "Malignant ... of liver" not stated as primary: like 93870000 (the ICD-9 155 heading holds 155.2, liver not specified as primary or secondary).
  'Malignant neoplasm of liver and intrahepatic bile ducts': 'liver-unspecified',
  'Local recurrence of malignant tumor of liver': 'liver-unspecified',
  'Adenocarcinoma of liver': 'liver-unspecified',
  // "except renal pelvis" names the pelvis only to leave it out.
  'Renal cell carcinoma of kidney except renal pelvis': 'renal',
  // Small cell variant of squamous cell carcinoma, a non-small cell carcinoma.
  'Primary small cell non-keratinising squamous cell carcinoma of lung': 'nsclc',
  // Siewert type I is adenocarcinoma of the distal oesophagus; types II and III are cardia and subcardial stomach (gastric).
  'Siewert type I adenocarcinoma of esophagogastric junction': 'other',
  // Several organs: not one of the types.
  'Malignant tumor of esophagus, stomach and duodenum': 'other',
  'Carcinoma of bone, connective tissue, skin and breast': 'other',
  'Malignant neoplasm of bone, connective tissue, skin and breast': 'other',
  // Rare pancreatic tumour of uncertain lineage, not ductal adenocarcinoma.
  'Solid pseudopapillary carcinoma of pancreas': 'other',
  // A melanocytic malignancy (ICD-O 8780/3, ICD-10 C43).
  'Malignant blue nevus of skin': 'melanoma',
  // Skin of the face (C44.3), not the oral cavity.
  'Malignant epithelial neoplasm of cheek': null,
  // Cutaneous squamous cell carcinomas whose display does not say "skin".
  'PUVA therapy-associated squamous cell carcinoma': null,
  'Plantar verrucous carcinoma': null,
  // The laryngeal commissures (glottis, ICD-9 161.0 / ICD-10 C32.0).
  'Malignant tumor of anterior commissure': 'head-and-neck',
  'Malignant tumor of posterior commissure': 'head-and-neck',
  'Malignant neoplasm of liver': 'liver-unspecified',
};

// ------------------------------------------------------------------ classes that win over any organ word

/** Not a malignant primary for attribution: in situ, borderline. */
const NOT_INVASIVE = /\bin situ\b|\bborderline\b/i;
const MELANOMA = /melanom(a|as|ata)\b/i;
/** Blood, lymph and marrow malignancies: 'haematological' even when an organ is named ("lymphoma of breast"). */
const HAEMATOLOGIC =
  /(?<!anaplastic )lymphoma(?! kinase)|leuka?emi|immunocytoma|leuka?emic|myeloma|plasmacytoma|hodgkin|histiocytosis|histiocytic|letterer-siwe|myelodysplastic|myeloproliferative|refractory an(a)?emia|refractory cytopenia|mycosis fungoides|s[eé]zary|burkitt|waldenstr[oö]m|macroglobulin|heavy chain disease|mastocytosis|mast cell|polycythemia|thrombocythemia|myelofibrosis|myelosclerosis|reticuloendotheliosis|reticulosis|lymphoproliferative|chloroma|granulocytic sarcoma|myeloid sarcoma|dendritic cell|langerhans cell|blastic plasmacytoid/i;
/** Sarcomas and other mesenchymal tumours ("carcinosarcoma" is a carcinoma and is left to the organ). */
const SARCOMA =
  /(?<!carcino|pseudo)sarcoma(?!t)|malignant mesenchymal|\bGIST\b|gastrointestinal stromal|stromal tumou?r|stromal sarcoma|hemangiopericytoma|haemangiopericytoma|hemangioendothelioma|fibrous histiocytoma|phyllodes|phylloides|mesenchymoma|chondroblastoma|giant cell tumou?r/i;
const NEUROENDOCRINE =
  /carcinoid|neuroendocrine|islet cell|insulinoma|glucagonoma|gastrinoma|vipoma|somatostatinoma|apudoma|paraganglioma|pheochromocytoma|\bNET\b|enterochromaffin|peptide-secreting|polypeptidoma/i;
const MERKEL_KAPOSI = /merkel|kaposi|trabecular cell carcinoma/i;

// ------------------------------------------------------------------ non-melanoma skin cancer (not mapped)

const GENITAL = /\bvulva\b|\bvulval\b|\bvulvar\b|\bpenis\b|\bpenile\b|\bscrotum\b|\bscrotal\b/i;
const BASAL_CELL = /basal cell carcinoma|basal cell epithelioma|rodent ulcer|basosquamous|baso-squamous/i;
const SKIN =
  /\bskin\b|\bcutaneous\b|epidermal appendage|keratoacanthoma|(tip|bridge|ala|dorsum|root|supratip) of nose|nasolabial|(squamous cell carcinoma|carcinoma|epithelial neoplasm) of nose$|squamous cell carcinoma of (left |right )?ear$|sweat gland|eccrine|apocrine|sebaceous|pilomatri|pilar|trichilemmal|adnex(a|al) of skin|\badnexal carcinoma|microcystic adnexal|\beyelid\b|\bcanthus\b|\bscalp\b|\bauricle\b|external ear|extramammary paget/i;

// ------------------------------------------------------------------ organs

const BREAST = /\bbreasts?\b|\bmammary\b|\bnipple\b|\bareola\b/i;
const PROSTATE = /\bprostate\b|\bprostatic\b/i;
const PROSTATIC_URETHRA = /prostatic urethra/i;
const COLORECTAL =
  /\bcolon\b|\bcolonic\b|\brectum\b|\brectal\b|\brectosigmoid\b|\bc(a)?ecum\b|\bc(a)?ecal\b|\bcolorectal\b|\bsigmoid\b|hepatic flexure|splenic flexure|\blarge (intestine|bowel)\b|ileoc(a)?ecal valve|\bcolon(ic)? /i;
const COLORECTAL_EXCLUDE = /\banal canal\b|\banus\b|\banal\b|\banorectal\b|\banorectum\b|\bappendix\b|\bappendiceal\b|\bvermiform\b/i;
const GASTRIC =
  /\bstomach\b|\bgastric\b|\bcardia\b|\bpylorus\b|\bpyloric\b|gastro-?o?esophageal junction|esophagogastric junction|oesophagogastric junction|linitis plastica|fundus of stomach|pyloric antrum|gastric antrum|antrum of stomach/i;
const PANCREATIC = /\bpancreas\b|\bpancreatic\b/i;
const PANCREATIC_EXCLUDE = /islets? of langerhans|endocrine pancreas/i;
const LIVER_PRIMARY =
  /hepatocellular carcinoma|\bhepatoma\b|hepatocarcinoma|fibrolamellar|hepatoblastoma|intrahepatic (bile duct|cholangio)|intrahepatic cholangiocarcinoma|cholangiocellular carcinoma of liver|\bintrahepatic\b|interlobular bile duct|primary (malignant neoplasm|carcinoma|adenocarcinoma) of liver|liver cell carcinoma|combined hepatocellular|mixed hepatocellular|liver and intrahepatic/i;
const RENAL =
  /renal cell|\bkidneys?\b|\brenal\b|hypernephroma|grawitz|clear cell carcinoma of kidney|collecting duct carcinoma|chromophobe|papillary renal/i;
const RENAL_EXCLUDE =
  /renal pelvis|pelvis of kidney|\bpelvic\b|urothelial|transitional cell|wilms|nephroblastoma|rhabdoid|clear cell sarcoma of kidney|ureter|calyx|calyces/i;
const HEAD_AND_NECK =
  /\blips?\b|labial|oral cavity|\bmouth\b|\boral\b|\btongue\b|lingual|\bgums?\b|gingiva|alveolar ridge|alveolus|\bpalate\b|palatine|\buvula\b|tonsil|tonsillar|waldeyer|oropharynx|oropharyngeal|nasopharynx|nasopharyngeal|epipharynx|hypopharynx|hypopharyngeal|pyriform|piriform|postcricoid|\bpharynx\b|\bpharyngeal\b|larynx|laryngeal|glottis|glottic|epiglottis|aryepiglottic|vocal cord|vallecula|nasal cavity|nasal cavities|nasal septum|nasal vestibule|nasal meatus|nasal sinuses|lateral nasal wall|sinonasal|ear, nose and|(cartilage|septum|vestibule) of nose|turbinate|nasal concha|paranasal|(maxillary|ethmoid(al)?|frontal|sphenoid(al)?|accessory) sinus|salivary|parotid|submandibular gland|submaxillary gland|sublingual gland|buccal|cheek mucosa|mucosa of cheek|retromolar|frenum|frenulum|\bof adenoids?\b|eustachian|auditory tube|middle ear|tympanic|mastoid air/i;
const HEAD_AND_NECK_EXCLUDE =
  /skin of|\bbone\b|trachea|esophag|oesophag|lacrimal|esthesioneuroblastoma|olfactory neuroblastoma|odontogenic|ameloblast|\bjaw\b|mandible|maxilla\b/i;

// ------------------------------------------------------------------ lung

const LUNG =
  /\blungs?\b|\bbronchus\b|\bbronchi\b|\bbronchial\b|\bbronchogenic\b|lobe of lung|\bpulmonary\b|pancoast|superior sulcus|bronchioloalveolar|bronchiolo-alveolar|\bhilus of lung\b/i;
const LUNG_EXCLUDE = /mesothelioma|pleura|pleuropulmonary blastoma|pulmonary blastoma|pulmonary artery|trachea/i;
const SMALL_CELL = /(?<!non-)(?<!non )\bsmall cell\b|\boat cell\b/i;
const NON_SMALL =
  /non-small|non small|nonsmall|adenocarcinoma|squamous|large cell carcinoma|bronchioloalveolar|bronchiolo-alveolar|adenosquamous|epidermoid/i;
const LARGE_CELL_NE = /large cell neuroendocrine/i;

/**
 * The concept for one primary-set display; undefined = not mapped (non-melanoma skin cancer, in situ,
 * borderline). Order matters: melanoma, blood cancers, sarcomas and neuroendocrine tumours win over
 * organ words; skin comes before head-and-neck (skin of lip, nose, cheek is skin).
 */
export function primaryTypeOf(rawDisplay: string): PrimaryType | undefined {
  const display = plainDisplay(rawDisplay);
  if (display in OVERRIDES) return OVERRIDES[display] ?? undefined;
  // "Malignant tumor involving rectum by direct extension from uterine cervix": the primary is the origin.
  const origin = /by direct extension from (.+)$/i.exec(display)?.[1];
  if (origin) return primaryTypeOf(`Malignant neoplasm of ${origin}`);
  if (NOT_INVASIVE.test(display)) return undefined;
  if (MELANOMA.test(display)) return 'melanoma';
  if (HAEMATOLOGIC.test(display)) return 'haematological';
  if (MERKEL_KAPOSI.test(display)) return 'other';
  if (SARCOMA.test(display)) return 'other';
  if (BASAL_CELL.test(display)) return undefined;
  // Skin of the vulva, penis and scrotum is coded to those organs (ICD-10 C51, C60, C63.2), not to C44.
  if (SKIN.test(display)) return GENITAL.test(display) ? 'other' : undefined;
  if (/hormone refractory prostate|castration[- ]resistant prostate|prostate.*castration[- ]resistant/i.test(display))
    return 'prostate-castration-resistant';
  const neuroendocrine = NEUROENDOCRINE.test(display);
  if (BREAST.test(display)) return 'breast';
  if (PROSTATE.test(display) && !PROSTATIC_URETHRA.test(display)) return 'prostate';
  if (LUNG.test(display) && !LUNG_EXCLUDE.test(display)) {
    if (LARGE_CELL_NE.test(display)) return 'lung';
    if (neuroendocrine && !SMALL_CELL.test(display)) return 'other';
    if (SMALL_CELL.test(display) && !/combined|mixed/i.test(display)) return 'sclc';
    if (NON_SMALL.test(display) && !SMALL_CELL.test(display)) return 'nsclc';
    return 'lung';
  }
  if (neuroendocrine) return 'other';
  if (COLORECTAL.test(display) && !COLORECTAL_EXCLUDE.test(display)) return 'colorectal';
  if (GASTRIC.test(display)) return 'gastric';
  if (PANCREATIC.test(display) && !PANCREATIC_EXCLUDE.test(display)) return 'pancreatic';
  if (LIVER_PRIMARY.test(display)) return 'liver';
  if (RENAL.test(display) && !RENAL_EXCLUDE.test(display)) return 'renal';
  if (HEAD_AND_NECK.test(display) && !HEAD_AND_NECK_EXCLUDE.test(display)) return 'head-and-neck';
  return 'other';
}
