import { randomUUID } from 'node:crypto';
import type { FactValue } from '../facts/fact-definition.ts';
import type { RuleSet } from '../rules/rule-set.ts';
import type { LoadedRule } from '../rules/rule-file.ts';
import type { Card, Link } from '../validate/cds-hooks-types.ts';
import { FACTS_BY_NAME } from '../facts/fact-catalog.ts';
import { renderTemplate } from './template.ts';
import { renderDetail, type PatientDataLine } from './render-detail.ts';
import { buildCardParts } from './card-parts.ts';
import { factMarkdown } from './fact-markdown.ts';
import { escapeText, truncateMarkdown } from './safe-markdown.ts';

export const RULE_EXTENSION = 'org.ctc-advisor.rule';
const SUMMARY_MAX = 139;
/** The CodeSystem of the override reasons rules offer (a sibling of the card-topic CodeSystem). */
const OVERRIDE_REASON_SYSTEM = 'https://ctc-advisor.org/fhir/CodeSystem/override-reason';

export interface CardContext {
  readonly ruleSet: RuleSet;
  readonly publicBaseUrl: string;
}

/**
 * A CDS Hooks 2.0 card from a fired rule. The detail always reads in the same order: patient data
 * used, what the evidence says, limitations, references. Optional members are omitted, never empty.
 * Summary and detail are `SafeMarkdown`: patient data enters them only through `factMarkdown`; labels
 * of links, suggestions and override reasons come from rules/ alone.
 */
export function renderCard(loaded: LoadedRule, facts: Readonly<Record<string, FactValue>>, ctx: CardContext): Card {
  const { rule } = loaded;
  // Always present for a loaded rule set; built here only for a rule from outside it.
  const parts = ctx.ruleSet.cardParts.get(rule.id) ?? buildCardParts(loaded, ctx.ruleSet.references, ctx.ruleSet.topics);
  const patientData: PatientDataLine[] = rule.card.patientData.map((name) => ({ label: escapeText(FACTS_BY_NAME.get(name)?.label ?? name), value: factMarkdown(name, facts[name]) }));
  const ruleUrl = `${ctx.publicBaseUrl}/rules/${rule.id}`;
  const links: Link[] = [
    ...(rule.card.links ?? []).map((l) => ({ label: l.label, url: l.url, type: 'absolute' as const })),
    ...parts.referenceLinks,
    { label: 'Rule source attributes (ONC HTI-1)', url: `${ruleUrl}/source-attributes`, type: 'absolute' },
  ];
  const card: Card = {
    uuid: randomUUID(),
    summary: truncateMarkdown(renderTemplate(rule.card.summary, facts), SUMMARY_MAX),
    indicator: rule.card.indicator,
    detail: renderDetail(parts, renderTemplate(rule.card.detail, facts), patientData),
    source: {
      label: 'CTC Advisor',
      url: ruleUrl,
      topic: { system: ctx.ruleSet.topics.system, code: rule.topic, ...(parts.topicDisplay !== undefined ? { display: parts.topicDisplay } : {}) },
    },
    links,
    ...(rule.card.suggestions?.length ? { suggestions: rule.card.suggestions.map((s) => ({ label: s.label, uuid: randomUUID(), ...(s.isRecommended !== undefined ? { isRecommended: s.isRecommended } : {}) })), selectionBehavior: 'at-most-one' as const } : {}),
    ...(rule.card.overrideReasons?.length ? { overrideReasons: rule.card.overrideReasons.map((r) => ({ system: OVERRIDE_REASON_SYSTEM, code: r.code, display: r.display })) } : {}),
    extension: { [RULE_EXTENSION]: { id: rule.id, version: rule.version, status: rule.status } },
  };
  return card;
}
