import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config/config.ts';
import { loadTerminology } from '../../src/rule-set/load-terminology.ts';

/** The terminology map alone, as scripts and test helpers load it (the service reads it with the rule set). */
describe('loadTerminology', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ctc-terminology-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('indexes the shipped map', () => {
    const terminology = loadTerminology(path.join(PROJECT_ROOT, 'rules', 'terminology.json'));
    expect(terminology.file.concepts.observation).toBeDefined();
    expect(terminology.setting('ki67CutPointPercent')).toBeTypeOf('number');
  });

  it('names file, line and column on a syntax error', () => {
    const file = path.join(dir, 'terminology.json');
    writeFileSync(file, '{\n  "version": "1",\n  "concepts": {},\n}\n');
    expect(() => loadTerminology(file)).toThrow(`${file}:4:1: not valid JSON: Expected double-quoted property name`);
  });
});
