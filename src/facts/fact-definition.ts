import type { ClinicalPicture } from '../normalize/clinical-picture.ts';

export type FactType = 'number' | 'string' | 'boolean' | 'string[]' | 'date' | 'record' | 'record[]';

/** A value a rule condition can test. `null` is the explicit "no data" (never undefined). */
export type FactValue =
  | number
  | string
  | boolean
  | readonly string[]
  | Readonly<Record<string, unknown>>
  | readonly Readonly<Record<string, unknown>>[]
  | null;

/**
 * The contract between code and rules: a fact's name, type, unit and meaning. This list is the one
 * source of truth: the engine is fed from it, `rules check` lints against it, docs/facts.md is generated from it.
 */
export interface FactDefinition {
  readonly name: string;
  readonly type: FactType;
  /** Short label for the 'Patient data used' list on cards, e.g. "Latest CTC count". */
  readonly label: string;
  readonly description: string;
  readonly unit?: string;
  /** Words that follow the value in a card's patient-data line ("31 per 2 mL"), so the unit stays with its value. */
  readonly valueUnit?: string;
  /** Closed value set for string and string[] facts; `rules check` rejects other values in conditions. */
  readonly values?: readonly string[];
  readonly derive: (picture: ClinicalPicture) => FactValue;
  /** How the value reads on a card; default: plain text. */
  readonly format?: (value: Exclude<FactValue, null>) => string;
}

export function defineFacts(...groups: readonly (readonly FactDefinition[])[]): readonly FactDefinition[] {
  return groups.flat();
}
