import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Bundle, Resource } from 'fhir/r4';
import { FACTS, computeFacts, formatFact } from '../../src/facts/fact-catalog.ts';
import { buildClinicalPicture } from '../../src/normalize/clinical-picture.ts';
import { AT, picture, terminology } from '../normalize/picture-helpers.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../../fhir-fixtures/patients');
const bundles = readdirSync(FIXTURES).filter((f) => f.endsWith('.json'));

function resourcesOf(file: string): Resource[] {
  const bundle = JSON.parse(readFileSync(path.join(FIXTURES, file), 'utf8')) as Bundle;
  return (bundle.entry ?? []).map((e) => e.resource).filter((r): r is NonNullable<typeof r> => r !== undefined) as Resource[];
}

function typeOk(type: string, value: unknown): boolean {
  switch (type) {
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'date':
      return typeof value === 'string' && !Number.isNaN(Date.parse(value));
    case 'string[]':
      return Array.isArray(value) && value.every((v) => typeof v === 'string');
    case 'record':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    case 'record[]':
      return Array.isArray(value);
    default:
      return false;
  }
}

describe('fact catalog', () => {
  it('names are unique and every fact has a label and a one-line description', () => {
    expect(new Set(FACTS.map((f) => f.name)).size).toBe(FACTS.length);
    for (const f of FACTS) {
      expect(f.label.length).toBeGreaterThan(2);
      expect(f.description).not.toContain('\n');
    }
  });

  it('with no data, every fact is a value or null, never undefined', () => {
    const values = computeFacts(picture([]));
    for (const f of FACTS) expect(values[f.name], f.name).not.toBeUndefined();
  });

  it.each(bundles)('%s: every fact has its declared type and stays inside its closed values', (file) => {
    const values = computeFacts(buildClinicalPicture({ resources: resourcesOf(file), at: AT }, terminology));
    expect(Object.values(values).some((v) => v !== null && !(Array.isArray(v) && v.length === 0))).toBe(true);
    for (const f of FACTS) {
      const v = values[f.name];
      if (v === null) continue;
      expect(typeOk(f.type, v), `${f.name} = ${JSON.stringify(v)}`).toBe(true);
      if (f.values) {
        for (const item of Array.isArray(v) ? v : [v]) expect(f.values, f.name).toContain(item);
      }
      expect(typeof formatFact(f.name, v)).toBe('string');
    }
  });
});
