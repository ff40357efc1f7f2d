import path from 'node:path';
import type { CliIo } from './command.ts';
import type { ExplainInput } from '../explain/explain.ts';
import { loadRuleSet, type RuleSet } from '../rule-set/rule-set.ts';
import { RuleSetError } from '../rules/rule-problems.ts';
import { formatProblem } from './source-lines.ts';
import { JsonSyntaxError, readJsonFile } from '../util/json-file.ts';

/** The rule set as the service would load it (draft only on request); problems printed as file:line. */
export function loadRuleSetForCli(root: string, dir: string | undefined, includeDraft: boolean, io: CliIo): RuleSet | undefined {
  try {
    return loadRuleSet(dir ? path.resolve(dir) : path.join(root, 'rules'), { includeDraft });
  } catch (error) {
    if (!(error instanceof RuleSetError)) throw error;
    for (const p of error.problems) io.err(formatProblem(p));
    io.err('the rule set does not load; run `ctc-advisor rules check` for details');
    return undefined;
  }
}

/** A file is a FHIR Bundle (a patient) or a CDS Hooks request; anything else is a string saying why not. */
export function readExplainInput(file: string): ExplainInput | string {
  let json: unknown;
  try {
    json = readJsonFile(file);
  } catch (error) {
    return error instanceof JsonSyntaxError ? error.message : `${file}: ${(error as Error).message}`;
  }
  const shape = json as { resourceType?: unknown; hook?: unknown } | null;
  if (shape?.resourceType === 'Bundle') return { bundle: json };
  if (typeof shape?.hook === 'string') return { request: json };
  return `${file} is neither a FHIR Bundle nor a CDS Hooks request`;
}
