import { readdirSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import type { ServiceHookName } from '../rules/rule-file.ts';
import { problemsFromAjv } from '../validate/problems-from-ajv.ts';
import { formatFileProblem } from '../validate/validation-result.ts';
import { JsonSyntaxError, readJsonFile } from '../util/json-file.ts';

/** One CDS service as declared in cds-hooks/*.json; discovery publishes it as a DiscoveryService, without requiredData and referenceData. */
export interface ServiceDefinition {
  readonly id: string;
  /** order-sign runs the order-select rules (rulesHookOf). */
  readonly hook: ServiceHookName;
  readonly title: string;
  readonly description: string;
  readonly usageRequirements?: string;
  readonly prefetch: Readonly<Record<string, string>>;
  /** Prefetch keys without which no rule can run: unobtainable → 412. Not published. */
  readonly requiredData: readonly string[];
  /** Prefetch keys read only to resolve references: unobtainable → no data-gap note. Not published. */
  readonly referenceData?: readonly string[];
}

export interface ServiceRegistry {
  readonly services: readonly ServiceDefinition[];
  get(id: string): ServiceDefinition | undefined;
}

/** Loads and checks every service definition; a bad file stops start-up with its name and the reason. */
export function loadServiceRegistry(dir: string): ServiceRegistry {
  const ajv = new Ajv({ allErrors: true, strict: false });
  const validate = ajv.compile(readJsonFile(path.join(dir, 'service-definition.schema.json')) as object);
  const problems: string[] = [];
  const services: ServiceDefinition[] = [];
  for (const entry of readdirSync(dir)
    .filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json'))
    .sort()) {
    const file = path.join(dir, entry);
    let json: unknown;
    try {
      json = readJsonFile(file);
    } catch (error) {
      if (!(error instanceof JsonSyntaxError)) throw error;
      problems.push(error.message);
      continue;
    }
    if (!validate(json)) {
      problems.push(...problemsFromAjv(validate.errors).map((problem) => formatFileProblem(file, problem)));
      continue;
    }
    const def = json as ServiceDefinition & { $schema?: string };
    for (const key of def.requiredData)
      if (!def.prefetch[key]) problems.push(`${file}: requiredData names "${key}", which is not a prefetch key`);
    for (const key of def.referenceData ?? [])
      if (!def.prefetch[key]) problems.push(`${file}: referenceData names "${key}", which is not a prefetch key`);
    if (services.some((s) => s.id === def.id)) problems.push(`${file}: duplicate service id "${def.id}"`);
    services.push(def);
  }
  if (problems.length > 0) throw new Error(`invalid service definitions:\n  ${problems.join('\n  ')}`);
  const byId = new Map(services.map((s) => [s.id, s]));
  return { services, get: (id) => byId.get(id) };
}
