import path from 'node:path';
import fc from 'fast-check';
import { PROJECT_ROOT } from '../../../src/config/config.ts';
import type { ConceptCategory, UnitEntry } from '../../../src/normalize/terminology.ts';
import { loadTerminology } from '../../../src/rule-set/load-terminology.ts';
import { hostileValue, hugeArrayOf, orHostile, partialRecord, weirdNumber, weirdString } from './hostile-values.ts';

/**
 * FHIR resources as a careless or hostile EHR might send them. Codes come from the live
 * terminology map so generated resources reach the deep code (units, assays, therapy time points)
 * instead of being dropped at the first lookup.
 */
const terminology = loadTerminology(path.join(PROJECT_ROOT, 'rules', 'terminology.json'));

export const PATIENT_ID = 'fuzz-patient-1';

function codingsOf(category: ConceptCategory): { system: string; code: string }[] {
  const concepts = terminology.file.concepts[category] ?? {};
  return Object.values(concepts).flatMap((c) => [
    ...(c.codings ?? []).map((x) => ({ system: x.system, code: x.code })),
    ...(c.codePrefixes ?? []).map((p) => ({ system: p.system, code: `${p.prefix}.9` })),
  ]);
}

const coding = (category: ConceptCategory) => {
  const known = codingsOf(category);
  return fc.oneof(
    { weight: 4, arbitrary: known.length > 0 ? fc.constantFrom(...known) : fc.constant({ system: 'urn:x', code: 'x' }) },
    {
      weight: 1,
      arbitrary: partialRecord({
        system: orHostile(fc.constantFrom('http://loinc.org', 'http://snomed.info/sct', '')),
        code: orHostile(weirdString),
        display: weirdString,
      }),
    },
  );
};

export const codeableConcept = (category: ConceptCategory) =>
  orHostile(partialRecord({ coding: orHostile(fc.array(orHostile(coding(category)), { maxLength: 3 })), text: weirdString }));

const date = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.date({ min: new Date('1990-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }).map((d) => d.toISOString()),
  },
  {
    weight: 2,
    arbitrary: fc
      .date({ min: new Date('1990-01-01'), max: new Date('2030-12-31'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10)),
  },
  { weight: 2, arbitrary: weirdString },
  { weight: 1, arbitrary: weirdNumber },
);

const reference = orHostile(
  partialRecord({
    reference: fc.oneof(
      fc.constant(`Patient/${PATIENT_ID}`),
      fc.constant('Patient/someone-else'),
      fc.constant(`https://ehr.example/fhir/Patient/${PATIENT_ID}`),
      weirdString,
    ),
  }),
);

const id = fc.oneof({ weight: 4, arbitrary: fc.stringMatching(/^[a-z0-9-]{1,8}$/) }, { weight: 1, arbitrary: hostileValue });

const unitEntries: readonly UnitEntry[] = terminology.units('ctc-count');
const quantity = orHostile(
  partialRecord({
    value: weirdNumber,
    comparator: orHostile(fc.constantFrom('<', '<=', '>=', '>', 'ad', '≈')),
    unit: fc.oneof(
      fc.constantFrom(
        ...unitEntries.flatMap((u) => (u.unitText ? [u.unitText] : [])),
        'cells in 7.5 mL',
        'per 0 mL',
        'per 1e9 mL',
        'CTC per 10 mL',
      ),
      weirdString,
    ),
    system: orHostile(fc.constantFrom('http://unitsofmeasure.org', '')),
    code: fc.oneof(fc.constantFrom(...unitEntries.flatMap((u) => (u.code ? [u.code] : [])), '/(7.5.mL)', '{cells}'), weirdString),
  }),
);

const period = orHostile(partialRecord({ start: date, end: date }));
const status = (known: readonly string[]) =>
  orHostile(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...known) }, { weight: 1, arbitrary: weirdString }));

const containedDevice = partialRecord({
  resourceType: fc.constantFrom('Device', 'Specimen'),
  id: fc.constantFrom('dev', 'spec', ''),
  type: codeableConcept('assay'),
});

export const observation = partialRecord({
  resourceType: orHostile(fc.constant('Observation'), 0.2),
  id,
  meta: orHostile(partialRecord({ versionId: fc.oneof(weirdString, weirdNumber), lastUpdated: date })),
  status: status(['final', 'amended', 'corrected', 'preliminary', 'registered', 'cancelled', 'entered-in-error', 'unknown']),
  code: codeableConcept('observation'),
  subject: reference,
  effectiveDateTime: date,
  effectiveInstant: date,
  effectivePeriod: period,
  issued: date,
  valueQuantity: quantity,
  valueCodeableConcept: codeableConcept('answer'),
  valueBoolean: orHostile(fc.boolean()),
  valueInteger: weirdNumber,
  valueString: weirdString,
  dataAbsentReason: codeableConcept('answer'),
  method: codeableConcept('assay'),
  device: orHostile(partialRecord({ reference: fc.constantFrom('#dev', '#spec', 'Device/1') })),
  specimen: orHostile(partialRecord({ reference: fc.constantFrom('#spec', '#dev', 'Specimen/1') })),
  contained: orHostile(fc.array(orHostile(containedDevice), { maxLength: 3 })),
  component: orHostile(fc.array(partialRecord({ code: codeableConcept('observation'), valueQuantity: quantity }), { maxLength: 3 })),
  note: orHostile(fc.array(partialRecord({ text: weirdString }), { maxLength: 2 })),
});

export const condition = partialRecord({
  resourceType: orHostile(fc.constant('Condition'), 0.2),
  id,
  clinicalStatus: orHostile(
    partialRecord({
      coding: orHostile(
        fc.array(partialRecord({ code: status(['active', 'inactive', 'resolved', 'remission', 'recurrence']) }), { maxLength: 2 }),
      ),
    }),
  ),
  verificationStatus: orHostile(
    partialRecord({
      coding: orHostile(
        fc.array(partialRecord({ code: status(['confirmed', 'refuted', 'entered-in-error', 'unconfirmed']) }), { maxLength: 2 }),
      ),
    }),
  ),
  code: fc.oneof(codeableConcept('condition'), codeableConcept('metastasis-site')),
  stage: orHostile(fc.array(partialRecord({ summary: codeableConcept('stage') }), { maxLength: 2 })),
  subject: reference,
  onsetDateTime: date,
});

const medicationCommon = {
  id,
  status: status(['active', 'completed', 'stopped', 'entered-in-error', 'cancelled', 'draft', 'in-progress']),
  medicationCodeableConcept: codeableConcept('medication'),
  subject: reference,
};

export const medicationRequest = partialRecord({
  ...medicationCommon,
  resourceType: fc.constant('MedicationRequest'),
  authoredOn: date,
  dosageInstruction: orHostile(
    fc.array(
      orHostile(partialRecord({ timing: orHostile(partialRecord({ repeat: orHostile(partialRecord({ boundsPeriod: period })) })) })),
      { maxLength: 2 },
    ),
  ),
});

export const medicationAdministration = partialRecord({
  ...medicationCommon,
  resourceType: fc.constant('MedicationAdministration'),
  effectiveDateTime: date,
  effectivePeriod: period,
});

export const procedure = partialRecord({
  resourceType: fc.constant('Procedure'),
  id,
  status: status(['completed', 'in-progress', 'not-done', 'entered-in-error']),
  code: codeableConcept('procedure'),
  subject: reference,
  performedDateTime: date,
  performedPeriod: period,
});

export const patient = partialRecord({
  resourceType: fc.constant('Patient'),
  id: fc.oneof(fc.constant(PATIENT_ID), id),
  birthDate: date,
  name: orHostile(
    fc.array(partialRecord({ family: weirdString, given: orHostile(fc.array(weirdString, { maxLength: 2 })) }), { maxLength: 2 }),
  ),
});

export const anyResource: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: observation },
  { weight: 3, arbitrary: condition },
  { weight: 2, arbitrary: medicationRequest },
  { weight: 1, arbitrary: medicationAdministration },
  { weight: 1, arbitrary: procedure },
  { weight: 1, arbitrary: patient },
  { weight: 1, arbitrary: hostileValue },
);

const link = partialRecord({
  relation: orHostile(fc.constantFrom('next', 'self', 'previous')),
  url: fc.oneof(fc.constantFrom('Observation?page=2', 'https://elsewhere.example/fhir/Observation?page=2', ''), weirdString),
});

/** Small, fixed entries for huge arrays: the size is the attack, not the content (and memory stays bounded). */
const SMALL_ENTRIES = [
  {
    resource: {
      resourceType: 'Observation',
      status: 'final',
      code: { coding: [codingsOf('observation')[0]] },
      subject: { reference: `Patient/${PATIENT_ID}` },
      effectiveDateTime: '2025-01-01',
      valueQuantity: { value: 3, unit: 'CTC/7.5 mL' },
    },
  },
  { resource: { resourceType: 'Condition', code: { coding: [codingsOf('condition')[0]] } } },
  { resource: null },
  {},
];

/** A searchset Bundle of `resource`, with odd entries, odd links and sometimes thousands of entries. */
export function bundleOf(resource: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  const entry = orHostile(partialRecord({ fullUrl: weirdString, resource: orHostile(resource, 0.3) }), 0.3);
  return partialRecord({
    resourceType: orHostile(fc.constant('Bundle'), 0.2),
    type: orHostile(fc.constantFrom('searchset', 'collection', 'transaction')),
    total: weirdNumber,
    entry: orHostile(
      fc.oneof(
        { weight: 150, arbitrary: fc.array(entry, { maxLength: 8 }) },
        { weight: 1, arbitrary: hugeArrayOf(fc.constantFrom(...SMALL_ENTRIES), 1_000, 25_000) },
      ),
    ),
    link: fc.oneof(
      { weight: 6, arbitrary: fc.constant(undefined) },
      { weight: 1, arbitrary: orHostile(fc.array(orHostile(link), { maxLength: 3 })) },
    ),
  });
}

/** A prefetch value as CDS Hooks 2.0 allows it, and beyond: Bundle, single resource, null, OperationOutcome, junk. */
export function prefetchValue(resource: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 30, arbitrary: bundleOf(resource) },
    { weight: 3, arbitrary: resource },
    { weight: 2, arbitrary: fc.constant(null) },
    { weight: 2, arbitrary: fc.constant({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'too-costly' }] }) },
    { weight: 1, arbitrary: hostileValue },
  );
}
