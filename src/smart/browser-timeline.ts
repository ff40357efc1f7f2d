import type { Resource } from 'fhir/r4';
import { Engine } from 'json-rules-engine';
import { Terminology, type TerminologyFile } from '../normalize/terminology.ts';
import { buildClinicalPicture } from '../normalize/clinical-picture.ts';
import { computeFacts } from '../facts/fact-catalog.ts';
import { engineOperators } from '../rules/engine-operators.ts';
import { compileCutoffs, thresholdsFor, type CutoffRule } from '../sandbox/thresholds.ts';
import { timelineOf, type Timeline } from '../sandbox/timeline.ts';

/** What the app fetches from the service: knowledge only (terminology map, rule cut-offs), never patient data. */
export interface SmartKnowledge {
  readonly revision: string;
  readonly terminology: TerminologyFile;
  readonly cutoffs: readonly CutoffRule[];
}

/**
 * The sandbox timeline built in the browser from the EHR's FHIR resources: the same clinical picture,
 * facts and cut-off choice the service uses (src/normalize, src/facts, src/sandbox/thresholds.ts),
 * bundled by esbuild, so clinical data never travels to the service.
 */
export function timelineFromResources(resources: readonly Resource[], patientId: string, knowledge: SmartKnowledge, at: Date): Timeline {
  const picture = buildClinicalPicture({ resources: [...resources], patientId, at }, new Terminology(knowledge.terminology));
  // A fresh engine has exactly the operators the service's engines use (rule-index.ts adds none).
  const candidates = compileCutoffs(knowledge.cutoffs, engineOperators(new Engine()));
  return timelineOf(picture, thresholdsFor(candidates, computeFacts(picture)));
}
