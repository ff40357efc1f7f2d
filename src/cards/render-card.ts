import { randomUUID } from 'node:crypto';
import type { Task } from 'fhir/r4';
import type { FactValue } from '../facts/fact-definition.ts';
import type { ReferenceRegistry, TopicCodeSystem } from '../rules/knowledge-files.ts';
import type { LoadedRule, RuleSuggestion } from '../rules/rule-file.ts';
import type { Action, Card, Link } from '../validate/cds-hooks-types.ts';
import { fillTemplate } from './template.ts';
import { renderDetail, type PatientDataLine } from './render-detail.ts';
import { buildCardParts, type CardParts } from './card-parts.ts';
import { factInline } from './fact-markdown.ts';
import { md, truncateMarkdown } from './safe-markdown.ts';
import { timelineLink } from './smart-link.ts';

export const RULE_EXTENSION = 'org.ctc-advisor.rule';
const SUMMARY_MAX = 139;
/** The CodeSystem of the override reasons rules offer (a sibling of the card-topic CodeSystem). */
const OVERRIDE_REASON_SYSTEM = 'https://ctc-advisor.org/fhir/CodeSystem/override-reason';
/** The label of the one link to the rule's evidence page (`source.url`). */
export const EVIDENCE_LINK_LABEL = 'Evidence and limitations';
/** What a suggestion's draft Task asks for, by suggestion kind. */
const TASK_CODE_TEXT: Readonly<Record<RuleSuggestion['kind'], string>> = {
  'tumour-board': 'Tumour board discussion',
  'trial-discussion': 'Clinical trial discussion',
  'order-test': 'Consider a test order',
};

/**
 * What a card reads of the rule set: each rule's parts that do not depend on the patient (rule-set/rule-set.ts
 * builds them at load), and the registries to build them for a rule from outside the set.
 */
interface CardRules {
  readonly cardParts: ReadonlyMap<string, CardParts>;
  readonly references: ReferenceRegistry;
  readonly topics: TopicCodeSystem;
}

interface CardContext {
  readonly ruleSet: CardRules;
  readonly publicBaseUrl: string;
  /** The request's context.patientId: the subject of a suggestion's draft Task. */
  readonly patientId?: string;
}

/**
 * A CDS Hooks 2.0 card from a fired rule, short by design (issue 16 §1): a summary under 140
 * characters, a detail of at most 120 words (patient data used, key evidence with its level, main
 * limitation, advisory line), one link to the rule's evidence page and at most two reference links.
 * Summary and detail are `SafeMarkdown`: patient data enters them only through the fact formatting
 * (`factInline`, `fillTemplate`); labels of links, suggestions and override reasons come from rules/ alone.
 */
export function renderCard(loaded: LoadedRule, facts: Readonly<Record<string, FactValue>>, ctx: CardContext): Card {
  const { rule } = loaded;
  // Always present for a loaded rule set; built here only for a rule from outside it.
  const parts = ctx.ruleSet.cardParts.get(rule.id) ?? buildCardParts(loaded, ctx.ruleSet.references, ctx.ruleSet.topics);
  const patientData: PatientDataLine[] = parts.patientData
    // A fact with no value was not used: the line stays short (the evidence page lists every fact the rule reads).
    .filter(({ name }) => facts[name] !== null && facts[name] !== undefined)
    .map(({ name, label, unit }) => {
      const value = factInline(name, facts[name]);
      return { label, value: unit ? md`${value} ${unit}` : value };
    });
  const ruleUrl = `${ctx.publicBaseUrl}/rules/${rule.id}`;
  const links: Link[] = [
    { label: EVIDENCE_LINK_LABEL, url: ruleUrl, type: 'absolute' },
    ...parts.referenceLinks,
    ...(rule.card.links ?? []).map((l) => ({ label: l.label, url: l.url, type: 'absolute' as const })),
    // Cards about CTC/DTC results open the timeline in the EHR (SMART app, docs/smart-app.md).
    ...[timelineLink(rule, ctx.publicBaseUrl)].filter((l) => l !== undefined),
  ];
  const summary = fillTemplate(parts.summary, facts);
  const card: Card = {
    uuid: randomUUID(),
    summary: truncateMarkdown(isPreliminary(rule.card.patientData, facts) ? md`Preliminary: ${summary}` : summary, SUMMARY_MAX),
    indicator: rule.card.indicator,
    detail: renderDetail(parts, patientData),
    source: {
      label: 'CTC Advisor',
      url: ruleUrl,
      topic: {
        system: ctx.ruleSet.topics.system,
        code: rule.topic,
        ...(parts.topicDisplay !== undefined ? { display: parts.topicDisplay } : {}),
      },
    },
    links,
    ...(rule.card.suggestions?.length
      ? {
          suggestions: rule.card.suggestions.map((s) => ({
            label: s.label,
            uuid: randomUUID(),
            ...(s.isRecommended !== undefined ? { isRecommended: s.isRecommended } : {}),
            actions: [draftTask(s, ctx.patientId, ruleUrl)],
          })),
          selectionBehavior: 'at-most-one' as const,
        }
      : {}),
    ...(rule.card.overrideReasons?.length
      ? { overrideReasons: rule.card.overrideReasons.map((r) => ({ system: OVERRIDE_REASON_SYSTEM, code: r.code, display: r.display })) }
      : {}),
    extension: { [RULE_EXTENSION]: { id: rule.id, version: rule.version, status: rule.status } },
  };
  return card;
}

/** A result the card shows is preliminary: the summary says so first (issue 16 §1). */
function isPreliminary(names: readonly string[], facts: Readonly<Record<string, FactValue>>): boolean {
  return names.some((name) => {
    const value = facts[name];
    const records = Array.isArray(value) ? value : [value];
    return records.some((r) => typeof r === 'object' && r !== null && (r as Readonly<Record<string, unknown>>).preliminary === true);
  });
}

/**
 * A suggestion that does something (CDS Hooks 2.0 §Action `create`): a draft FHIR R4 Task with
 * intent "proposal", so accepting it puts a proposal on the EHR's work list (the tumour-board list,
 * a trial discussion, a test to consider) for a clinician to confirm; never an order or a therapy.
 */
function draftTask(suggestion: RuleSuggestion, patientId: string | undefined, ruleUrl: string): Action {
  const task: Task = {
    resourceType: 'Task',
    status: 'draft',
    intent: 'proposal',
    priority: 'routine',
    code: { text: TASK_CODE_TEXT[suggestion.kind] },
    description: suggestion.label,
    ...(patientId !== undefined ? { for: { reference: `Patient/${patientId}` } } : {}),
    note: [{ text: `Proposed by CTC Advisor (advisory only); evidence: ${ruleUrl}` }],
  };
  return { type: 'create', description: `Draft proposal: ${suggestion.label}`, resource: task };
}
