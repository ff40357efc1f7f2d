// The rule catalog, read from the public /rules endpoints: status, version, evidence, references,
// HTI-1 source attributes and test count per rule, filtered by topic and cancer type.
import { el, fetchJson, replaceChildren } from './dom.js';

const ANY_CANCER = 'any cancer type';

/** Cancer types a rule is gated on, read from its `cancer.type` conditions (the primary the results belong to). */
export function cancerTypesOf(condition) {
  const found = new Set();
  const walk = (c) => {
    if (!c || typeof c !== 'object') return;
    for (const key of ['all', 'any']) if (Array.isArray(c[key])) c[key].forEach(walk);
    if (c.not) return; // a negated gate excludes types; it does not name the rule's audience
    if (c.fact === 'cancer.type' && ['in', 'equal'].includes(c.operator))
      for (const v of [c.value].flat()) if (typeof v === 'string') found.add(v);
  };
  walk(condition);
  return found.size ? [...found].sort() : [ANY_CANCER];
}

function safeLink(label, url) {
  return typeof url === 'string' && /^https?:\/\//i.test(url)
    ? el('a', { href: url, target: '_blank', rel: 'noopener noreferrer' }, label)
    : el('span', {}, label);
}

function renderRule(rule) {
  const attributes = Object.entries(rule.sourceAttributes ?? {});
  return el(
    'article',
    { class: 'rule', 'data-rule': rule.id, 'data-topic': rule.topic, 'data-cancer': rule.cancerTypes.join(' ') },
    el('h2', {}, el('span', { class: `status status-${rule.status}` }, rule.status), ' ', rule.title),
    el(
      'dl',
      {},
      el('dt', {}, 'Rule'),
      el(
        'dd',
        {},
        el('code', {}, rule.id),
        ` v${rule.version} · `,
        el('a', { href: `/rules/${encodeURIComponent(rule.id)}`, 'data-testid': 'evidence-page' }, 'Evidence and limitations'),
      ),
      el('dt', {}, 'Topic'),
      el('dd', {}, rule.topicDisplay ?? rule.topic),
      el('dt', {}, 'Hooks'),
      el('dd', {}, (rule.hooks ?? []).join(', ')),
      el('dt', {}, 'Cancer type'),
      el('dd', {}, rule.cancerTypes.join(', ')),
      el('dt', {}, 'Test cases'),
      el('dd', { 'data-testid': 'test-count' }, String(rule.testCount ?? 0)),
    ),
    el('h3', {}, `Evidence (${(rule.evidence ?? []).length})`),
    el(
      'ul',
      {},
      ...(rule.evidence ?? []).map((e) =>
        el(
          'li',
          {},
          e.claim,
          el(
            'span',
            { class: 'muted' },
            ` (${e.type}; ${e.strength}; level ${e.level?.value ?? '?'} on ${e.level?.scale ?? '?'}; refs ${e.references.join(', ')})`,
          ),
        ),
      ),
    ),
    el('h3', {}, 'References'),
    el('ol', {}, ...(rule.references ?? []).map((r) => el('li', {}, safeLink(r.citation, r.url)))),
    el(
      'details',
      {},
      el('summary', {}, 'HTI-1 source attributes'),
      el('dl', {}, ...attributes.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, typeof v === 'string' ? v : JSON.stringify(v))])),
    ),
  );
}

async function main() {
  const list = await fetchJson('/rules');
  const rules = await Promise.all(
    list.body.rules.map(async (summary) => {
      const { body } = await fetchJson(`/rules/${encodeURIComponent(summary.id)}`);
      return { ...body, topicDisplay: summary.topicDisplay, cancerTypes: cancerTypesOf(body.conditions) };
    }),
  );
  document.getElementById('rule-set').textContent =
    `Rule set ${list.body.ruleSetVersion} · ${rules.length} rules loaded (active and shadow; drafts are never served).`;
  const topic = document.getElementById('filter-topic');
  const cancer = document.getElementById('filter-cancer');
  const topics = new Map(rules.map((r) => [r.topic, r.topicDisplay ?? r.topic]));
  for (const [code, display] of [...topics].sort((a, b) => a[1].localeCompare(b[1]))) topic.append(el('option', { value: code }, display));
  for (const type of [...new Set(rules.flatMap((r) => r.cancerTypes))].sort()) cancer.append(el('option', { value: type }, type));
  const container = document.getElementById('rules');
  const show = () => {
    const shown = rules.filter(
      (r) =>
        (!topic.value || r.topic === topic.value) &&
        (!cancer.value || r.cancerTypes.includes(cancer.value) || r.cancerTypes.includes(ANY_CANCER)),
    );
    replaceChildren(container, ...shown.map(renderRule));
    document.getElementById('rule-count').textContent = `${shown.length} of ${rules.length} rules shown`;
  };
  topic.addEventListener('change', show);
  cancer.addEventListener('change', show);
  show();
  document.body.dataset.state = 'ready';
}

main().catch((error) => {
  replaceChildren(document.getElementById('rules'), el('p', { class: 'error', role: 'alert' }, error.message));
  document.body.dataset.state = 'ready';
});
