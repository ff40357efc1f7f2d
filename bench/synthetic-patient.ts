import type { FhirResource, MedicationAdministration, Observation, Resource } from 'fhir/r4';
import { ANSWERS, chemotherapy, condition, ctcCount, observation, patient, surgery, SYSTEMS } from '../scripts/fixtures/fhir-builders.ts';

/** A metastatic breast cancer patient with a long record, built deterministically for the bench. */
export interface SyntheticPatient {
  readonly id: string;
  readonly patient: Resource;
  readonly conditions: readonly FhirResource[];
  readonly observations: readonly FhirResource[];
  readonly medicationRequests: readonly FhirResource[];
  readonly medicationAdministrations: readonly FhirResource[];
  readonly procedures: readonly FhirResource[];
}

const DAY = 86_400_000;
const LAB = (code: string, display: string) => ({ system: SYSTEMS.loinc, code, display });
// Mapped labs (neutrophils, lymphocytes) and unmapped ones (haemoglobin, creatinine, ALT) as in a real chart.
const ROUTINE = [
  { code: LAB('751-8', 'Neutrophils'), unit: '10*3/uL' },
  { code: LAB('731-0', 'Lymphocytes'), unit: '10*3/uL' },
  { code: LAB('718-7', 'Hemoglobin'), unit: 'g/dL' },
  { code: LAB('2160-0', 'Creatinine'), unit: 'mg/dL' },
  { code: LAB('1742-6', 'ALT'), unit: 'U/L' },
] as const;

/**
 * `observationCount` Observations spread evenly over `years` up to `until`: every tenth is a CTC count
 * (CellSearch, blood), four are receptor/Ki-67 results, the rest routine labs. Five Conditions, six
 * medication and four procedure resources.
 */
export function syntheticPatient(options: { id: string; observationCount: number; years: number; until: Date }): SyntheticPatient {
  const { id, observationCount, years } = options;
  const end = Date.UTC(options.until.getUTCFullYear(), options.until.getUTCMonth(), options.until.getUTCDate()) - DAY;
  const start = end - years * 365 * DAY;
  const dateOf = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}Z`;
  const diagnosed = dateOf(start);
  const metastatic = dateOf(start + (end - start) * 0.6);
  const firstLine = dateOf(start + (end - start) * 0.62);

  const observations: Observation[] = [
    observation(id, { id: `${id}-er`, code: LAB('85337-4', 'ER'), date: diagnosed, concept: { coding: [ANSWERS.positive] } }),
    observation(id, { id: `${id}-pr`, code: LAB('85339-0', 'PR'), date: diagnosed, concept: { coding: [ANSWERS.negative] } }),
    observation(id, { id: `${id}-her2`, code: LAB('85319-2', 'HER2 IHC'), date: diagnosed, concept: { coding: [ANSWERS.her2Ihc2] } }),
    observation(id, {
      id: `${id}-ki67`,
      code: LAB('85330-9', 'Ki-67'),
      date: diagnosed,
      quantity: { value: 25, unit: '%', system: SYSTEMS.ucum, code: '%' },
    }),
  ];
  const step = (end - start) / Math.max(1, observationCount - observations.length);
  for (let i = 0; observations.length < observationCount; i++) {
    const date = dateOf(start + step * (i + 1));
    if (i % 10 === 9) {
      observations.push(ctcCount(id, { id: `${id}-ctc-${i}`, value: (i * 7) % 23, date, assay: 'cellsearch' }));
      continue;
    }
    const routine = ROUTINE[i % ROUTINE.length];
    if (!routine) throw new Error('unreachable: an index modulo the list length');
    observations.push(
      observation(id, {
        id: `${id}-lab-${i}`,
        code: routine.code,
        date,
        quantity: { value: 1 + ((i * 13) % 90) / 10, unit: routine.unit, system: SYSTEMS.ucum, code: routine.unit },
        specimen: 'BLD',
      }),
    );
  }

  const drug = (code: string, display: string) => ({ code, display });
  const administration = (n: number, date: string): MedicationAdministration => ({
    resourceType: 'MedicationAdministration',
    id: `${id}-admin-${n}`,
    status: 'completed',
    medicationCodeableConcept: { coding: [{ system: SYSTEMS.rxnorm, code: '56946', display: 'paclitaxel' }] },
    subject: { reference: `Patient/${id}` },
    effectiveDateTime: date,
  });
  return {
    id,
    patient: patient(id, 'female', '1961-04-12'),
    conditions: [
      condition(
        id,
        `${id}-breast`,
        { system: SYSTEMS.snomed, code: '254837009', display: 'Malignant neoplasm of breast' },
        { onset: diagnosed },
      ),
      condition(
        id,
        `${id}-bone-mets`,
        { system: SYSTEMS.snomed, code: '94222008', display: 'Secondary malignant neoplasm of bone' },
        { onset: metastatic },
      ),
      condition(
        id,
        `${id}-liver-mets`,
        { system: SYSTEMS.snomed, code: '94381002', display: 'Secondary malignant neoplasm of liver' },
        { onset: metastatic },
      ),
      condition(id, `${id}-hypertension`, { system: SYSTEMS.snomed, code: '38341003', display: 'Hypertension' }, { onset: diagnosed }),
      condition(
        id,
        `${id}-diabetes`,
        { system: SYSTEMS.snomed, code: '44054006', display: 'Type 2 diabetes mellitus' },
        { onset: diagnosed },
      ),
    ],
    observations,
    medicationRequests: [
      chemotherapy(id, `${id}-paclitaxel`, drug('56946', 'paclitaxel'), firstLine),
      chemotherapy(
        id,
        `${id}-tamoxifen`,
        drug('10324', 'tamoxifen'),
        dateOf(start + 60 * DAY),
        dateOf(start + 5 * 365 * DAY * (years / 10)),
      ),
      chemotherapy(id, `${id}-zoledronic-acid`, drug('77655', 'zoledronic acid'), metastatic),
    ],
    medicationAdministrations: [
      administration(1, firstLine),
      administration(2, dateOf(Date.parse(firstLine) + 21 * DAY)),
      administration(3, dateOf(Date.parse(firstLine) + 42 * DAY)),
    ],
    procedures: [
      surgery(
        id,
        `${id}-mastectomy`,
        { system: SYSTEMS.snomed, code: '69031006', display: 'Excision of breast tissue' },
        dateOf(start + 30 * DAY),
      ),
      surgery(id, `${id}-radiotherapy`, { system: SYSTEMS.snomed, code: '108290001', display: 'Radiotherapy' }, dateOf(start + 90 * DAY)),
      surgery(id, `${id}-bone-marrow`, { system: SYSTEMS.snomed, code: '49401003', display: 'Bone marrow aspiration' }, metastatic),
      surgery(id, `${id}-port`, { system: SYSTEMS.snomed, code: '233527006', display: 'Insertion of central venous port' }, firstLine),
    ],
  };
}

/** Every resource of the patient, for loading into a FHIR server. */
export function allResources(p: SyntheticPatient): FhirResource[] {
  return [
    p.patient as FhirResource,
    ...p.conditions,
    ...p.observations,
    ...p.medicationRequests,
    ...p.medicationAdministrations,
    ...p.procedures,
  ];
}
