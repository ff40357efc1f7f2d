import type { ErrorObject } from 'ajv';
import type { Problem } from './validation-result.ts';

// Invariants encoded in the schemas get their spec wording back. ajv's schemaPath is relative
// to the $ref'd definition, so they are recognised by keyword and the offending member's path.
const INVARIANT_MESSAGES: readonly { readonly keyword: string; readonly path: RegExp; readonly message: string }[] = [
  { keyword: 'dependencies', path: /^\/fhirServer$/, message: 'is required when fhirAuthorization is present (cds-r-1)' },
  { keyword: 'dependencies', path: /\/cards\/\d+\/selectionBehavior$/, message: 'is required when suggestions are present (cds-resp-6)' },
  { keyword: 'required', path: /\/overrideReasons\/\d+\/display$/, message: 'is required on every override reason (cds-resp-4)' },
  { keyword: 'required', path: /\/actions\/\d+\/description$/, message: 'is required on every suggestion action (cds-resp-5)' },
  { keyword: 'false schema', path: /\/links\/\d+\/appContext$/, message: 'is only allowed on smart links (cds-resp-3)' },
  { keyword: 'false schema', path: /[aA]ctions\/\d+\/resource$/, message: 'must be omitted on a delete; use resourceId (cds-resp-2)' },
  { keyword: 'required', path: /[aA]ctions\/\d+\/resourceId$/, message: 'is required on a delete (cds-resp-2)' },
  { keyword: 'required', path: /[aA]ctions\/\d+\/resource$/, message: 'is required on a create or update' },
];

/**
 * Turns ajv errors into plain-worded problems: the one wording for every schema the service checks
 * (requests, responses, feedback, rule files, service definitions, trusted clients, FHIR resource shape).
 * Compiled with `verbose`, a null member and a described pattern get better words.
 */
export function problemsFromAjv(errors: readonly ErrorObject[] | null | undefined, prefix = ''): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const error of errors ?? []) {
    const problem = problemFromAjv(error, prefix);
    const key = `${problem?.path}\u0000${problem?.message}`;
    if (problem && !seen.has(key)) {
      seen.add(key);
      problems.push(problem);
    }
  }
  return problems;
}

/** One ajv error in those words, its path under `prefix`; undefined for an error that only wraps others. */
export function problemFromAjv(error: ErrorObject, prefix = ''): Problem | undefined {
  // An unmet if/then is reported by the inner keyword already; the wrapper only adds noise.
  if (error.keyword === 'if') return undefined;
  const member = memberOf(error);
  const path = prefix + error.instancePath + (member === undefined ? '' : `/${escapePointer(member)}`);
  const invariant = INVARIANT_MESSAGES.find((entry) => entry.keyword === error.keyword && entry.path.test(path));
  return { path, message: invariant?.message ?? describe(error) };
}

function memberOf(error: ErrorObject): string | undefined {
  const params: Record<string, unknown> = error.params;
  if (error.keyword === 'required' || error.keyword === 'dependencies') return String(params['missingProperty']);
  if (error.keyword === 'additionalProperties') return String(params['additionalProperty']);
  return undefined;
}

function describe(error: ErrorObject): string {
  const params: Record<string, unknown> = error.params;
  switch (error.keyword) {
    case 'required':
      return 'is required';
    case 'dependencies':
      return `is required when ${String(params['property'])} is present`;
    case 'additionalProperties':
    case 'false schema':
      return 'is not allowed here';
    case 'type':
      // The root cannot be omitted, so a null body just has the wrong type.
      return error.data === null && error.instancePath !== ''
        ? 'must not be null (omit the member instead)'
        : `must be ${typeWords(params['type'])}`;
    case 'enum':
      return `must be one of: ${(params['allowedValues'] as readonly unknown[]).map(String).join(', ')}`;
    case 'const':
      return `must be ${JSON.stringify(params['allowedValue'])}`;
    case 'format':
      return `must be a valid ${String(params['format'])}`;
    case 'pattern': {
      const description = error.parentSchema?.['description'];
      return typeof description === 'string' ? `must be ${description}` : `must match ${String(params['pattern'])}`;
    }
    case 'minLength':
      return params['limit'] === 1
        ? 'must not be empty (omit the member instead)'
        : `must be at least ${String(params['limit'])} characters long`;
    case 'maxLength':
      return `must be at most ${String(params['limit'])} characters long`;
    case 'minItems':
      return params['limit'] === 1
        ? 'must not be an empty array (omit the member instead)'
        : `must have at least ${String(params['limit'])} items`;
    case 'minProperties':
      return params['limit'] === 1
        ? 'must not be an empty object (omit the member instead)'
        : `must have at least ${String(params['limit'])} members`;
    default:
      return error.message ?? `fails the ${error.keyword} rule`;
  }
}

function typeWords(type: unknown): string {
  const names = Array.isArray(type) ? type.map(String) : String(type).split(',');
  const words = names.map((name) => (name === 'null' ? 'null' : `${/^[aeiou]/.test(name) ? 'an' : 'a'} ${name}`));
  return words.join(' or ');
}

function escapePointer(member: string): string {
  return member.replaceAll('~', '~0').replaceAll('/', '~1');
}
