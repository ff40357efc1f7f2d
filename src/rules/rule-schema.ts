import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsImport from 'ajv-formats';
import type { RawFile } from './read-rule-files.ts';
import type { RuleProblem } from './rule-problems.ts';
import { readJsonFile } from '../util/json-file.ts';
import { problemFromAjv } from '../validate/problems-from-ajv.ts';
import type { Problem } from '../validate/validation-result.ts';
import { entryOf } from '../util/map-entry.ts';

const SCHEMA_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../rules/schema');
const addFormats = addFormatsImport as unknown as (ajv: Ajv) => Ajv;

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);

const compiled = new Map<string, ValidateFunction>();
function validator(schemaFile: string): ValidateFunction {
  return entryOf(compiled, schemaFile, () => ajv.compile(readJsonFile(path.join(SCHEMA_DIR, schemaFile)) as object));
}

const KNOWLEDGE_SCHEMAS: Readonly<Record<string, string>> = {
  'references.json': 'references.schema.json',
  'topics.json': 'topics.schema.json',
  'source-attributes.json': 'source-attributes.schema.json',
  'terminology.json': 'terminology.schema.json',
};

export function validateRuleFile(file: RawFile): RuleProblem[] {
  return check(validator('rule.schema.json'), file);
}

export function validateKnowledgeFile(name: string, file: RawFile): RuleProblem[] {
  const schema = KNOWLEDGE_SCHEMAS[name];
  return schema ? check(validator(schema), file) : [];
}

function check(validate: ValidateFunction, file: RawFile): RuleProblem[] {
  if (validate(file.json)) return [];
  const seen = new Set<string>();
  const problems: RuleProblem[] = [];
  for (const e of simplify(validate.errors ?? [], file.json)) {
    const problem = problemOf(e, file.json);
    if (!problem) continue;
    const key = `${problem.path}\n${problem.message}`;
    if (!seen.has(key)) problems.push({ file: file.file, pointer: problem.path, message: problem.message });
    seen.add(key);
  }
  return problems;
}

/**
 * oneOf over condition shapes produces a cascade of errors; keep the most specific ones. A condition
 * that names a `fact` is a leaf: the errors of the other branch (a group: all/any/not) are noise there.
 */
function simplify(errors: readonly ErrorObject[], json: unknown): ErrorObject[] {
  const leaves = new Set(
    errors.filter((e) => e.keyword === 'oneOf' && hasFact(resolvePointer(json, e.instancePath))).map((e) => e.instancePath),
  );
  // ajv reports the group branch's errors (through $ref) at the group schema's own paths, e.g. `#/maxProperties`.
  const groupNoise = (e: ErrorObject) => leaves.has(e.instancePath) && GROUP_KEYWORDS.has(e.keyword) && !e.schemaPath.includes('/oneOf/');
  const specific = errors.filter((e) => e.keyword !== 'oneOf' && e.keyword !== 'if' && e.keyword !== 'anyOf' && !groupNoise(e));
  return specific.length > 0 ? specific : [...errors];
}

const GROUP_KEYWORDS = new Set(['minProperties', 'maxProperties', 'additionalProperties']);

function hasFact(value: unknown): boolean {
  return typeof value === 'object' && value !== null && Object.hasOwn(value, 'fact');
}

function resolvePointer(json: unknown, pointer: string): unknown {
  let node = json;
  for (const token of pointer.split('/').slice(1)) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[token.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return node;
}

/** Fact and operator names in the lint's words; everything else in the service's one ajv wording. */
function problemOf(e: ErrorObject, json: unknown): Problem | undefined {
  // Fact and operator names are enums for the editor's completion (scripts/generate-rule-schema.ts); name the culprit, not all 80 names.
  const culprit = () => JSON.stringify(resolvePointer(json, e.instancePath));
  if (e.schemaPath.startsWith('#/definitions/factName/'))
    return { path: e.instancePath, message: `unknown fact ${culprit()} (see docs/facts.md)` };
  if (e.schemaPath.startsWith('#/definitions/operator/')) return { path: e.instancePath, message: `unknown operator ${culprit()}` };
  return problemFromAjv(e);
}
