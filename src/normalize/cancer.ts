import type { Condition, Observation } from 'fhir/r4';
import type { Terminology } from './terminology.ts';
import type { DataQualityNote } from './data-quality.ts';
import type { Reading } from './observation-readings.ts';
import { refOf } from './observation-hygiene.ts';
import type { Writable } from './writable.ts';

export type DiseaseSetting = 'early' | 'locally-advanced' | 'metastatic' | 'unknown';

export interface CancerPicture {
  readonly primaryTypes: readonly string[];
  readonly setting: DiseaseSetting;
  readonly settingBasis: string;
  readonly metastaticSites: readonly string[];
  /** A castration-resistant prostate cancer Condition is recorded. */
  readonly castrationResistant: boolean;
  readonly positiveNodeCount?: number;
  readonly nodalStatus: 'positive' | 'negative' | 'unknown';
}

/** Regional nodes can carry tumour in early disease, so a lymph-node secondary alone does not make the setting metastatic. */
const REGIONAL_POSSIBLE = new Set(['lymph-node']);

const INACTIVE = new Set(['inactive', 'resolved', 'remission']);

/**
 * Primary cancer types from Condition codes; the setting from metastasis Conditions (mCODE
 * SecondaryCancerCondition) or an M1 category. "Early" is never assumed from silence: without a
 * stage or an explicit early-stage marker the setting stays unknown.
 */
export function buildCancerPicture(conditions: readonly Condition[], observations: readonly Observation[], readings: readonly Reading[], terminology: Terminology, notes: DataQualityNote[]): CancerPicture {
  const primaryTypes = new Set<string>();
  let castrationResistant = false;
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
    if (type === 'prostate-castration-resistant') castrationResistant = true;
    if (type) primaryTypes.add(type === 'prostate-castration-resistant' ? 'prostate' : type);
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
  const nodes = nodesOf(readings, notes);
  const nodalStatus = nodes !== undefined ? (nodes > 0 ? 'positive' : 'negative') : sites.has('lymph-node') ? 'positive' : 'unknown';
  const picture: Partial<Writable<CancerPicture>> = { primaryTypes: [...primaryTypes].sort(), metastaticSites, castrationResistant, nodalStatus };
  if (nodes !== undefined) picture.positiveNodeCount = nodes;
  const distant = [...sites].some((s) => !REGIONAL_POSSIBLE.has(s));
  if (distant) {
    picture.setting = 'metastatic';
    picture.settingBasis = 'metastasis recorded';
  } else if (advancedBasis) {
    picture.setting = 'locally-advanced';
    picture.settingBasis = advancedBasis;
  } else if (earlyBasis) {
    picture.setting = 'early';
    picture.settingBasis = earlyBasis;
  } else {
    picture.setting = 'unknown';
    picture.settingBasis = sites.size > 0 ? 'lymph-node involvement without a distant site or stage' : 'no stage or metastasis recorded';
  }
  return picture as CancerPicture;
}

/** Positive regional nodes from the latest nodes-positive result (a plain count). */
function nodesOf(readings: readonly Reading[], notes: DataQualityNote[]): number | undefined {
  const latest = readings.findLast((r) => r.concept === 'nodes-positive');
  if (!latest) return undefined;
  const value = latest.quantity?.value;
  const unit = latest.quantity?.code ?? latest.quantity?.unit;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || (unit !== undefined && !['1', '{#}', '{nodes}', '#', 'nodes'].includes(unit))) {
    notes.push({ code: 'unknown-unit', message: `${latest.ref}: positive-node result "${latest.text}" is not a count; it was not used.`, resource: latest.ref, family: 'cancer' });
    return undefined;
  }
  return value;
}

function stageOf(condition: Condition, terminology: Terminology): string | undefined {
  for (const stage of condition.stage ?? []) {
    const hit = terminology.lookup('stage', stage.summary?.coding);
    if (hit) return hit;
  }
  return undefined;
}
