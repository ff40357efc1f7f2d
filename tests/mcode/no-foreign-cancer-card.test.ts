import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config/config.ts';
import { MCODE_DIR, callFixture, expectations, mcodeFiles, readJson, ruleConditions, ruleIdOf } from './support.ts';

/**
 * Issue 15: no card about a cancer the patient does not have. Over every fixture (patients/,
 * patients/mcode/, requests/), each card's rule is traced back to the cancer types its conditions
 * require (cancer.primaryTypes contains X, or cancer.type equal X / in [...], through nested
 * all/any/not); the requirement must hold for the patient's TRUE primaries. True primaries come from
 * expectations.json for the mCODE patients and, for the other fixtures, from a small reader of their
 * Condition codes written here, independent of src/ and rules/terminology.json so the test is not
 * circular. A rule without a cancer-type gate is never foreign.
 */

type Json = Record<string, unknown>;

// ── The independent reader of true primaries ───────────────────────────────────────────────────────
const SNOMED_PRIMARY: Readonly<Record<string, readonly string[]>> = {
  '254837009': ['breast'], // Malignant neoplasm of breast
  '372137005': ['breast'], // Primary malignant neoplasm of breast
  '353431000119107': ['breast'], // Primary malignant neoplasm of female left breast
  '706970001': ['breast'], // Triple negative malignant neoplasm of breast
  '399068003': ['prostate'], // Malignant tumor of prostate
  '427492003': ['prostate'], // Hormone refractory prostate cancer
  '363406005': ['colorectal'], // Malignant tumor of colon
  '93761005': ['colorectal'], // Primary malignant neoplasm of colon
  '363351006': ['colorectal'], // Malignant tumor of rectum
  '254637007': ['nsclc'], // Non-small cell lung cancer
  '254632001': ['sclc'], // Small cell carcinoma of lung
  '363358000': ['nsclc', 'sclc'], // Malignant tumor of lung (type not stated)
  '363349007': ['gastric'], // Malignant tumor of stomach
  '363418001': ['pancreatic'], // Malignant tumor of pancreas
  '93870000': ['liver'], // Malignant neoplasm of liver (the non-mCODE fixtures use it for a liver primary)
  '25370001': ['liver'], // Hepatocellular carcinoma
  '363518003': ['renal'], // Malignant tumor of kidney
  '372244006': ['melanoma'], // Malignant melanoma
};

/** ICD-10(-CM) category (three characters) → cancer types. C34 does not say NSCLC or SCLC, so it allows both. */
function icdPrimary(code: string): readonly string[] {
  const cat = code.slice(0, 3).toUpperCase();
  const n = /^C(\d\d)$/.exec(cat)?.[1];
  if (n === undefined) return [];
  const k = Number(n);
  if (k === 50) return ['breast'];
  if (k === 61) return ['prostate'];
  if (k >= 18 && k <= 20) return ['colorectal'];
  if (k === 16) return ['gastric'];
  if (k === 25) return ['pancreatic'];
  if (k === 22) return ['liver'];
  if (k === 64 || k === 65) return ['renal'];
  if (k === 43) return ['melanoma'];
  if (k === 34) return ['nsclc', 'sclc'];
  if (k <= 14 || (k >= 30 && k <= 32)) return ['head-and-neck'];
  return [];
}

const INACTIVE = new Set(['inactive', 'resolved', 'remission']);
const NOT_TRUE = new Set(['refuted', 'entered-in-error']);

/** Cancer types of the active, not refuted Conditions anywhere in a fixture (a Bundle or a request's prefetch). */
function primariesFromConditions(fixture: unknown): string[] {
  const out = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value !== null && typeof value === 'object') {
      const o = value as Json;
      if (o.resourceType === 'Condition') {
        const codes = (c: unknown) => ((c as { coding?: { code?: string }[] } | undefined)?.coding ?? []).map((x) => x.code);
        const inactive = codes(o.clinicalStatus).some((c) => c !== undefined && INACTIVE.has(c));
        const untrue = codes(o.verificationStatus).some((c) => c !== undefined && NOT_TRUE.has(c));
        if (!inactive && !untrue) {
          for (const coding of (o.code as { coding?: { system?: string; code?: string }[] } | undefined)?.coding ?? []) {
            if (typeof coding.code !== 'string') continue;
            if (coding.system === 'http://snomed.info/sct') for (const t of SNOMED_PRIMARY[coding.code] ?? []) out.add(t);
            if (coding.system === 'http://hl7.org/fhir/sid/icd-10-cm' || coding.system === 'http://hl7.org/fhir/sid/icd-10')
              for (const t of icdPrimary(coding.code)) out.add(t);
          }
        }
      }
      for (const v of Object.values(o)) if (v !== null && typeof v === 'object') visit(v);
    }
  };
  visit(fixture);
  return [...out].sort();
}

// ── A rule's cancer-type gate, evaluated against the true primaries ────────────────────────────────
const CANCER_FACTS = new Set(['cancer.primaryTypes', 'cancer.type']);
type Tri = boolean | undefined;
const and = (xs: Tri[]): Tri => (xs.includes(false) ? false : xs.every((x) => x === true) ? true : undefined);
const or = (xs: Tri[]): Tri => (xs.includes(true) ? true : xs.every((x) => x === false) ? false : undefined);
const not = (x: Tri): Tri => (x === undefined ? undefined : !x);

/**
 * Three-valued: true/false where the rule's cancer-type requirements decide it, undefined where other
 * facts do. Only positive requirements count (contains / equal / in, under an even number of `not`s):
 * a rule that fires because a cancer is ABSENT (doesNotContain) is not "about" a cancer.
 */
function gate(condition: unknown, primaries: ReadonlySet<string>, positive = true): Tri {
  if (condition === null || typeof condition !== 'object') return undefined;
  const c = condition as Json;
  if (Array.isArray(c.all)) return and(c.all.map((x) => gate(x, primaries, positive)));
  if (Array.isArray(c.any)) return or(c.any.map((x) => gate(x, primaries, positive)));
  if ('not' in c) return not(gate(c.not, primaries, !positive));
  if (!positive || typeof c.fact !== 'string' || !CANCER_FACTS.has(c.fact)) return undefined;
  const values = Array.isArray(c.value) ? (c.value as unknown[]) : [c.value];
  if (c.operator === 'contains' || c.operator === 'equal') return primaries.has(String(c.value));
  if (c.operator === 'in') return values.some((v) => primaries.has(String(v)));
  return undefined;
}

/** The cancer types a rule names positively, for messages. */
function gateTypes(condition: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(condition)) {
    for (const x of condition) gateTypes(x, out);
  } else if (condition !== null && typeof condition === 'object') {
    const c = condition as Json;
    if (typeof c.fact === 'string' && CANCER_FACTS.has(c.fact) && ['contains', 'equal', 'in'].includes(String(c.operator)))
      for (const v of Array.isArray(c.value) ? c.value : [c.value]) out.add(String(v));
    for (const v of Object.values(c)) if (v !== null && typeof v === 'object') gateTypes(v, out);
  }
  return out;
}

// ── Every fixture ──────────────────────────────────────────────────────────────────────────────────
const fixtureDir = (dir: string) => path.join(PROJECT_ROOT, 'fhir-fixtures', dir);
const jsonIn = (dir: string) =>
  readdirSync(fixtureDir(dir))
    .filter((f) => f.endsWith('.json'))
    .sort();

interface Case {
  readonly file: string;
  readonly hook: 'patient-view' | 'order-select';
  readonly primaries: readonly string[];
  readonly source: string;
}
const cases: Case[] = [
  ...mcodeFiles.map((f) => ({
    file: path.join(MCODE_DIR, f),
    hook: 'patient-view' as const,
    primaries: expectations.patients[f.slice(0, -'.json'.length)]?.primaries ?? [],
    source: 'expectations.json',
  })),
  ...jsonIn('patients').map((f) => ({
    file: path.join(fixtureDir('patients'), f),
    hook: 'patient-view' as const,
    primaries: primariesFromConditions(readJson(path.join(fixtureDir('patients'), f))),
    source: 'Condition codes',
  })),
  ...jsonIn('requests').map((f) => {
    const json = readJson(path.join(fixtureDir('requests'), f)) as { hook?: string; prefetch?: unknown };
    return {
      file: path.join(fixtureDir('requests'), f),
      hook: (json.hook === 'order-select' ? 'order-select' : 'patient-view') as Case['hook'],
      primaries: primariesFromConditions(json.prefetch),
      source: 'Condition codes in prefetch',
    };
  }),
];
const rules = ruleConditions();

describe('the gate reader', () => {
  const breast = new Set(['breast']);
  it('reads contains, equal and in, nested all/any/not, and leaves other facts open', () => {
    expect(
      gate(
        {
          all: [
            { fact: 'cancer.primaryTypes', operator: 'contains', value: 'prostate' },
            { fact: 'ctc.resultCount', operator: 'greaterThan', value: 0 },
          ],
        },
        breast,
      ),
    ).toBe(false);
    expect(gate({ all: [{ fact: 'cancer.type', operator: 'equal', value: 'breast' }] }, breast)).toBe(true);
    expect(gate({ fact: 'cancer.type', operator: 'in', value: ['nsclc', 'head-and-neck'] }, breast)).toBe(false);
    expect(
      gate(
        {
          any: [
            { fact: 'cancer.type', operator: 'equal', value: 'nsclc' },
            { fact: 'cancer.type', operator: 'equal', value: 'breast' },
          ],
        },
        breast,
      ),
    ).toBe(true);
    expect(
      gate(
        {
          any: [
            { fact: 'cancer.type', operator: 'equal', value: 'nsclc' },
            { fact: 'cancer.setting', operator: 'equal', value: 'metastatic' },
          ],
        },
        breast,
      ),
    ).toBeUndefined();
    expect(gate({ all: [{ fact: 'cancer.primaryTypes', operator: 'doesNotContain', value: 'breast' }] }, breast)).toBeUndefined();
    expect(gate({ not: { fact: 'cancer.type', operator: 'equal', value: 'breast' } }, breast)).toBeUndefined();
    expect(gate({ not: { not: { fact: 'cancer.type', operator: 'equal', value: 'prostate' } } }, breast)).toBe(false);
    expect(gate({ all: [{ fact: 'ctc.cluster.present', operator: 'equal', value: true }] }, breast)).toBeUndefined();
  });

  it('reads true primaries from ICD-10-CM and SNOMED CT, skipping metastases, Z codes and inactive or refuted Conditions', () => {
    const condition = (system: string, code: string, status = 'active', verification = 'confirmed') => ({
      resourceType: 'Condition',
      clinicalStatus: { coding: [{ code: status }] },
      verificationStatus: { coding: [{ code: verification }] },
      code: { coding: [{ system, code }] },
    });
    const icd = 'http://hl7.org/fhir/sid/icd-10-cm';
    const sct = 'http://snomed.info/sct';
    expect(
      primariesFromConditions([condition(icd, 'C50.412'), condition(icd, 'Z19.2'), condition(icd, 'C78.7'), condition(sct, '94222008')]),
    ).toEqual(['breast']);
    expect(primariesFromConditions([condition(icd, 'C20'), condition(icd, 'C32.9'), condition(sct, '363518003')])).toEqual([
      'colorectal',
      'head-and-neck',
      'renal',
    ]);
    expect(primariesFromConditions([condition(sct, '399068003', 'resolved'), condition(icd, 'C61', 'active', 'refuted')])).toEqual([]);
  });

  it('finds rules and the cancer types they name', () => {
    expect(rules.size).toBeGreaterThan(30);
    expect([...gateTypes(rules.get('mbc-cellsearch-ctc-elevated'))]).toEqual(['breast']);
  });
});

describe.each(cases)('$file ($hook); true primaries from $source', ({ file, hook, primaries }) => {
  it('has no card about a cancer the patient does not have', async () => {
    const { cards, shadowCards } = await callFixture(file, hook);
    const truth = new Set(primaries);
    const foreign: string[] = [];
    for (const card of [...cards, ...shadowCards]) {
      const id = ruleIdOf(card);
      if (id === undefined) continue;
      const conditions = rules.get(id);
      if (conditions === undefined) {
        foreign.push(`${id}: no rule file with this id under rules/`);
        continue;
      }
      if (gate(conditions, truth) === false) foreign.push(`${id} (about ${[...gateTypes(conditions)].join('/')}): "${card.summary}"`);
    }
    expect(foreign, `true primaries: ${primaries.join(', ') || '(none)'}`).toEqual([]);
  });
});
