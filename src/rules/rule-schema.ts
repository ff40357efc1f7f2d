import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsImport from 'ajv-formats';
import type { RawFile } from './read-rule-files.ts';
import type { RuleProblem } from './rule-problems.ts';

const SCHEMA_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../rules/schema');
const addFormats = addFormatsImport as unknown as (ajv: Ajv) => Ajv;

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);

const compiled = new Map<string, ValidateFunction>();
function validator(schemaFile: string): ValidateFunction {
  let fn = compiled.get(schemaFile);
  if (!fn) {
    fn = ajv.compile(JSON.parse(readFileSync(path.join(SCHEMA_DIR, schemaFile), 'utf8')) as object);
    compiled.set(schemaFile, fn);
  }
  return fn;
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
  return simplify(validate.errors ?? []).map((e) => ({ file: file.file, pointer: pointerOf(e), message: messageOf(e) }));
}

/** oneOf over condition shapes produces a cascade of errors; keep the most specific ones. */
function simplify(errors: readonly ErrorObject[]): ErrorObject[] {
  const specific = errors.filter((e) => e.keyword !== 'oneOf' && e.keyword !== 'if');
  return specific.length > 0 ? specific : [...errors];
}

function pointerOf(e: ErrorObject): string {
  if (e.keyword === 'required') return `${e.instancePath}/${(e.params as { missingProperty: string }).missingProperty}`;
  if (e.keyword === 'additionalProperties') return `${e.instancePath}/${(e.params as { additionalProperty: string }).additionalProperty}`;
  return e.instancePath;
}

function messageOf(e: ErrorObject): string {
  if (e.keyword === 'required') return `is required`;
  if (e.keyword === 'additionalProperties') return `is not an allowed member here`;
  if (e.keyword === 'enum') return `must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  return e.message ?? 'is invalid';
}
