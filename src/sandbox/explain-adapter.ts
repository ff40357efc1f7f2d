import type { PipelineDeps } from '../service-call.ts';
import type { FactValue } from '../facts/fact-definition.ts';
import { handleServiceCall } from '../service-call.ts';
import { computeFacts, FACTS, formatFact } from '../facts/fact-catalog.ts';
import { explainConditions, type ExplainedCondition } from '../explain/condition-tree.ts';
import { RULE_EXTENSION } from '../cards/render-card.ts';

/** The explain panel's data: facts and, per rule, the evaluated condition tree. */
export interface SandboxExplanation {
  readonly serviceId: string;
  readonly hook: string;
  readonly patientId: string | null;
  readonly evaluatedAt: string;
  readonly ruleSetVersion: string;
  readonly facts: readonly { readonly name: string; readonly label: string; readonly value: FactValue; readonly text: string }[];
  readonly notes: readonly { readonly code: string; readonly message: string }[];
  readonly rules: readonly { readonly id: string; readonly version: string; readonly status: string; readonly title: string; readonly fired: boolean; readonly conditions: ExplainedCondition }[];
  readonly cards: readonly { readonly ruleId: string; readonly indicator: string; readonly summary: string }[];
}

/**
 * Adapter until src/explain/explain.ts (the core behind `explain --json`) lands: runs the same
 * pipeline on the same request the page sent, with no FHIR server and no decision log entry.
 */
export async function explainCall(pipeline: PipelineDeps, serviceId: string, body: unknown): Promise<SandboxExplanation> {
  const { trace } = await handleServiceCall(pipeline, serviceId, body);
  const facts = computeFacts({ ...trace.picture, notes: trace.notes });
  return {
    serviceId: trace.serviceId,
    hook: trace.hook,
    patientId: trace.patientId ?? null,
    evaluatedAt: trace.picture.evaluatedAt,
    ruleSetVersion: trace.ruleSetVersion,
    facts: FACTS.map((f) => ({ name: f.name, label: f.label, value: facts[f.name] ?? null, text: formatFact(f.name, facts[f.name]) })),
    notes: trace.notes.map((n) => ({ code: n.code, message: n.message })),
    rules: trace.evaluation.outcomes.map((o) => ({
      id: o.rule.rule.id,
      version: o.rule.rule.version,
      status: o.rule.rule.status,
      title: o.rule.rule.title,
      fired: o.fired,
      conditions: explainConditions(o.result),
    })),
    cards: trace.cards.map((c) => ({ ruleId: (c.extension?.[RULE_EXTENSION] as { id?: string } | undefined)?.id ?? 'unknown', indicator: c.indicator, summary: c.summary })),
  };
}
