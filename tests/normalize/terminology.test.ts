import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadRuleSet } from '../../src/rule-set/rule-set.ts';
import { validateKnowledgeFile } from '../../src/rules/rule-schema.ts';
import { Terminology } from '../../src/normalize/terminology.ts';
import { observation } from '../../scripts/fixtures/fhir-builders.ts';
import { facts, RULES_DIR, terminology, PID } from './picture-helpers.ts';

const LOCAL_LAB = { system: 'http://acme-hospital.example/fhir/CodeSystem/lab', code: 'KI67-IHC', display: 'Ki-67 (house method)' };
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('terminology map as data', () => {
  it('the shipped file passes its schema', () => {
    const file = path.join(RULES_DIR, 'terminology.json');
    expect(validateKnowledgeFile('terminology.json', { file, json: JSON.parse(readFileSync(file, 'utf8')) } as never)).toEqual([]);
  });

  it('a hospital adds a local lab code by editing only terminology.json', () => {
    const ki67 = observation(PID, {
      id: 'k',
      code: LOCAL_LAB,
      date: '2025-06-01',
      quantity: { value: 35, unit: '%', system: 'http://unitsofmeasure.org', code: '%' },
    });
    expect(facts([ki67])['breast.ki67Percent']).toBeNull();

    const dir = mkdtempSync(path.join(tmpdir(), 'ctc-rules-'));
    dirs.push(dir);
    cpSync(RULES_DIR, dir, { recursive: true });
    const file = path.join(dir, 'terminology.json');
    const map = JSON.parse(readFileSync(file, 'utf8'));
    map.concepts.observation.ki67.codings.push({ system: LOCAL_LAB.system, code: LOCAL_LAB.code, note: 'ACME house Ki-67 code' });
    writeFileSync(file, JSON.stringify(map));

    const ruleSet = loadRuleSet(dir);
    expect(facts([ki67], ruleSet.terminology)['breast.ki67Percent']).toBe(35);
  });

  it('a malformed edit is rejected by the schema with the file named', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ctc-rules-'));
    dirs.push(dir);
    cpSync(RULES_DIR, dir, { recursive: true });
    const file = path.join(dir, 'terminology.json');
    const map = JSON.parse(readFileSync(file, 'utf8'));
    map.concepts.observation.ki67.codings.push({ system: LOCAL_LAB.system });
    writeFileSync(file, JSON.stringify(map));
    expect(() => loadRuleSet(dir)).toThrow(/terminology\.json/);
  });

  it('the Ki-67 cut point is a documented configuration value', () => {
    expect(terminology.setting('ki67CutPointPercent')).toBe(20);
    expect(terminology.file.settings?.ki67CutPointPercent?.reason).toMatch(/configuration choice/);
  });

  it('matches on system + code: the same code in another system does not match', () => {
    expect(terminology.lookup('observation', [{ system: 'http://loinc.org', code: '2857-1' }])).toBe('psa');
    expect(terminology.lookup('observation', [{ system: 'http://example.org', code: '2857-1' }])).toBeUndefined();
  });

  it('code prefixes: the longest prefix wins, and only within the same category and system', () => {
    const ICD = 'http://hl7.org/fhir/sid/icd-10-cm';
    const map = new Terminology({
      version: 't',
      canonicalBase: 'https://example.org',
      units: {},
      concepts: {
        'metastasis-site': {
          any: { description: 'any', codePrefixes: [{ system: ICD, prefix: 'C79' }] },
          bone: { description: 'bone', codePrefixes: [{ system: ICD, prefix: 'C79.5' }] },
        },
        condition: { other: { description: 'other', codePrefixes: [{ system: ICD, prefix: 'C7' }] } },
      },
    });
    expect(map.lookup('metastasis-site', [{ system: ICD, code: 'C79.51' }])).toBe('bone');
    expect(map.lookup('metastasis-site', [{ system: ICD, code: 'C79.31' }])).toBe('any');
    expect(map.lookup('metastasis-site', [{ system: 'http://example.org', code: 'C79.51' }])).toBeUndefined();
    expect(map.lookup('condition', [{ system: ICD, code: 'C79.51' }])).toBe('other');
    expect(map.lookup('metastasis-site', [{ system: ICD, code: 'C78.0' }])).toBeUndefined();
  });

  it('every RxNorm coding says how it was checked, and one not read in a standards artifact names its source or says it is unverified', () => {
    const medications = Object.values(terminology.file.concepts.medication ?? {}).flatMap((c) => c.codings ?? []);
    const rx = medications.filter((c) => c.system === 'http://www.nlm.nih.gov/research/umls/rxnorm');
    expect(rx.length).toBeGreaterThan(10);
    expect(rx.filter((c) => !c.confidence)).toEqual([]);
    expect(rx.filter((c) => (c.confidence === 'seen' || c.confidence === 'memory') && !c.note)).toEqual([]);
  });
});
