import { entryOf } from '../util/map-entry.ts';

/** A FHIR Coding as it arrives: every member may be missing. */
export interface CodingLike {
  readonly system?: string | undefined;
  readonly code?: string | undefined;
}

export type ConceptCategory =
  | 'observation'
  | 'condition'
  | 'metastasis-site'
  | 'assay'
  | 'specimen'
  | 'medication'
  | 'procedure'
  | 'order'
  | 'answer'
  | 'stage'
  | 'histology'
  | 'body-site';

/** How a code in the map was checked (schema: terminology.schema.json#/definitions/confidence). */
export type CodeConfidence = 'valueset' | 'standard' | 'seen' | 'product' | 'memory';

export interface ConceptCoding {
  readonly system: string;
  readonly code: string;
  readonly display?: string;
  readonly confidence?: CodeConfidence;
  readonly note?: string;
}

export interface ConceptPrefix {
  readonly system: string;
  readonly prefix: string;
  readonly confidence?: CodeConfidence;
  readonly note?: string;
}

export interface ConceptEntry {
  readonly description: string;
  readonly codings?: readonly ConceptCoding[];
  readonly codePrefixes?: readonly ConceptPrefix[];
}

export interface UnitEntry {
  readonly system?: string;
  readonly code?: string;
  readonly unitText?: string;
  /** Multiply the reported value by this to get a count per 7.5 mL whole blood (or per the family's reference volume). */
  readonly factor?: number;
  readonly per7_5mL?: number;
  /** DTC: multiply to get a count per 2×10⁶ nucleated cells. */
  readonly per2M?: number;
  /** Clusters: multiply to get a count per mL; absent = per sample as reported. */
  readonly perMl?: number;
}

/** Documented configuration values (cut points, windows); each carries its reason in the file. */
export type SettingName =
  | 'ki67CutPointPercent'
  | 'receptorPositivePercent'
  | 'followUpAfterMonths'
  | 'therapyEpisodeGapDays'
  | 'trendStableFraction';

const SETTING_DEFAULTS: Readonly<Record<SettingName, number>> = {
  ki67CutPointPercent: 20,
  receptorPositivePercent: 1,
  followUpAfterMonths: 12,
  therapyEpisodeGapDays: 60,
  trendStableFraction: 0.1,
};

export interface TerminologyFile {
  readonly version: string;
  readonly canonicalBase: string;
  readonly concepts: Readonly<Partial<Record<ConceptCategory, Readonly<Record<string, ConceptEntry>>>>>;
  readonly units: Readonly<Record<string, readonly UnitEntry[]>>;
  readonly settings?: Readonly<Partial<Record<SettingName, { readonly value: number; readonly reason: string }>>>;
}

/**
 * The terminology map, indexed once at load. Matching is on system + code only (never display):
 * public data is full of right codes with wrong displays (fhir-terminology.md §1.6).
 */
export class Terminology {
  /**
   * category → code → the systems that define it: a lookup hashes only the short code (a new string
   * per call) and compares the system, instead of hashing a long system URL too. No key string is built.
   */
  private readonly exact = new Map<string, Map<string, { readonly system: string; concept: string }[]>>();
  /** Code prefixes per category + system, longest first, so a lookup scans only its own list. */
  private readonly prefixes = new Map<string, Map<string, { prefix: string; concept: string }[]>>();

  constructor(readonly file: TerminologyFile) {
    for (const [category, concepts] of Object.entries(file.concepts) as [ConceptCategory, Record<string, ConceptEntry>][]) {
      for (const [concept, entry] of Object.entries(concepts)) {
        for (const coding of entry.codings ?? []) {
          // The map was once keyed by "system|code": a '|' inside either let other splits of the same text match too.
          for (const [system, code] of pipeSplits(coding.system, coding.code)) define(inner(this.exact, category), system, code, concept);
        }
        for (const p of entry.codePrefixes ?? []) {
          const bySystem = inner(this.prefixes, category);
          bySystem.set(p.system, [...(bySystem.get(p.system) ?? []), { prefix: p.prefix, concept }]);
        }
      }
    }
    // Longest prefix first, so C79.5 (bone) wins over a hypothetical C79.
    for (const bySystem of this.prefixes.values())
      for (const list of bySystem.values()) list.sort((a, b) => b.prefix.length - a.prefix.length);
  }

  /** The concept id the first matching coding maps to, or undefined. */
  lookup(category: ConceptCategory, codings: readonly CodingLike[] | undefined): string | undefined {
    // Codings come straight from EHR JSON: a non-array or a null item is no coding, not a crash.
    if (!Array.isArray(codings)) return undefined;
    const exact = this.exact.get(category);
    const prefixes = this.prefixes.get(category);
    for (const coding of codings as readonly (CodingLike | null)[]) {
      if (typeof coding?.system !== 'string' || typeof coding.code !== 'string') continue;
      const code = coding.code;
      const hit = exact && conceptOf(exact, coding.system, code);
      if (hit) return hit;
      const candidates = prefixes?.get(coding.system);
      if (candidates) for (const p of candidates) if (code.startsWith(p.prefix)) return p.concept;
    }
    return undefined;
  }

  describe(category: ConceptCategory, concept: string): string | undefined {
    return this.file.concepts[category]?.[concept]?.description;
  }

  units(family: string): readonly UnitEntry[] {
    return this.file.units[family] ?? [];
  }

  /** A configuration value from `settings` (the schema requires them; defaults keep hand-built maps in tests usable). */
  setting(name: SettingName): number {
    return this.file.settings?.[name]?.value ?? SETTING_DEFAULTS[name];
  }
}

function inner<V>(outer: Map<string, Map<string, V>>, key: string): Map<string, V> {
  return entryOf(outer, key, () => new Map());
}

/** A later definition of the same system + code replaces an earlier one, as a keyed map would. */
function define(byCode: Map<string, { readonly system: string; concept: string }[]>, system: string, code: string, concept: string): void {
  const systems = byCode.get(code);
  const same = systems?.find((s) => s.system === system);
  if (same) same.concept = concept;
  else if (systems) systems.push({ system, concept });
  else byCode.set(code, [{ system, concept }]);
}

function conceptOf(
  byCode: ReadonlyMap<string, readonly { readonly system: string; readonly concept: string }[]>,
  system: string,
  code: string,
): string | undefined {
  const systems = byCode.get(code);
  if (systems) for (const s of systems) if (s.system === system) return s.concept;
  return undefined;
}

/** Every (system, code) whose "system|code" text equals this coding's; without a '|' inside, just the coding. */
function pipeSplits(system: string, code: string): [string, string][] {
  const joined = `${system}|${code}`;
  const splits: [string, string][] = [];
  for (let i = joined.indexOf('|'); i !== -1; i = joined.indexOf('|', i + 1)) splits.push([joined.slice(0, i), joined.slice(i + 1)]);
  return splits;
}
