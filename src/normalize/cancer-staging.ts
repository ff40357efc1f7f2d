import type { CodeableConcept, Condition, Observation } from 'fhir/r4';
import type { Terminology } from './terminology.ts';
import type { DataQualityNote } from './data-quality.ts';
import { FINAL_STATUSES, refOf } from './observation-hygiene.ts';
import type { CancerInput, StageStatement } from './cancer.ts';
import { asArray, hasProfile, MCODE } from './cancer-conditions.ts';

/**
 * Staging Observation codes: AJCC stage group (clinical, pathological; LOINC, and SNOMED as mCODE STU3's
 * TNMStageGroupStagingTypeVS has them) and M category (LOINC; SNOMED cM, pM, M category).
 */
const STAGING_CODES: ReadonlySet<string> = new Set([
  'http://loinc.org|21908-9',
  'http://loinc.org|21902-2',
  'http://snomed.info/sct|399390009',
  'http://snomed.info/sct|399537006',
  'http://snomed.info/sct|399588009',
  'http://loinc.org|21907-1',
  'http://loinc.org|21901-4',
  'http://snomed.info/sct|399387003',
  'http://snomed.info/sct|371497001',
  'http://snomed.info/sct|277208005',
]);
const STAGING_PROFILES: readonly string[] = [
  'mcode-cancer-stage-group',
  'mcode-tnm-stage-group',
  'mcode-tnm-distant-metastases-category',
  'mcode-tnm-clinical-distant-metastases-category',
  'mcode-tnm-pathological-distant-metastases-category',
].map((name) => `${MCODE}${name}`);

export interface AboutStatement extends StageStatement {
  /** The Condition the statement is about, when it says (or when there is only one primary). */
  readonly about: string | undefined;
}

/** Stage from Condition.stage (summary, assessment) and from final staging Observations. */
export function stageStatements(
  input: CancerInput,
  active: ReadonlySet<string>,
  typeOfCondition: ReadonlyMap<string, string>,
  onePrimary: boolean,
  terminology: Terminology,
  notes: DataQualityNote[],
): AboutStatement[] {
  const out: AboutStatement[] = [];
  const assessed = new Map<string, string>();
  for (const condition of input.conditions) {
    const ref = refOf(condition);
    for (const stage of asArray(condition.stage)) {
      const summary = stageOf(stage?.summary, terminology);
      if (summary) out.push({ ...summary, source: `${ref} stage`, about: ref });
      for (const a of asArray(stage?.assessment)) {
        const observation = input.index.resolve<Observation>(a, 'Observation');
        if (observation) assessed.set(refOf(observation), ref);
      }
    }
  }
  const single = onePrimary ? [...typeOfCondition.keys()][0] : undefined;
  for (const obs of input.observations) {
    const ref = refOf(obs);
    const staging = isStagingObservation(obs);
    const value = stageOf(obs.valueCodeableConcept, terminology) ?? (staging ? undefined : stageOf(obs.code, terminology));
    if (!value || !(staging || assessed.has(ref) || terminology.lookup('stage', obs.code?.coding))) continue;
    if (!FINAL_STATUSES.has(obs.status)) continue;
    const focus = asArray(obs.focus)
      .map((f) => input.index.resolve<Condition>(f, 'Condition'))
      .find((c) => c !== undefined);
    const about = assessed.get(ref) ?? (focus ? refOf(focus) : single);
    if (about === undefined && typeOfCondition.size > 1) {
      notes.push({
        code: 'uncertain-primary',
        message: `${ref} records stage ${value.code} without saying which of several primary cancers it concerns; it was not used.`,
        resource: ref,
        family: 'cancer',
      });
      continue;
    }
    out.push({ ...value, source: ref, about });
  }
  // A refuted or resolved Condition's stage, in any of the three forms, says nothing about the disease now.
  return out.filter((s) => s.about === undefined || active.has(s.about));
}

function stageOf(concept: CodeableConcept | undefined | null, terminology: Terminology): { stage: string; code: string } | undefined {
  for (const coding of asArray(concept?.coding)) {
    const stage = terminology.lookup('stage', [coding]);
    if (stage && typeof coding.code === 'string') return { stage, code: coding.code };
  }
  return undefined;
}

function isStagingObservation(obs: Observation): boolean {
  if (asArray(obs.code?.coding).some((c) => STAGING_CODES.has(`${c?.system}|${c?.code}`))) return true;
  return STAGING_PROFILES.some((profile) => hasProfile(obs, profile));
}
