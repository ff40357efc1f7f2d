import type { CodeableConcept, Condition } from 'fhir/r4';
import type { Terminology } from './terminology.ts';
import type { ResourceIndex } from './resource-index.ts';
import { refOf } from './observation-hygiene.ts';

/** mCODE's StructureDefinition base; a profile is this plus its name. */
export const MCODE = 'http://hl7.org/fhir/us/mcode/StructureDefinition/';

/** A secondary cancer Condition: the site it records and the primary it names. */
export interface Secondary {
  readonly ref: string;
  readonly site: string;
  /** The primary Condition it names (mCODE related-primary-cancer-condition), when it names one. */
  readonly primary: string | undefined;
}

/** A status's codes: an R4 CodeableConcept, or the plain code a DSTU2-era Condition carries. */
export function statusCodes(status: CodeableConcept | string | undefined | null): string[] {
  if (typeof status === 'string') return [status];
  return asArray(status?.coding).flatMap((c) => (typeof c?.code === 'string' ? [c.code] : []));
}

/** DSTU2-era Conditions (R4 made the statuses CodeableConcepts and renamed `patient` to `subject`). */
export function olderForm(condition: Condition): boolean {
  const c = condition as unknown as Record<string, unknown>;
  return (
    typeof c.clinicalStatus === 'string' || typeof c.verificationStatus === 'string' || (c.patient !== undefined && c.subject === undefined)
  );
}

/** Lung cancer coded without its type: the mCODE histology-morphology-behavior extension may say small cell or non-small cell. */
export function histologyOf(condition: Condition, terminology: Terminology): string | undefined {
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
export function relatedPrimary(condition: Condition, index: ResourceIndex): string | undefined {
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
