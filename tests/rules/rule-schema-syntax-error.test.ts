import type * as Fs from 'node:fs';
import { expect, it, vi } from 'vitest';

/**
 * The rule schemas (rules/schema/*.schema.json) are read from the source tree when the first rule file is
 * validated, so the test hands rule-schema.ts a node:fs whose rule.schema.json has a syntax error at 4:1.
 */
it('a rule schema that is not JSON stops the rule-set load, naming the file, line and column', async () => {
  vi.resetModules();
  vi.doMock('node:fs', async (importOriginal) => {
    const fs = await importOriginal<typeof Fs>();
    const readFileSync = ((file: Fs.PathOrFileDescriptor, options?: unknown) =>
      String(file).endsWith('rule.schema.json')
        ? '{\n  "$id": "rule.schema.json",\n  "type": "object",\n}\n'
        : fs.readFileSync(file, options as BufferEncoding)) as typeof fs.readFileSync;
    return { ...fs, readFileSync, default: { ...fs, readFileSync } };
  });
  const { validateRuleFile } = await import('../../src/rules/rule-schema.ts');
  expect(() => validateRuleFile({ file: 'rules/x/y.json', text: '{}', json: {} })).toThrow(
    'rules/schema/rule.schema.json:4:1: not valid JSON: Expected double-quoted property name',
  );
  vi.doUnmock('node:fs');
});
