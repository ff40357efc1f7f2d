import type { Condition, Observation } from 'fhir/r4';
import type { Terminology } from './terminology.ts';
import type { DataQualityNote } from './data-quality.ts';
import { refOf } from './observation-hygiene.ts';

export type DiseaseSetting = 'early' | 'locally-advanced' | 'metastatic' | 'unknown';

export interface CancerPicture {
  readonly primaryTypes: readonly string[];
  readonly setting: DiseaseSetting;
  readonly settingBasis: string;
  readonly metastaticSites: readonly string[];
}

const INACTIVE = new Set(['inactive', 'resolved', 'remission']);

/**
 * Primary cancer types from Condition codes; the setting from metastasis Conditions (mCODE
 * SecondaryCancerCondition) or an M1 category. "Early" is never assumed from silence: without a
 * stage or an explicit early-stage marker the setting stays unknown.
 */
export function buildCancerPicture(conditions: readonly Condition[], observations: readonly Observation[], terminology: Terminology, notes: DataQualityNote[]): CancerPicture {
  const primaryTypes = new Set<string>();
  const sites = new Set<string>();
  let earlyBasis: string | undefined;
  let advancedBasis: string | undefined;
  for (const condition of conditions) {
    if (condition.verificationStatus?.coding?.some((c) => c.code === 'entered-in-error' || c.code === 'refuted')) {
      notes.push({ code: 'entered-in-error', message: `${refOf(condition)} is refuted or entered in error; it was not used.`, resource: refOf(condition), family: 'cancer' });
      continue;
    }
    if (condition.clinicalStatus?.coding?.some((c) => typeof c.code === 'string' && INACTIVE.has(c.code))) continue;
    const codings = condition.code?.coding;
    const site = terminology.lookup('metastasis-site', codings);
    if (site) {
      sites.add(site);
      continue;
    }
    const type = terminology.lookup('condition', codings);
    if (type) primaryTypes.add(type);
    const stage = stageOf(condition, terminology);
    if (stage === 'metastatic') sites.add('unspecified');
    if (stage === 'early') earlyBasis ??= `${refOf(condition)} stage`;
    if (stage === 'locally-advanced') advancedBasis ??= `${refOf(condition)} stage`;
  }
  for (const obs of observations) {
    const stage = terminology.lookup('stage', obs.valueCodeableConcept?.coding) ?? terminology.lookup('stage', obs.code?.coding);
    if (stage === 'metastatic' && (obs.status === 'final' || obs.status === 'amended' || obs.status === 'corrected')) sites.add('unspecified');
  }
  const metastaticSites = [...sites].filter((s) => s !== 'unspecified' || sites.size === 1).sort();
  if (sites.size > 0) return { primaryTypes: [...primaryTypes].sort(), setting: 'metastatic', settingBasis: 'metastasis recorded', metastaticSites };
  if (advancedBasis) return { primaryTypes: [...primaryTypes].sort(), setting: 'locally-advanced', settingBasis: advancedBasis, metastaticSites };
  if (earlyBasis) return { primaryTypes: [...primaryTypes].sort(), setting: 'early', settingBasis: earlyBasis, metastaticSites };
  return { primaryTypes: [...primaryTypes].sort(), setting: 'unknown', settingBasis: 'no stage or metastasis recorded', metastaticSites };
}

function stageOf(condition: Condition, terminology: Terminology): string | undefined {
  for (const stage of condition.stage ?? []) {
    const hit = terminology.lookup('stage', stage.summary?.coding);
    if (hit) return hit;
  }
  return undefined;
}
