// Why each rule fired or stayed silent, for the current patient: the facts, each rule's evaluated
// condition tree, and the raw JSON (the same shape `explain --json` prints).
import { el, replaceChildren } from './dom.js';

const MARK = { true: '✓', false: '✗', undefined: '·' };

function show(value) {
  if (value === null || value === undefined) return 'not recorded';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function conditionNode(node) {
  const mark = el(
    'span',
    {
      class: `mark mark-${String(node.result)}`,
      'aria-label': node.result === undefined ? 'not evaluated' : node.result ? 'passed' : 'failed',
    },
    MARK[String(node.result)],
  );
  if (node.kind === 'fact') {
    return el(
      'li',
      {},
      mark,
      ' ',
      el('code', {}, node.fact),
      ` (${node.label}) = `,
      el('strong', {}, show(node.factValue)),
      ` ${node.operator} `,
      el('code', {}, show(node.expected)),
    );
  }
  return el('li', {}, mark, ` ${node.kind === 'not' ? 'not' : `${node.kind} of`}`, el('ul', {}, ...node.conditions.map(conditionNode)));
}

/** @param {HTMLElement} container @param {any} explanation */
export function renderExplain(container, explanation) {
  const recorded = explanation.facts.filter((f) => f.value !== null);
  replaceChildren(
    container,
    el(
      'p',
      {},
      `Rule set ${explanation.ruleSetVersion} · ${explanation.hook} · evaluated ${String(explanation.evaluatedAt).slice(0, 19).replace('T', ' ')} UTC`,
    ),
    el('h3', {}, `Rules (${explanation.rules.filter((r) => r.fired).length} fired of ${explanation.rules.length})`),
    el(
      'ul',
      { class: 'explain-rules' },
      // Fired rules first and open; silent ones collapsed, so 50+ rules stay scannable.
      ...[...explanation.rules]
        .sort((a, b) => Number(b.fired) - Number(a.fired))
        .map((r) =>
          el(
            'li',
            { class: r.fired ? 'fired' : 'silent', 'data-rule': r.id },
            el(
              'details',
              { open: r.fired },
              el('summary', {}, el('strong', {}, `${r.fired ? 'FIRED' : 'silent'} · ${r.id} v${r.version}`), ` (${r.status}) ${r.title}`),
              el('ul', { class: 'tree' }, conditionNode(r.conditions)),
            ),
          ),
        ),
    ),
    el('h3', {}, `Facts with a value (${recorded.length} of ${explanation.facts.length})`),
    el(
      'table',
      { class: 'data-table facts' },
      el(
        'thead',
        {},
        el('tr', {}, el('th', { scope: 'col' }, 'Fact'), el('th', { scope: 'col' }, 'Label'), el('th', { scope: 'col' }, 'Value')),
      ),
      el(
        'tbody',
        {},
        ...recorded.map((f) => el('tr', {}, el('td', {}, el('code', {}, f.name)), el('td', {}, f.label), el('td', {}, f.display))),
      ),
    ),
    explanation.notes.length
      ? el(
          'div',
          {},
          el('h3', {}, 'Data-quality notes'),
          el('ul', {}, ...explanation.notes.map((n) => el('li', {}, `${n.code}: ${n.message}`))),
        )
      : null,
    el('details', {}, el('summary', {}, 'Raw JSON'), el('pre', { class: 'json' }, JSON.stringify(explanation, null, 2))),
  );
}
