import type { Resource } from 'fhir/r4';
import { Engine } from 'json-rules-engine';
import { Terminology, type TerminologyFile } from '../normalize/terminology.ts';
import { buildClinicalPicture } from '../normalize/clinical-picture.ts';
import { computeFacts } from '../facts/fact-catalog.ts';
import { engineOperators } from '../evaluate/engine-operators.ts';
import { compileConditions } from '../evaluate/compile-conditions.ts';
import type { RuleCondition } from '../rules/rule-file.ts';
import { compileCutoffs, thresholdsFor, type CutoffRule } from '../sandbox/thresholds.ts';
import { timelineOf, type Timeline } from '../sandbox/timeline.ts';

/** An active patient-view rule as the app receives it: what it is called and when it fires. */
export interface SmartRule {
  readonly id: string;
  readonly version: string;
  readonly title: string;
  readonly topic: string;
  readonly conditions: RuleCondition;
}

/** What the app fetches from the service: knowledge only (terminology map, rules, cut-offs), never patient data. */
export interface SmartKnowledge {
  readonly revision: string;
  readonly terminology: TerminologyFile;
  readonly cutoffs: readonly CutoffRule[];
  readonly rules: readonly SmartRule[];
}

interface SmartView {
  readonly timeline: Timeline;
  /** The rules whose patient-view cards apply to this patient now, by id. */
  readonly applying: readonly Omit<SmartRule, 'conditions'>[];
}

/**
 * The sandbox timeline built in the browser from the EHR's FHIR resources: the same clinical picture,
 * facts, rule predicates and cut-off choice the service uses (src/normalize, src/facts, src/rules,
 * src/sandbox/thresholds.ts), bundled by esbuild, so clinical data never travels to the service.
 */
export function smartView(resources: readonly Resource[], patientId: string, knowledge: SmartKnowledge, at: Date): SmartView {
  const picture = buildClinicalPicture({ resources: [...resources], patientId, at }, new Terminology(knowledge.terminology));
  const facts = computeFacts(picture);
  // A fresh engine has exactly the operators the service's engines use (rule-index.ts adds none).
  const operators = engineOperators(new Engine());
  const applying = knowledge.rules
    .filter((r) => compileConditions(r.conditions, operators)(facts))
    .map(({ conditions: _, ...rule }) => rule);
  return { timeline: timelineOf(picture, thresholdsFor(compileCutoffs(knowledge.cutoffs, operators), facts)), applying };
}
