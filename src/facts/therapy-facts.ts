import type { FactDefinition } from './fact-definition.ts';
import { monthsBetween } from '../normalize/time-points.ts';
import { statedDay } from '../normalize/instant.ts';
import type { TherapyTimeline } from '../normalize/therapy-timeline.ts';

const NEOADJUVANT_BASES = ['recorded-intent', 'sequence'] as const;

/**
 * How results are placed on the therapy timeline (time-points.ts, therapy-timeline.ts); docs/facts.md
 * prints these under "Time points", so a rule author reads the same rules the code applies.
 */
export const TIME_POINT_RULES: readonly string[] = [
  'Calendar days: a FHIR date without a time ("2025-03-10") is the whole calendar day and has no time zone. When either of two dates is such a date they are compared by calendar day; two date-times are compared as instants. The calendar day of a date-time is the one it states in its own offset ("2025-03-10T23:30:00-05:00" is 10 March); a result known only as an instant is read on its UTC day.',
  'Therapy periods: a result on the day a systemic line starts is before it (baseline); on the day it ends, within it (a therapy that ends on a date covers that day).',
  'At surgery: surgery is always compared by calendar day. A result on the surgery day is at primary surgery, before anything adjuvant: pre-surgery, or post-neoadjuvant after neoadjuvant therapy; never post-surgery or after-therapy. A bone-marrow DTC at primary surgery is "diagnosis" without neoadjuvant therapy (the pooled DTC studies sampled at primary surgery) and "post-neoadjuvant" after it; DTC persistence counts only results after the surgery day.',
  "Which surgery: the first completed Procedure of the primary cancer — terminology concept cancer-surgery (site not stated) or the site-specific concept of the primary's own site (breast-cancer-surgery, lung-cancer-surgery for nsclc and sclc, …). Another site's surgery is another cancer's and does not count once the primary is known; without a known primary every cancer surgery counts. Diagnostic biopsies never count. Procedure.reasonReference is not read yet.",
  'Chemoradiotherapy (procedure concept chemoradiotherapy, completed or in progress) lists radiotherapy and chemotherapy in therapy.agents and, with a date or period, is a systemic-therapy period (its concurrent chemotherapy) on the timeline.',
  'Neoadjuvant therapy: systemic therapy that started on a calendar day before the primary surgery (basis "sequence"); with no surgery recorded yet, the first line in non-metastatic breast cancer (basis "sequence"; in other cancers pre-surgical therapy may be definitive, so only a recorded intent counts). A recorded intent is honoured: neoadjuvant intent makes a period neoadjuvant without any surgery (basis "recorded-intent"; with a surgery recorded only periods that started before it); adjuvant or palliative intent excludes it; in known metastatic disease only a recorded intent counts.',
  'Recorded intent: the mCODE extensions procedure-intent (http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-procedure-intent) and treatment-intent (…/mcode-treatment-intent) on MedicationRequest, MedicationAdministration or Procedure, else category; SNOMED CT 373847000 neo-adjuvant, 373846009 adjuvant, 373808002 curative, 363676003 palliative (the first two are not in mCODE TreatmentIntentVS 1.0.1; checked only against public FHIR artefacts, not a SNOMED release). A category whose whole text is neoadjuvant, neo-adjuvant, adjuvant, curative or palliative also counts.',
  'Neoadjuvant time points: before the neoadjuvant line, pre-neoadjuvant; after it ends, post-neoadjuvant up to the surgery day, or with no surgery recorded up to followUpAfterMonths after its end (then follow-up).',
];

/** Systemic therapy started on a calendar day after the surgery day. */
function adjuvant(therapy: TherapyTimeline): boolean | null {
  if (!therapy.surgeryDate || !therapy.firstSystemicStart) return null;
  const surgeryDay = statedDay(therapy.surgeryDate);
  return therapy.systemic.some((s) => statedDay(s.start) > surgeryDay);
}

const THERAPY_AGENTS = [
  'chemotherapy',
  'abiraterone',
  'bisphosphonate',
  'aspirin',
  'immune-checkpoint-inhibitor',
  'radiotherapy',
  'endocrine',
  'anti-her2',
] as const;

export const therapyFacts: readonly FactDefinition[] = [
  {
    name: 'therapy.systemicStart',
    label: 'Systemic therapy start',
    type: 'date',
    description:
      'Start of the first systemic therapy on record (chemotherapy, anti-HER2, checkpoint inhibitor, abiraterone; endocrine therapy runs for years and does not define the timeline).',
    derive: (p) => p.therapy.firstSystemicStart ?? null,
  },
  {
    name: 'therapy.systemicEnd',
    label: 'Systemic therapy end',
    type: 'date',
    description:
      'End of the last line of systemic therapy (same classes as therapy.systemicStart); null while it is ongoing or none is recorded.',
    derive: (p) => p.therapy.lastSystemicEnd ?? null,
  },
  {
    name: 'therapy.surgeryDate',
    label: 'Cancer surgery',
    type: 'date',
    description:
      "Date of the first completed surgery of the primary cancer: terminology concept cancer-surgery, or the site-specific concept of the primary's own site (breast-cancer-surgery, …); never a diagnostic biopsy (see Time points).",
    derive: (p) => p.therapy.surgeryDate ?? null,
  },
  {
    name: 'therapy.neoadjuvant',
    label: 'Neoadjuvant therapy',
    type: 'boolean',
    description:
      'Neoadjuvant systemic therapy on record: recorded neoadjuvant intent, therapy started on a day before the primary surgery, or (no surgery yet) the first line in non-metastatic breast cancer (see Time points); false when surgery and systemic therapy are recorded and none was neoadjuvant; otherwise null.',
    derive: (p) => (p.therapy.neoadjuvant ? true : p.therapy.surgeryDate && p.therapy.firstSystemicStart ? false : null),
  },
  {
    name: 'therapy.neoadjuvantBasis',
    label: 'Neoadjuvant therapy: basis',
    type: 'string',
    values: NEOADJUVANT_BASES,
    description:
      'Why therapy counts as neoadjuvant: recorded-intent (mCODE intent extension or category on the therapy) or sequence (before the primary surgery, or no surgery yet in non-metastatic breast cancer); null when it is not neoadjuvant.',
    derive: (p) => p.therapy.neoadjuvant?.basis ?? null,
  },
  {
    name: 'therapy.adjuvant',
    label: 'Adjuvant therapy',
    type: 'boolean',
    description: 'Systemic therapy started on a calendar day after the primary surgery day; null when either date is missing.',
    derive: (p) => adjuvant(p.therapy),
  },
  {
    name: 'therapy.monthsSinceSystemicEnd',
    label: 'Time since systemic therapy ended',
    valueUnit: 'months',
    type: 'number',
    unit: 'mo',
    description: 'Whole months from the end of the last systemic therapy to the evaluation time; null while therapy is ongoing.',
    derive: (p) => (p.therapy.lastSystemicEnd ? Math.max(0, monthsBetween(p.therapy.lastSystemicEnd, p.evaluatedAt)) : null),
  },
  {
    name: 'therapy.agents',
    label: 'Therapy classes on record',
    type: 'string[]',
    values: THERAPY_AGENTS,
    description:
      'Therapy classes on record (medication, procedure) via the terminology map: chemotherapy, abiraterone, bisphosphonate, aspirin, checkpoint inhibitor, radiotherapy, endocrine, anti-HER2. A chemoradiotherapy Procedure lists both radiotherapy and chemotherapy.',
    derive: (p) => p.therapy.agents,
  },
];
