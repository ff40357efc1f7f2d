import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/config/config.ts';
import { loadRuleSet, type RuleSet } from '../../src/rule-set/rule-set.ts';
import { loadServiceRegistry, type ServiceRegistry } from '../../src/services/service-registry.ts';
import { handleServiceCall } from '../../src/service-call.ts';
import { offlinePipeline, requestFromFile } from '../../src/simulate/offline-pipeline.ts';
import type { Card } from '../../src/validate/cds-hooks-types.ts';

/**
 * Shared by the issue-15 tests: the standard-coded (mCODE) fixture folder, its expectations, and one
 * call of the real pipeline (requestFromFile → offlinePipeline → handleServiceCall), as
 * tests/safety/every-fixture-card.test.ts runs it.
 */
export const MCODE_DIR = path.join(PROJECT_ROOT, 'fhir-fixtures', 'patients', 'mcode');
const EXPECTATIONS_FILE = path.join(MCODE_DIR, 'expectations.json');

export type FactExpectation =
  | string
  | number
  | boolean
  | null
  | readonly string[]
  | { readonly oneOf: readonly (string | number | boolean | null)[] };

interface PatientExpectation {
  readonly covers: readonly string[];
  readonly description: string;
  readonly primaries: readonly string[];
  readonly mustFire: readonly string[];
  readonly mustNotFire: readonly string[];
  readonly facts?: Readonly<Record<string, FactExpectation>>;
  readonly picture?: { readonly cancerDataQualityNote?: boolean };
}

interface Expectations {
  readonly description: string;
  readonly evaluatedAt: string;
  readonly hook: 'patient-view';
  readonly pendingRuleIds: Readonly<Record<string, string>>;
  readonly patients: Readonly<Record<string, PatientExpectation>>;
}

export const expectations = JSON.parse(readFileSync(EXPECTATIONS_FILE, 'utf8')) as Expectations;
export const AT = new Date(expectations.evaluatedAt);

/** The patient Bundles of the folder (every .json but the expectations), sorted. */
export const mcodeFiles = readdirSync(MCODE_DIR)
  .filter((f) => f.endsWith('.json') && f !== 'expectations.json')
  .sort();

export const readJson = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));

let ruleSet: RuleSet | undefined;
let services: ServiceRegistry | undefined;
function pipelineParts(): { ruleSet: RuleSet; services: ServiceRegistry } {
  ruleSet ??= loadRuleSet(path.join(PROJECT_ROOT, 'rules'));
  services ??= loadServiceRegistry(path.join(PROJECT_ROOT, 'cds-hooks'));
  return { ruleSet, services };
}

export interface CallOutcome {
  readonly cards: readonly Card[];
  readonly shadowCards: readonly Card[];
  /** What the real pipeline saw: the trace's ClinicalPicture and notes (shape owned by src/). */
  readonly trace: Awaited<ReturnType<typeof handleServiceCall>>['trace'];
}

/** One call through the real pipeline at the fixed evaluation time. */
export async function callFixture(file: string, hook: 'patient-view' | 'order-select', at: Date = AT): Promise<CallOutcome> {
  const { ruleSet: rules, services: registry } = pipelineParts();
  const { serviceId, body } = requestFromFile(file, hook, registry);
  const { response, trace } = await handleServiceCall(offlinePipeline(rules, registry, at), serviceId, body);
  return { cards: response.cards as Card[], shadowCards: trace.shadowCards, trace };
}

export const ruleIdOf = (card: Card): string | undefined => (card.extension?.['org.ctc-advisor.rule'] as { id?: string } | undefined)?.id;

/** Every rule file under rules/ (the JSON, read directly): id → conditions. */
export function ruleConditions(): Map<string, unknown> {
  const out = new Map<string, unknown>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'schema') walk(full);
      } else if (entry.name.endsWith('.json')) {
        const json = readJson(full) as { id?: unknown; conditions?: unknown };
        if (typeof json.id === 'string' && json.conditions !== undefined) out.set(json.id, json.conditions);
      }
    }
  };
  walk(path.join(PROJECT_ROOT, 'rules'));
  return out;
}
