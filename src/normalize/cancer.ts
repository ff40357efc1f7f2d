import type { Condition, Observation } from 'fhir/r4';
import type { Terminology } from './terminology.ts';
import type { DataQualityNote } from './data-quality.ts';
import type { Reading } from './reading.ts';
import type { DraftOrder } from './draft-orders.ts';
import type { ResourceIndex } from './resource-index.ts';
import { refOf } from './observation-hygiene.ts';
import type { Writable } from './writable.ts';
import { type CancerConditions, readCancerConditions, type Secondary } from './cancer-conditions.ts';
import { type AboutStatement, stageStatements } from './cancer-staging.ts';
import { attribute } from './cancer-attribution.ts';

type DiseaseSetting = 'early' | 'locally-advanced' | 'metastatic' | 'unknown';

/** How the patient's tumour-cell results were tied to one primary cancer. */
export type Attribution = 'single-primary' | 'named' | 'ambiguous' | 'no-primary';

/** One staging statement read from a Condition or a staging Observation. */
export interface StageStatement {
  /** The terminology map's stage concept: early, locally-advanced, metastatic or non-metastatic (M0). */
  readonly stage: string;
  /** The code as sent, e.g. `IIIC`, `cM1`. */
  readonly code: string;
  readonly source: string;
}

/** One primary cancer and everything that belongs to it. */
export interface PrimaryCancer {
  readonly type: string;
  /** The Conditions that record it. */
  readonly conditions: readonly string[];
  readonly setting: DiseaseSetting;
  readonly settingBasis: string;
  readonly stages: readonly StageStatement[];
  readonly metastaticSites: readonly string[];
  readonly castrationResistant: boolean;
}

export interface CancerPicture {
  /** Every active primary cancer, one per type, sorted by type. */
  readonly primaries: readonly PrimaryCancer[];
  readonly primaryTypes: readonly string[];
  /**
   * The primary the tumour-cell results (CTC, cluster, PD-L1, DTC) and the selected orders belong to:
   * the only active primary, or the one the results name. Undefined when that is not unambiguous.
   */
  readonly subject: string | undefined;
  readonly attribution: Attribution;
  /** Tumour-cell results (Observation references) set aside because they cannot be tied to the subject. */
  readonly setAside: ReadonlySet<string>;
  /** Selected orders that could not be tied to one primary (order-select with several primaries). */
  readonly unattributedOrders: number;
  /** The subject's setting; with no primary recorded, the setting all staging data together give. */
  readonly setting: DiseaseSetting;
  readonly settingBasis: string;
  readonly metastaticSites: readonly string[];
  /** The subject is prostate cancer recorded as castration resistant. */
  readonly castrationResistant: boolean;
  readonly positiveNodeCount?: number;
  readonly nodalStatus: 'positive' | 'negative' | 'unknown';
}

export interface CancerInput {
  readonly conditions: readonly Condition[];
  readonly observations: readonly Observation[];
  readonly readings: readonly Reading[];
  readonly orders: readonly DraftOrder[];
  readonly index: ResourceIndex;
}

/** Regional nodes can carry tumour in early disease, so a lymph-node secondary alone does not make the setting metastatic. */
const REGIONAL_POSSIBLE = new Set(['lymph-node']);
const STAGE_RANK: Readonly<Record<string, number>> = { early: 1, 'locally-advanced': 2, metastatic: 3 };

type ReportedSetting = Pick<PrimaryCancer, 'setting' | 'settingBasis' | 'metastaticSites' | 'castrationResistant'>;

/**
 * One picture per primary cancer (mCODE PrimaryCancerCondition), its stage from Condition.stage
 * (summary and assessment) and from staging Observations that focus on it, its metastases from
 * SecondaryCancerConditions that name it; then the primary the tumour-cell results belong to.
 * "Early" is never assumed from silence, and a result is never given to a primary by guesswork.
 */
export function buildCancerPicture(input: CancerInput, terminology: Terminology, notes: DataQualityNote[]): CancerPicture {
  const recorded = readCancerConditions(input, terminology, notes);
  const { active, typeOfCondition, byType, secondaries } = recorded;
  const stages = stageStatements(input, active, typeOfCondition, byType.size === 1, terminology, notes);
  const primaries = primaryPictures(recorded, stages, notes);
  const attribution = attribute(input, primaries, typeOfCondition, secondaries, terminology, notes);
  const subject = primaries.find((p) => p.type === attribution.subject);
  const nodes = nodesOf(input.readings, notes);
  // After nodesOf: the data-quality notes keep the order they have always had.
  const chosen = reportedSetting(subject, primaries, stages, secondaries, notes);
  const nodalStatus =
    nodes !== undefined ? (nodes > 0 ? 'positive' : 'negative') : chosen.metastaticSites.includes('lymph-node') ? 'positive' : 'unknown';
  const picture: Writable<CancerPicture> = {
    primaries,
    primaryTypes: primaries.map((p) => p.type),
    subject: subject?.type,
    attribution: attribution.kind,
    setAside: attribution.setAside,
    unattributedOrders: attribution.unattributedOrders,
    setting: chosen.setting,
    settingBasis: chosen.settingBasis,
    metastaticSites: chosen.metastaticSites,
    castrationResistant: chosen.castrationResistant,
    nodalStatus,
  };
  if (nodes !== undefined) picture.positiveNodeCount = nodes;
  return picture;
}

/**
 * One picture per cancer type, sorted by type, with the stages and metastases that name its Conditions
 * (with a single primary, every stage and every metastasis that names no other primary).
 */
function primaryPictures(recorded: CancerConditions, stages: readonly AboutStatement[], notes: DataQualityNote[]): PrimaryCancer[] {
  const { byType, typeOfCondition, secondaries, castrationResistantRefs, hormoneResistant } = recorded;
  const unattributedDistant = secondaries.filter((s) => !REGIONAL_POSSIBLE.has(s.site) && !(s.primary && typeOfCondition.has(s.primary)));
  const primaries = [...byType.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([type, conditions]) => {
      const refs = conditions.map(refOf);
      const own = stages.filter((s) => s.about !== undefined && refs.includes(s.about));
      const mets = secondaries.filter(
        (s) =>
          (s.primary !== undefined && refs.includes(s.primary)) || (byType.size === 1 && !(s.primary && typeOfCondition.has(s.primary))),
      );
      const castrationResistant =
        type === 'prostate' && (refs.some((r) => castrationResistantRefs.has(r)) || (hormoneResistant !== undefined && byType.size === 1));
      return primaryPicture(type, refs, own, mets, byType.size > 1 ? unattributedDistant : [], castrationResistant, notes);
    });
  if (hormoneResistant && byType.has('prostate') && byType.size > 1) {
    notes.push({
      code: 'uncertain-primary',
      message: `${hormoneResistant} records hormone-resistant malignancy status without saying which of several primary cancers it concerns; castration resistance was not assumed.`,
      resource: hormoneResistant,
      family: 'cancer',
    });
  }
  return primaries;
}

/** The setting the picture reports: the subject's; with no primary recorded, what all staging data together give; else unknown. */
function reportedSetting(
  subject: PrimaryCancer | undefined,
  primaries: readonly PrimaryCancer[],
  stages: readonly StageStatement[],
  secondaries: readonly Secondary[],
  notes: DataQualityNote[],
): ReportedSetting {
  if (subject) return subject;
  if (primaries.length === 0) return primaryPicture('any', [], stages, secondaries, [], false, notes);
  return {
    setting: 'unknown',
    settingBasis: 'several primary cancers are recorded and the results do not say which one they belong to',
    metastaticSites: [],
    castrationResistant: false,
  };
}

/**
 * One primary's picture. Its setting is metastatic on a distant metastasis or a metastatic stage, unknown beside a
 * distant metastasis of unstated origin, else its highest stage group; never early from silence.
 */
function primaryPicture(
  type: string,
  refs: readonly string[],
  stages: readonly StageStatement[],
  mets: readonly Secondary[],
  unattributedDistant: readonly Secondary[],
  castrationResistant: boolean,
  notes: DataQualityNote[],
): PrimaryCancer {
  const sites = new Set(mets.map((m) => m.site));
  const metastaticStage = stages.find((s) => s.stage === 'metastatic');
  if (metastaticStage && ![...sites].some((s) => !REGIONAL_POSSIBLE.has(s))) sites.add('unspecified');
  const distant = mets.find((m) => !REGIONAL_POSSIBLE.has(m.site));
  const metastaticSites = [...sites].filter((s) => s !== 'unspecified' || sites.size === 1).sort();
  const base = {
    type,
    conditions: refs,
    stages: stages.map(({ stage, code, source }) => ({ stage, code, source })),
    metastaticSites,
    castrationResistant,
  };
  if (distant || metastaticStage) {
    const against = stages.find((s) => s.stage !== 'metastatic');
    if (distant && against) {
      notes.push({
        code: 'conflicting-stage',
        message: `${against.source} gives stage ${against.code}, but ${distant.ref} records a distant metastasis; the metastatic setting was used (a stage recorded at diagnosis may simply predate the metastasis).`,
        resource: distant.ref,
        family: 'cancer',
      });
    }
    return {
      ...base,
      setting: 'metastatic',
      settingBasis: distant ? `metastasis recorded (${distant.ref})` : `stage ${metastaticStage?.code} (${metastaticStage?.source})`,
    };
  }
  if (unattributedDistant.length > 0) {
    return {
      ...base,
      setting: 'unknown',
      settingBasis: `a distant metastasis of unstated origin is recorded (${unattributedDistant[0]?.ref}) beside more than one primary cancer`,
    };
  }
  const best = stages
    .filter((s) => STAGE_RANK[s.stage] !== undefined)
    .sort((a, b) => (STAGE_RANK[b.stage] ?? 0) - (STAGE_RANK[a.stage] ?? 0))[0];
  if (best) return { ...base, setting: best.stage as DiseaseSetting, settingBasis: `stage ${best.code} (${best.source})` };
  const m0 = stages.find((s) => s.stage === 'non-metastatic');
  if (m0)
    return { ...base, setting: 'unknown', settingBasis: `${m0.code} (${m0.source}) rules out distant metastasis but gives no stage group` };
  return {
    ...base,
    setting: 'unknown',
    settingBasis: sites.size > 0 ? 'lymph-node involvement without a distant site or stage' : 'no stage or metastasis recorded',
  };
}

/** Positive regional nodes from the latest nodes-positive result (a plain count). */
function nodesOf(readings: readonly Reading[], notes: DataQualityNote[]): number | undefined {
  const latest = readings.findLast((r) => r.concept === 'nodes-positive');
  if (!latest) return undefined;
  const value = latest.quantity?.value;
  const unit = latest.quantity?.code ?? latest.quantity?.unit;
  if (
    typeof value !== 'number' ||
    !Number.isInteger(value) ||
    value < 0 ||
    (unit !== undefined && !['1', '{#}', '{nodes}', '#', 'nodes'].includes(unit))
  ) {
    notes.push({
      code: 'unknown-unit',
      message: `${latest.ref}: positive-node result "${latest.text}" is not a count; it was not used.`,
      resource: latest.ref,
      family: 'cancer',
    });
    return undefined;
  }
  return value;
}
