import type { EvidenceItem, LoadedRule } from '../rules/rule-file.ts';
import type { ReferenceRegistry, TopicCodeSystem } from '../rules/knowledge-files.ts';
import type { Link } from '../validate/cds-hooks-types.ts';
import { trustedMarkdown, type SafeMarkdown } from './safe-markdown.ts';

const STRENGTH: Readonly<Record<EvidenceItem['strength'], string>> = {
  'randomised-trial': 'randomised trial',
  cohort: 'cohort study',
  preclinical: 'preclinical (background only)',
  'expert-review': 'expert review',
};

/**
 * What a rule's card says whatever the patient: the evidence, limitations, references and footer
 * sections of the detail, the reference links and the topic display. Built with the rule set at
 * load (a reload builds new ones), so a call only fills in the patient's data and the guidance.
 * Everything here comes from rules/ (rule, reference registry, topics): trusted Markdown.
 */
export interface CardParts {
  readonly evidence: SafeMarkdown;
  readonly limitations: SafeMarkdown;
  readonly references: SafeMarkdown;
  readonly footer: SafeMarkdown;
  readonly referenceLinks: readonly Link[];
  readonly topicDisplay: string | undefined;
}

export function buildCardParts(loaded: LoadedRule, registry: ReferenceRegistry, topics: TopicCodeSystem): CardParts {
  const { rule } = loaded;
  const refIds = [...new Set(rule.evidence.flatMap((e) => e.references))];
  const number = (id: string) => refIds.indexOf(id) + 1;
  return {
    evidence: trustedMarkdown(rule.evidence
      .map((e) => `- ${e.claim} *(${e.type}; ${STRENGTH[e.strength]}; level ${e.level.value} on the ${e.level.scale} scale)* ${e.references.map((r) => `[${number(r)}]`).join('')}`)
      .join('\n')),
    limitations: trustedMarkdown(rule.limitations.map((l) => `- ${l}`).join('\n')),
    references: trustedMarkdown(refIds
      .map((id) => {
        const ref = registry.references[id];
        if (!ref) return `${number(id)}. ${id}`;
        const mark = ref.kind === 'general-knowledge' ? ' *(general knowledge, not in the source reviews)*' : ref.kind === 'primary-study-via-seed' ? ` *(as cited by ${ref.citedBy ?? 'a source review'})*` : '';
        return `${number(id)}. ${ref.url ? `[${ref.citation}](${ref.url})` : ref.citation}${mark}`;
      })
      .join('\n')),
    footer: trustedMarkdown(`*Advisory only: this card does not recommend starting, stopping or changing any therapy. Rule ${rule.id} v${rule.version}.*`),
    referenceLinks: refIds.flatMap((id) => {
      const ref = registry.references[id];
      return ref?.url ? [{ label: shortCitation(ref.citation), url: ref.url, type: 'absolute' as const }] : [];
    }),
    topicDisplay: topics.concepts.find((c) => c.code === rule.topic)?.display,
  };
}

function shortCitation(citation: string): string {
  const author = citation.split(/[ ,]/)[0] ?? citation;
  const year = /\b(19|20)\d{2}\b/.exec(citation)?.[0] ?? '';
  const journal = citation.split('. ').at(-2) ?? '';
  return `${author} et al. ${journal} ${year}`.replace(/\s+/g, ' ').trim().slice(0, 80);
}
