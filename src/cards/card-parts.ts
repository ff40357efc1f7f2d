import type { EvidenceItem, LoadedRule, RuleFile } from '../rules/rule-file.ts';
import type { ReferenceRegistry, TopicCodeSystem } from '../rules/knowledge-files.ts';
import type { Link } from '../validate/cds-hooks-types.ts';
import { FACTS_BY_NAME } from '../facts/fact-catalog.ts';
import { escapeText, trustedMarkdown, type SafeMarkdown } from './safe-markdown.ts';
import { compileTemplate, type CompiledTemplate } from './template.ts';

export const STRENGTH: Readonly<Record<EvidenceItem['strength'], string>> = {
  'randomised-trial': 'randomised trial',
  cohort: 'cohort study',
  preclinical: 'preclinical (background only)',
  'expert-review': 'expert review',
};

/** At most this many reference links on a card; the evidence page lists them all (issue 16). */
const CARD_REFERENCE_LINKS = 2;

/** One fact of the card's "Patient data" line as the rule names it: the fact's label and unit, already card text. */
export interface PatientDataPart {
  readonly name: string;
  readonly label: SafeMarkdown;
  readonly unit: SafeMarkdown | undefined;
}

/**
 * What a rule's card says whatever the patient: the summary template, the labels of its patient data, the key evidence (one or two items with their
 * level), the single most important limitation, the advisory line, the primary reference links and
 * the topic display. Built with the rule set at load (a reload builds new ones), so a call only fills
 * in the patient's data. Everything else (all evidence, limitations, references, HTI-1 attributes,
 * the rule's longer text) is on the evidence page, `GET /rules/{id}`. Everything here comes from
 * rules/ (rule, reference registry, topics): trusted Markdown.
 */
export interface CardParts {
  /** The summary template, split once; a call fills in the patient's facts. */
  readonly summary: CompiledTemplate;
  readonly patientData: readonly PatientDataPart[];
  readonly keyEvidence: SafeMarkdown;
  readonly keyLimitation: SafeMarkdown;
  readonly advisory: SafeMarkdown;
  readonly referenceLinks: readonly Link[];
  readonly topicDisplay: string | undefined;
}

export function buildCardParts(loaded: LoadedRule, registry: ReferenceRegistry, topics: TopicCodeSystem): CardParts {
  const { rule } = loaded;
  const key = keyEvidenceOf(rule);
  const limitation = keyLimitationOf(rule);
  const refIds = [...new Set(key.flatMap((e) => e.references))];
  return {
    summary: compileTemplate(rule.card.summary),
    patientData: rule.card.patientData.map((name) => {
      const fact = FACTS_BY_NAME.get(name);
      return { name, label: escapeText(fact?.label ?? name), unit: fact?.valueUnit ? escapeText(fact.valueUnit) : undefined };
    }),
    keyEvidence: trustedMarkdown(
      `**Evidence:** ${key.map((e) => `${claimOnCard(e.claim)} *(level ${e.level.value}, ${STRENGTH[e.strength]})*`).join(' ')}`,
    ),
    keyLimitation: trustedMarkdown(limitation === undefined ? '' : `**Main limitation:** ${limitation}`),
    advisory: trustedMarkdown('*Advisory only; not a therapy recommendation.*'),
    referenceLinks: refIds
      .flatMap((id) => {
        const ref = registry.references[id];
        return ref?.url ? [{ label: shortCitation(ref.citation), url: ref.url, type: 'absolute' as const }] : [];
      })
      .slice(0, CARD_REFERENCE_LINKS),
    topicDisplay: topics.concepts.find((c) => c.code === rule.topic)?.display,
  };
}

/**
 * The evidence item(s) a card shows: `card.keyEvidence` (indices), else the first item that may
 * drive a card (not preclinical, not background).
 */
export function keyEvidenceOf(rule: RuleFile): EvidenceItem[] {
  const indices = rule.card.keyEvidence ?? [
    Math.max(
      0,
      rule.evidence.findIndex((e) => e.strength !== 'preclinical' && !e.background),
    ),
  ];
  return indices.flatMap((i) => (rule.evidence[i] ? [rule.evidence[i]] : []));
}

/** The limitation a card shows: `card.keyLimitation` (an index), else the first. */
export function keyLimitationOf(rule: RuleFile): string | undefined {
  return rule.limitations[rule.card.keyLimitation ?? 0];
}

/** A claim on a card: its closing "(CIViC B: …)" note goes, the level is shown beside it instead. */
export function claimOnCard(claim: string): string {
  return claim.replace(/\s*\(CIViC [A-E]\b[^()]*(?:\([^()]*\)[^()]*)*\)(\.?)$/, '$1');
}

/**
 * "Cristofanilli et al. N Engl J Med 2004", "de Bono et al. Clin Cancer Res 2008", "Sai and Xiang
 * J Cell Mol Med 2018": the first author's surname with its particles (initials dropped), then the
 * journal and year of a Vancouver-style citation.
 */
export function shortCitation(citation: string): string {
  const head = citation.split('. ')[0] ?? citation;
  const etAl = /\bet al\b/.test(head);
  const authors = head
    .replace(/,?\s*\bet al\b.*$/, '')
    .split(',')
    .map((a) => a.trim())
    .filter((a) => a !== '');
  // Keep particles and compound names ("de Bono", "van der Toom"); drop the trailing initials ("JS").
  const surname = (author: string) =>
    author
      .split(/\s+/)
      .filter((w, i, all) => i === 0 || i < all.length - 1 || !/^[A-Z][A-Z.-]{0,5}$/.test(w))
      .join(' ');
  const who = etAl || authors.length > 2 ? `${surname(authors[0] ?? head)} et al.` : authors.map(surname).join(' and ');
  const year = /\b(19|20)\d{2}\b/.exec(citation)?.[0] ?? '';
  // A corporate author (US Food and Drug Administration) is not also the journal.
  const journal = citation.split('. ').at(-2) ?? '';
  return `${who} ${journal === head ? '' : journal} ${year}`.replace(/\s+/g, ' ').trim().slice(0, 80);
}
