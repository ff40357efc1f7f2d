import { randomUUID } from 'node:crypto';
import type { FactValue } from '../facts/fact-definition.ts';
import type { RuleSet } from '../rules/rule-set.ts';
import type { LoadedRule } from '../rules/rule-file.ts';
import type { Card, Link } from '../validate/cds-hooks-types.ts';
import { formatFact, FACTS_BY_NAME } from '../facts/fact-catalog.ts';
import { renderTemplate } from './template.ts';
import { renderDetail } from './render-detail.ts';

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
 */
export function renderCard(loaded: LoadedRule, facts: Readonly<Record<string, FactValue>>, ctx: CardContext): Card {
  const { rule } = loaded;
  const topic = ctx.ruleSet.topics.concepts.find((c) => c.code === rule.topic);
  const patientData = rule.card.patientData.map((name) => ({ label: FACTS_BY_NAME.get(name)?.label ?? name, name, value: formatFact(name, facts[name]) }));
  const ruleUrl = `${ctx.publicBaseUrl}/rules/${rule.id}`;
  const links: Link[] = [
    ...(rule.card.links ?? []).map((l) => ({ label: l.label, url: l.url, type: 'absolute' as const })),
    ...referenceLinks(loaded, ctx.ruleSet),
    { label: 'Rule source attributes (ONC HTI-1)', url: `${ruleUrl}/source-attributes`, type: 'absolute' },
  ];
  const card: Card = {
    uuid: randomUUID(),
    summary: truncate(renderTemplate(rule.card.summary, facts)),
    indicator: rule.card.indicator,
    detail: renderDetail(loaded, renderTemplate(rule.card.detail, facts), patientData, ctx.ruleSet),
    source: {
      label: 'CTC Advisor',
      url: ruleUrl,
      topic: { system: ctx.ruleSet.topics.system, code: rule.topic, ...(topic ? { display: topic.display } : {}) },
    },
    links,
    ...(rule.card.suggestions?.length ? { suggestions: rule.card.suggestions.map((s) => ({ label: s.label, uuid: randomUUID(), ...(s.isRecommended !== undefined ? { isRecommended: s.isRecommended } : {}) })), selectionBehavior: 'at-most-one' as const } : {}),
    ...(rule.card.overrideReasons?.length ? { overrideReasons: rule.card.overrideReasons.map((r) => ({ system: OVERRIDE_REASON_SYSTEM, code: r.code, display: r.display })) } : {}),
    extension: { [RULE_EXTENSION]: { id: rule.id, version: rule.version, status: rule.status } },
  };
  return card;
}

function referenceLinks(loaded: LoadedRule, ruleSet: RuleSet): Link[] {
  const ids = [...new Set(loaded.rule.evidence.flatMap((e) => e.references))];
  return ids.flatMap((id) => {
    const ref = ruleSet.references.references[id];
    return ref?.url ? [{ label: shortCitation(ref.citation), url: ref.url, type: 'absolute' as const }] : [];
  });
}

export function shortCitation(citation: string): string {
  const author = citation.split(/[ ,]/)[0] ?? citation;
  const year = /\b(19|20)\d{2}\b/.exec(citation)?.[0] ?? '';
  const journal = citation.split('. ').at(-2) ?? '';
  return `${author} et al. ${journal} ${year}`.replace(/\s+/g, ' ').trim().slice(0, 80);
}

function truncate(summary: string): string {
  return summary.length <= SUMMARY_MAX ? summary : `${summary.slice(0, SUMMARY_MAX - 1)}…`;
}
