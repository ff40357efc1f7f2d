import type { RuleSet } from '../rule-set/rule-set.ts';
import type { EvidenceItem, RuleCondition, RuleFile } from '../rules/rule-file.ts';
import type { HistoryLine } from '../rules/rule-history.ts';
import { conditionsInWords } from '../authoring/conditions-in-words.ts';
import { esc, words } from '../authoring/catalog-html.ts';
import { PLACEHOLDER } from '../cards/template.ts';
import { STRENGTH, keyEvidenceOf, keyLimitationOf, shortCitation } from '../cards/card-parts.ts';
import { FACTS_BY_NAME } from '../facts/fact-catalog.ts';
import { inWords, siteInWords } from '../facts/fact-words.ts';

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem;border-top:1px solid #ddd;padding-top:1rem}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2rem .5rem;text-align:left;vertical-align:top}
.meta{color:#555}.key{background:#f3f7ff;border-left:4px solid #4a74c9;padding:.5rem 1rem}code{font-size:90%}`;

const DIRECTION: Readonly<Record<EvidenceItem['direction'], string>> = {
  unfavourable: 'unfavourable',
  favourable: 'favourable',
  'no-association': 'no association',
  'not-applicable': 'not applicable',
  uncertain: 'uncertain',
};
const GATES: readonly (readonly [keyof RuleFile['gates'], string])[] = [
  ['cancerType', 'Cancer type'],
  ['setting', 'Setting'],
  ['assay', 'Assay'],
  ['specimen', 'Specimen'],
  ['timePoint', 'Time point'],
];

/**
 * The rule's evidence page for people (issue 16 §1): what a card links to as "Evidence and
 * limitations". The rule in words, its conditions in words, every evidence item with level and
 * citation, all limitations, the references as links, the ONC HTI-1 source attributes and the
 * version history. Rule knowledge only, no patient data. Every rule-authored string is
 * HTML-escaped; the rule's longer text keeps only **bold** and *emphasis* from its Markdown.
 * A static page: no script, inline style only (the route's Content-Security-Policy allows nothing else).
 */
export function evidencePageHtml(
  set: RuleSet,
  id: string,
  sourceAttributes: Readonly<Record<string, unknown>>,
  history: readonly HistoryLine[],
): string | undefined {
  const rule = set.byId.get(id)?.rule;
  if (!rule) return undefined;
  const refIds = [...new Set(rule.evidence.flatMap((e) => e.references))];
  const number = (ref: string) => refIds.indexOf(ref) + 1;
  const key = new Set(keyEvidenceOf(rule));
  const keyLimitation = keyLimitationOf(rule);
  const topic = set.topics.concepts.find((c) => c.code === rule.topic)?.display ?? rule.topic;
  const evidence = rule.evidence.map(
    (e) =>
      `<li${key.has(e) ? ' class="key"' : ''}>${esc(e.claim)} <em>(${esc(inWords(e.type))}, ${esc(DIRECTION[e.direction])}; ${esc(STRENGTH[e.strength])}; level ${esc(e.level.value)} on the ${esc(e.level.scale)} scale${e.background ? '; background only' : ''})</em> ${e.references.map((r) => `<a href="#ref-${number(r)}">[${number(r)}]</a>`).join('')}${key.has(e) ? ' <strong>(shown on the card)</strong>' : ''}</li>`,
  );
  const references = refIds.map((refId) => {
    const ref = set.references.references[refId];
    const text = ref ? citationInWords(ref.citation) : refId;
    const citation = ref?.url && /^https?:\/\//.test(ref.url) ? `<a href="${esc(ref.url)}">${esc(text)}</a>` : esc(text);
    return `<li id="ref-${number(refId)}">${citation}${ref ? esc(referenceNote(set, ref.kind, ref.citedBy)) : ''}</li>`;
  });
  const attributes = Object.entries(sourceAttributes).map(
    ([k, v]) =>
      `<tr><th>${esc(attributeName(k))}</th><td>${esc(typeof v === 'boolean' ? (v ? 'yes' : 'no') : typeof v === 'string' ? citationInWords(v) : JSON.stringify(v))}</td></tr>`,
  );
  const historyItems = history.map((h) => `<li><span class="meta">${esc(h.section)}:</span> ${inlineMarkdown(h.text)}</li>`);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(rule.title)} — CTC Advisor evidence</title><style>${STYLE}</style></head>
<body>
<p class="meta">CTC Advisor · evidence and limitations behind one card · advisory only: no card recommends starting, stopping or changing any therapy</p>
<h1>${esc(rule.title)}</h1>
<p class="meta">Topic: ${esc(topic)} · card indicator: ${esc(rule.card.indicator)} · rule <code>${esc(rule.id)}</code> version ${esc(rule.version)} (${esc(rule.status)}) · answers ${esc(rule.hooks.map((h) => (h === 'patient-view' ? 'chart opening' : 'test ordering')).join(' and '))}</p>
<h2>The rule in words</h2>
<table>${GATES.map(([k, label]) => `<tr><th>${label}</th><td>${esc(rule.gates[k])}</td></tr>`).join('')}</table>
<h3>The card fires when</h3>
${words(conditionsInWords(valuesInWords(rule.conditions)))}
<h2>What the evidence says</h2>
<p>${inlineMarkdown(templateInWords(rule.card.detail))}</p>
<h3>Every evidence item</h3>
<ol>${evidence.join('')}</ol>
<h2>Limitations</h2>
<ul>${rule.limitations.map((l) => `<li${l === keyLimitation ? ' class="key"' : ''}>${esc(l)}${l === keyLimitation ? ' <strong>(shown on the card)</strong>' : ''}</li>`).join('')}</ul>
<h2>References</h2>
<ol>${references.join('')}</ol>
<h2>Source attributes (ONC HTI-1, 45 CFR 170.315(b)(11))</h2>
<table>${attributes.join('')}</table>
<h2>Version history</h2>
${historyItems.length > 0 ? `<ul>${historyItems.join('')}</ul>` : '<p>No CHANGELOG entry names this rule.</p>'}
</body></html>
`;
}

function referenceNote(set: RuleSet, kind: string, citedBy: string | undefined): string {
  if (kind === 'general-knowledge') return ' (general knowledge, not in the source reviews)';
  if (kind !== 'primary-study-via-seed') return '';
  // "seed-004-sai-2018 ref 133" names the citing review by its registry id: say which review, in words.
  const seedId = citedBy?.split(' ')[0] ?? '';
  const seed = set.references.references[seedId];
  const number = /\bref (\d+)\b/.exec(citedBy ?? '')?.[1];
  return ` (as cited by ${seed ? shortCitation(seed.citation) : 'a source review'}${number ? `, reference ${number}` : ''})`;
}

/** A registry citation for readers: no note about the source files, "ref 50" as "reference 50". */
function citationInWords(citation: string): string {
  return citation.replace(/;\s*the supplied review text has no reference list/g, '').replace(/\bref (\d+)\b/g, 'reference $1');
}

/** "usesSexualOrientation" → "Uses sexual orientation". */
function attributeName(key: string): string {
  const spaced = key.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/** A card template on a page without a patient: each {{fact}} reads as "[the fact's label]". */
function templateInWords(template: string): string {
  return template.replace(PLACEHOLDER, (_m, name: string) => `[${FACTS_BY_NAME.get(name)?.label ?? name}]`);
}

/** Condition values are value-set ids ("during-therapy", "nsclc"); the page reads them as words. */
function valuesInWords(node: RuleCondition): RuleCondition {
  const word = node.fact === 'cancer.metastaticSites' ? siteInWords : inWords;
  const closed = node.fact !== undefined && FACTS_BY_NAME.get(node.fact)?.values !== undefined;
  const value = !closed
    ? node.value
    : Array.isArray(node.value)
      ? node.value.map((v) => (typeof v === 'string' ? word(v) : v))
      : typeof node.value === 'string'
        ? word(node.value)
        : node.value;
  return {
    ...node,
    ...(node.value !== undefined ? { value } : {}),
    ...(node.all ? { all: node.all.map(valuesInWords) } : {}),
    ...(node.any ? { any: node.any.map(valuesInWords) } : {}),
    ...(node.not ? { not: valuesInWords(node.not) } : {}),
  };
}

/** Escaped text with only `code`, **strong** and *emphasis* kept: enough for CHANGELOG lines and rule text. */
function inlineMarkdown(text: string): string {
  return esc(text)
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
    .replace(/(?<![*\w])\*([^*\s][^*]*)\*(?![*\w])/g, '<em>$1</em>');
}
