import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { JsonSyntaxError, jsonSyntaxProblem, parseJsonText, readJsonFile } from '../../src/util/json-file.ts';
import { PROJECT_ROOT } from '../../src/config/config.ts';

/** The syntax error JSON.parse throws for `text` on this Node, located. */
function located(text: string): { line: number; column: number; reason: string } {
  try {
    parseJsonText(text, 'x.json');
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    return { line: error.line, column: error.column, reason: error.reason };
  }
  throw new Error('parsed');
}

describe('a JSON syntax error names its file, line and column', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ctc-json-file-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('readJsonFile: `<path>:<line>:<column>: not valid JSON: <reason>`', () => {
    const file = path.join(dir, 'broken.json');
    writeFileSync(file, '{\n  "id": "broken",\n  "version": "1.0.0",\n}\n');
    expect(() => readJsonFile(file)).toThrow(`${file}:4:1: not valid JSON: Expected double-quoted property name`);
  });

  it('the path is relative to the working directory when the file is inside it', () => {
    expect(() => parseJsonText('{', path.join(PROJECT_ROOT, 'cds-hooks', 'x.json'))).toThrow(/^cds-hooks\/x\.json:1:2: not valid JSON: /);
  });

  it('reads valid JSON as JSON.parse does, and a missing file is Node’s own error', () => {
    const file = path.join(dir, 'ok.json');
    writeFileSync(file, '{"a": [1, "two", null]}');
    expect(readJsonFile(file)).toEqual({ a: [1, 'two', null] });
    expect(() => readJsonFile(path.join(dir, 'missing.json'))).toThrow(/ENOENT/);
  });

  it.each([
    ['a trailing comma', '{\n  "a": 1,\n}', 3, 1],
    ['a missing comma', '{\n  "a": 1\n  "b": 2\n}', 3, 3],
    ['a misspelt literal', '{\n  "a": tru\n}', 2, 11],
    ['a trailing comma in an array', '[\n  1,\n  2,\n]', 4, 1],
    ['a control character in a string', '{\n  "a": "x\ty"\n}', 2, 10],
    ['text after the value', '{"a": 1}\n}', 2, 1],
    ['an unquoted key', '{\n  a: 1\n}', 2, 3],
  ])('%s', (_name, text, line, column) => {
    expect(located(text)).toMatchObject({ line, column });
  });

  it('the end of the input is just past the last character written, not on a blank line after it', () => {
    expect(located('{\n  "a": [1,\n\n')).toEqual({ line: 2, column: 11, reason: 'Unexpected end of JSON input' });
    expect(located('')).toEqual({ line: 1, column: 1, reason: 'Unexpected end of JSON input' });
    expect(located('\n\n')).toMatchObject({ line: 1, column: 1 });
  });

  it('the reason is V8’s without its position or its quote of the text', () => {
    expect(located('{"a": tru}').reason).toBe("Unexpected token '}'");
    expect(located('{"a": 1}}').reason).toBe('Unexpected non-whitespace character after JSON');
    expect(located('\uFEFF{}').reason).toMatch(/byte order mark/);
  });

  // Newer V8 (Node 22, 24) adds "(line L column C)" after the position, and some messages have no position at
  // all; whichever shape this Node throws, the location comes out the same.
  it.each([
    ['Node 20', `Expected ',' or '}' after property value in JSON at position 13`],
    ['Node 22+', `Expected ',' or '}' after property value in JSON at position 13 (line 3 column 3)`],
  ])('reads the position from %s wording', (_node, message) => {
    expect(jsonSyntaxProblem('{\n  "a": 1\n  "b": 2\n}', message)).toEqual({
      line: 3,
      column: 3,
      reason: `Expected ',' or '}' after property value`,
    });
  });

  it('without a position in the message, json-source-map finds it', () => {
    expect(jsonSyntaxProblem('{\n  "a": tru\n}', `Unexpected token '\n', "{\n  "a": tru\n}" is not valid JSON`)).toEqual({
      line: 2,
      column: 11,
      reason: String.raw`Unexpected token '\n'`,
    });
    expect(jsonSyntaxProblem('[1, 2', 'Unexpected end of JSON input')).toEqual({
      line: 1,
      column: 6,
      reason: 'Unexpected end of JSON input',
    });
  });
});
