import type { CodeableConcept, Condition } from 'fhir/r4';
import type { Terminology } from './terminology.ts';
import type { DataQualityNote } from './data-quality.ts';
import type { ResourceIndex } from './resource-index.ts';
import { refOf } from './observation-hygiene.ts';
import type { CancerInput } from './cancer.ts';

/** mCODE's StructureDefinition base; a profile is this plus its name. */
export const MCODE = 'http://hl7.org/fhir/us/mcode/StructureDefinition/';
const SECONDARY_PROFILE = `${MCODE}mcode-secondary-cancer-condition`;
const INACTIVE = new Set(['inactive', 'resolved', 'remission']);

/** A secondary cancer Condition: the site it records and the primary it names. */
export interface Secondary {
  readonly ref: string;
  readonly site: string;
  /** The primary Condition it names (mCODE related-primary-cancer-condition), when it names one. */
  readonly primary: string | undefined;
}

/** The patient's cancer Conditions, read: primaries by type, secondaries, and the statuses that qualify a primary. */
export interface CancerConditions {
  /** The primary Conditions of each cancer type, in the order they came. */
  readonly byType: ReadonlyMap<string, readonly Condition[]>;
  /** Each primary Condition's cancer type. */
  readonly typeOfCondition: ReadonlyMap<string, string>;
  readonly secondaries: readonly Secondary[];
  /** Conditions read (not refuted, not inactive): only their stages count. */
  readonly active: ReadonlySet<string>;
  /** Conditions coded as castration-resistant prostate cancer. */
  readonly castrationResistantRefs: ReadonlySet<string>;
  /** The first Condition recording hormone-resistant malignancy status, which names no cancer of its own. */
  readonly hormoneResistant: string | undefined;
}

/**
 * Each usable Condition becomes a secondary (a metastasis site), a primary of one cancer type, or a
 * status that qualifies a primary; refuted Conditions and those in an older FHIR form get a note.
 */
export function readCancerConditions(input: CancerInput, terminology: Terminology, notes: DataQualityNote[]): CancerConditions {
  const typeOfCondition = new Map<string, string>();
  const byType = new Map<string, Condition[]>();
  const addPrimary = (condition: Condition, type: string): void => {
    typeOfCondition.set(refOf(condition), type);
    byType.set(type, [...(byType.get(type) ?? []), condition]);
  };
  const secondaries: Secondary[] = [];
  let hormoneResistant: string | undefined;
  let liverUnspecified: Condition | undefined;
  let siteUnstated: Condition | undefined;
  const active = new Set<string>();
  const castrationResistantRefs = new Set<string>();
  for (const condition of input.conditions) {
    if (!isActive(condition, notes)) continue;
    const ref = refOf(condition);
    active.add(ref);
    if (olderForm(condition)) {
      notes.push({
        code: 'older-fhir-form',
        message: `${ref} is in an older FHIR form (status as plain text, or \`patient\` instead of \`subject\`); its codes and plain-text statuses were read.`,
        resource: ref,
        family: 'cancer',
      });
    }
    const site = secondarySite(condition, terminology);
    if (site) {
      secondaries.push({ ref, site, primary: relatedPrimary(condition, input.index) });
      continue;
    }
    const concept = terminology.lookup('condition', condition.code?.coding);
    if (!concept) continue;
    if (concept === 'hormone-resistant-status') {
      hormoneResistant ??= ref;
      continue;
    }
    if (concept === 'liver-unspecified') {
      liverUnspecified ??= condition;
      continue;
    }
    if (concept === 'site-unstated') {
      siteUnstated ??= condition;
      continue;
    }
    // A CTC is CD45-negative by definition: a blood cancer never competes for tumour-cell results.
    if (concept === 'haematological') continue;
    if (concept === 'prostate-castration-resistant') castrationResistantRefs.add(ref);
    addPrimary(condition, primaryType(concept, condition, terminology));
  }
  // Codes that are a primary only when nothing more specific is recorded: beside a known primary they are
  // most often that cancer coded vaguely, or its metastasis.
  const vague: readonly [Condition | undefined, string, string][] = [
    [
      liverUnspecified,
      'liver',
      'a liver malignancy not stated as primary or secondary; beside another primary cancer it was not counted as primary liver cancer',
    ],
    [siteUnstated, 'other', 'a malignancy without its site; beside a known primary cancer it was not counted as another one'],
  ];
  const specific = byType.size > 0;
  for (const [condition, type, why] of vague) {
    if (!condition) continue;
    const ref = refOf(condition);
    if (specific) {
      notes.push({ code: 'uncertain-primary', message: `${ref} records ${why}.`, resource: ref, family: 'cancer' });
    } else {
      addPrimary(condition, type);
    }
  }
  return { byType, typeOfCondition, secondaries, active, castrationResistantRefs, hormoneResistant };
}

/** Refuted and entered-in-error Conditions are noted and not used; inactive, resolved and in-remission ones are not used. */
function isActive(condition: Condition, notes: DataQualityNote[]): boolean {
  if (statusCodes(condition.verificationStatus).some((c) => c === 'entered-in-error' || c === 'refuted')) {
    const ref = refOf(condition);
    notes.push({
      code: 'entered-in-error',
      message: `${ref} is refuted or entered in error; it was not used.`,
      resource: ref,
      family: 'cancer',
    });
    return false;
  }
  return !statusCodes(condition.clinicalStatus).some((c) => INACTIVE.has(c));
}

/** The metastasis site a secondary cancer Condition records (`unspecified` when it gives none); undefined for any other Condition. */
function secondarySite(condition: Condition, terminology: Terminology): string | undefined {
  const coded =
    terminology.lookup('metastasis-site', condition.code?.coding) ?? (hasProfile(condition, SECONDARY_PROFILE) ? 'unspecified' : undefined);
  // A secondary coded without its site (128462008 "metastatic malignant neoplasm") may state it in bodySite.
  return coded === 'unspecified'
    ? (asArray(condition.bodySite)
        .map((b) => terminology.lookup('body-site', b?.coding))
        .find((b) => b !== undefined) ?? coded)
    : coded;
}

/** The cancer type a primary's concept counts as: castration-resistant prostate is prostate, lung takes its histology when stated. */
function primaryType(concept: string, condition: Condition, terminology: Terminology): string {
  return concept === 'prostate-castration-resistant'
    ? 'prostate'
    : concept === 'lung'
      ? (histologyOf(condition, terminology) ?? 'lung')
      : concept;
}

/** A status's codes: an R4 CodeableConcept, or the plain code a DSTU2-era Condition carries. */
function statusCodes(status: CodeableConcept | string | undefined | null): string[] {
  if (typeof status === 'string') return [status];
  return asArray(status?.coding).flatMap((c) => (typeof c?.code === 'string' ? [c.code] : []));
}

/** DSTU2-era Conditions (R4 made the statuses CodeableConcepts and renamed `patient` to `subject`). */
function olderForm(condition: Condition): boolean {
  const c = condition as unknown as Record<string, unknown>;
  return (
    typeof c.clinicalStatus === 'string' || typeof c.verificationStatus === 'string' || (c.patient !== undefined && c.subject === undefined)
  );
}

/** Lung cancer coded without its type: the mCODE histology-morphology-behavior extension may say small cell or non-small cell. */
function histologyOf(condition: Condition, terminology: Terminology): string | undefined {
  for (const e of asArray(condition.extension)) {
    if (typeof e?.url === 'string' && e.url.endsWith('histology-morphology-behavior')) {
      const type = terminology.lookup('histology', e.valueCodeableConcept?.coding);
      if (type) return type;
    }
  }
  return undefined;
}

/** meta.profile names the canonical, often with a version (`…/mcode-secondary-cancer-condition|4.0.0`). */
export function hasProfile(resource: { meta?: { profile?: string[] } }, profile: string): boolean {
  return asArray(resource.meta?.profile).some((p) => typeof p === 'string' && (p === profile || p.startsWith(`${profile}|`)));
}

/** mCODE SecondaryCancerCondition's related-primary-cancer-condition extension (STU1 and STU2 URLs). */
function relatedPrimary(condition: Condition, index: ResourceIndex): string | undefined {
  for (const e of asArray(condition.extension)) {
    if (typeof e?.url !== 'string' || !/related-?primary-?cancer-?condition/i.test(e.url)) continue;
    const primary = index.resolve<Condition>(e.valueReference, 'Condition');
    if (primary) return refOf(primary);
  }
  return undefined;
}

/** EHR JSON: a member the type says is an array may be missing or not an array. */
export function asArray<T>(value: readonly T[] | T[] | undefined | null): readonly T[] {
  return Array.isArray(value) ? value : [];
}
