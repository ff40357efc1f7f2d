import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { RuleProblem } from './rule-problems.ts';
import { JsonSyntaxError, parseJsonText } from '../util/json-file.ts';

export interface RawFile {
  readonly file: string;
  readonly text: string;
  readonly json: unknown;
}

/**
 * Rules are the JSON files in the topic sub-folders of the rules directory; the top-level files
 * (terminology, references, topics, source attributes) and `schema/` are data the rules refer to.
 */
export function readRuleFiles(rulesDir: string, problems: RuleProblem[]): RawFile[] {
  const files: RawFile[] = [];
  for (const entry of readdirSync(rulesDir).sort()) {
    const full = path.join(rulesDir, entry);
    if (entry === 'schema' || !statSync(full).isDirectory()) continue;
    for (const file of walk(full)) {
      const parsed = readJson(file, problems);
      if (parsed) files.push(parsed);
    }
  }
  return files;
}

export function readJson(file: string, problems: RuleProblem[]): RawFile | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    problems.push({ file, pointer: '', message: `cannot read: ${(error as Error).message}` });
    return undefined;
  }
  try {
    return { file, text, json: parseJsonText(text, file) };
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    problems.push({ file, pointer: '', message: `not valid JSON: ${error.reason}`, line: error.line, column: error.column });
    return undefined;
  }
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) out.push(...walk(full));
    else if (entry.endsWith('.json')) out.push(full);
  }
  return out;
}
