import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { PROJECT_ROOT } from '../../../src/config/config.ts';
import { hostileValue, PROTO_KEYS } from './hostile-values.ts';
import { Entries } from './json-text.ts';

/** A ready CDS Hooks request from fhir-fixtures/requests and the service it is for. */
interface FixtureRequest {
  readonly file: string;
  readonly serviceId: string;
  readonly body: unknown;
}

const DIR = path.join(PROJECT_ROOT, 'fhir-fixtures', 'requests');

export function fixtureRequests(): FixtureRequest[] {
  return readdirSync(DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({
      file,
      serviceId: file.includes('.order-select.') ? 'ctc-advisor-order-select' : 'ctc-advisor-patient-view',
      body: JSON.parse(readFileSync(path.join(DIR, file), 'utf8')) as unknown,
    }));
}

type Path = readonly (string | number)[];

function pathsOf(value: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  out.push(prefix);
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) pathsOf(v, [...prefix, i], out);
  } else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) pathsOf(v, [...prefix, k], out);
  return out;
}

type Mutation =
  | { kind: 'replace'; value: unknown }
  | { kind: 'delete' }
  | { kind: 'add-key'; key: string; value: unknown }
  | { kind: 'duplicate' };

/** Applies one mutation at `at`, copying along the way (the fixture itself stays intact). */
function mutate(value: unknown, at: Path, mutation: Mutation): unknown {
  if (at.length === 0) {
    if (mutation.kind === 'replace') return mutation.value;
    if (mutation.kind === 'add-key' && value !== null && typeof value === 'object' && !Array.isArray(value))
      return new Entries([...Object.entries(value), [mutation.key, mutation.value]]);
    if (mutation.kind === 'duplicate' && Array.isArray(value)) return [...value, ...value];
    return mutation.kind === 'delete' ? undefined : value;
  }
  const [head, ...rest] = at;
  if (Array.isArray(value)) return value.map((v, i) => (i === head ? mutate(v, rest, mutation) : v)).filter((v) => v !== undefined);
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  const next = mutate(copy[head as string], rest, mutation);
  if (next === undefined) delete copy[head as string];
  else copy[head as string] = next;
  return copy;
}

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 5, arbitrary: hostileValue.map((value) => ({ kind: 'replace' as const, value })) },
  { weight: 2, arbitrary: fc.constant({ kind: 'delete' as const }) },
  {
    weight: 2,
    arbitrary: fc.tuple(fc.constantFrom(...PROTO_KEYS), hostileValue).map(([key, value]) => ({ kind: 'add-key' as const, key, value })),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'duplicate' as const }) },
);

/** A fixture request with one to three mutations at random places in its JSON tree. */
export function mutatedFixture(fixtures: readonly FixtureRequest[]): fc.Arbitrary<{ serviceId: string; file: string; body: unknown }> {
  return fc
    .tuple(fc.constantFrom(...fixtures), fc.array(fc.tuple(fc.nat(), mutation), { minLength: 1, maxLength: 3 }))
    .map(([fixture, steps]) => {
      let body = fixture.body;
      for (const [pick, m] of steps) {
        if (body instanceof Entries) break;
        const paths = pathsOf(body);
        body = mutate(body, paths[pick % paths.length] ?? [], m);
      }
      return { serviceId: fixture.serviceId, file: fixture.file, body };
    });
}
