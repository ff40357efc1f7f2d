import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The mCODE value-set expansions copied under ../shared (relative to the project root). Build-time and
 * test-time only: the service never reads them; what it needs is copied into rules/terminology.json.
 */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const MCODE_VALUESETS = path.resolve(PROJECT_ROOT, '..', 'shared', 'reference', 'mcode', 'valuesets');

export const SNOMED = 'http://snomed.info/sct';
export const ICD10CM = 'http://hl7.org/fhir/sid/icd-10-cm';
export const ICD10 = 'http://hl7.org/fhir/sid/icd-10';

const VALUE_SET_FILES = {
  primary: '1.18.1/ValueSet-mcode-primary-or-uncertain-behavior-cancer-disorder-vs.json',
  secondary: '1.18.1/ValueSet-mcode-secondary-cancer-disorder-vs.json',
  surgical: '1.18.1/ValueSet-mcode-cancer-related-surgical-procedure-vs.json',
  radiation: '1.0.1/ValueSet-mcode-radiation-procedure-vs.json',
  teleradiotherapy: '1.18.1/ValueSet-mcode-teleradiotherapy-modality-vs.json',
  brachytherapy: '1.18.1/ValueSet-mcode-brachytherapy-modality-vs.json',
  treatmentIntent: '1.0.1/ValueSet-mcode-treatment-intent-vs.json',
} as const;

type ValueSetName = keyof typeof VALUE_SET_FILES;

interface ExpansionEntry {
  readonly system: string;
  readonly code: string;
  readonly display: string;
}

/** One value set's expansion: entries in file order, and a system|code → display index. */
export class Expansion {
  private readonly index = new Map<string, string>();
  constructor(
    readonly name: ValueSetName,
    readonly entries: readonly ExpansionEntry[],
  ) {
    for (const e of entries) this.index.set(`${e.system}|${e.code}`, e.display);
  }

  has(system: string, code: string): boolean {
    return this.index.has(`${system}|${code}`);
  }

  display(system: string, code: string): string | undefined {
    return this.index.get(`${system}|${code}`);
  }

  codes(system: string): readonly ExpansionEntry[] {
    return this.entries.filter((e) => e.system === system);
  }
}

/** Throws (never skips) when ../shared is missing: CI has it, and a silent pass would check nothing. */
export function loadExpansion(name: ValueSetName, dir = MCODE_VALUESETS): Expansion {
  const file = path.join(dir, VALUE_SET_FILES[name]);
  if (!existsSync(file))
    throw new Error(`mCODE value set not found: ${file}. The checks need ../shared/reference/mcode next to the project root.`);
  const json = JSON.parse(readFileSync(file, 'utf8')) as {
    expansion?: { contains?: { system?: string; code?: string; display?: string }[] };
  };
  const entries = (json.expansion?.contains ?? []).flatMap((c) =>
    c.system && c.code ? [{ system: c.system, code: c.code, display: c.display ?? '' }] : [],
  );
  return new Expansion(name, entries);
}

/** "Secondary malignant neoplasm of liver (disorder)" → "Secondary malignant neoplasm of liver". */
export function plainDisplay(display: string): string {
  return display.replace(/\s*\((disorder|disease|procedure|regime\/therapy|qualifier value)\)$/, '');
}
