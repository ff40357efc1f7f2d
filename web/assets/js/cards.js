// Cards as EHRs show them: indicator colour, summary, safe Markdown detail, source, links,
// suggestions with accept, override with the card's own reasons; both send real feedback.
import { el, replaceChildren } from './dom.js';
import { renderMarkdown } from './markdown.js';
import { sendFeedback } from './cds-client.js';

const INDICATOR_LABEL = { info: 'Info', warning: 'Warning', critical: 'Critical' };

function safeUrl(url) {
  return typeof url === 'string' && /^https?:\/\//i.test(url) ? url : null;
}

function linkOrText(label, url) {
  const href = safeUrl(url);
  return href ? el('a', { href, target: '_blank', rel: 'noopener noreferrer' }, label) : el('span', {}, label);
}

/**
 * @param {HTMLElement} container
 * @param {any[]} cards from the service's response
 * @param {string} serviceId
 */
export function renderCards(container, cards, serviceId) {
  if (!Array.isArray(cards) || cards.length === 0) {
    replaceChildren(container, el('p', { class: 'empty', 'data-testid': 'no-cards' }, 'The service returned no cards for this patient.'));
    return;
  }
  replaceChildren(container, ...cards.map((card) => renderCard(card, serviceId)));
}

function renderCard(card, serviceId) {
  const indicator = INDICATOR_LABEL[card.indicator] ? card.indicator : 'info';
  const status = el('p', { class: 'feedback-status', role: 'status', 'aria-live': 'polite' });
  const detail = el('div', { class: 'card-detail' });
  // The one innerHTML in the page: renderMarkdown escapes everything before adding its own tags.
  detail.innerHTML = renderMarkdown(typeof card.detail === 'string' ? card.detail : '');
  const topic = card.source?.topic?.display ?? card.source?.topic?.code;
  const article = el(
    'article',
    {
      class: `card card--${indicator}`,
      'data-card-uuid': card.uuid ?? '',
      'aria-label': `${INDICATOR_LABEL[indicator]} card: ${card.summary ?? ''}`,
    },
    el(
      'header',
      { class: 'card-head' },
      el('span', { class: 'badge' }, INDICATOR_LABEL[indicator]),
      el('h3', { class: 'card-summary' }, card.summary ?? ''),
    ),
    el(
      'p',
      { class: 'card-source' },
      'Source: ',
      linkOrText(card.source?.label ?? 'unknown', card.source?.url),
      topic ? ` · ${topic}` : null,
    ),
    el('details', { class: 'card-more' }, el('summary', {}, 'Details, evidence and references'), detail),
    Array.isArray(card.links) && card.links.length > 0
      ? el(
          'ul',
          { class: 'card-links', 'aria-label': 'Links' },
          ...card.links.map((l) => el('li', {}, linkOrText(l.label ?? l.url, l.url))),
        )
      : null,
    renderActions(card, serviceId, status),
    status,
  );
  return article;
}

function renderActions(card, serviceId, status) {
  const actions = el('div', { class: 'card-actions' });
  const buttons = [];
  const lock = () => {
    for (const b of buttons) b.disabled = true;
  };
  for (const suggestion of Array.isArray(card.suggestions) ? card.suggestions : []) {
    // What accepting does (CDS Hooks 2.0 suggestion actions): an EHR would create these, e.g. a draft Task proposal.
    const does = (Array.isArray(suggestion.actions) ? suggestion.actions : [])
      .map((a) => a?.description)
      .filter((d) => typeof d === 'string');
    const accept = el(
      'button',
      { type: 'button', class: 'accept', ...(does.length ? { title: does.join('; ') } : {}) },
      `Accept: ${suggestion.label ?? 'suggestion'}`,
    );
    accept.addEventListener('click', () =>
      submit(
        serviceId,
        {
          card: card.uuid,
          outcome: 'accepted',
          acceptedSuggestions: [{ id: suggestion.uuid }],
          outcomeTimestamp: new Date().toISOString(),
        },
        status,
        lock,
        `accepted “${suggestion.label}”${does.length ? ` (the EHR creates: ${does.join('; ')})` : ''}`,
      ),
    );
    buttons.push(accept);
    actions.append(accept);
  }
  const reasons = Array.isArray(card.overrideReasons) ? card.overrideReasons : [];
  const select = el(
    'select',
    { name: 'reason', 'aria-label': 'Override reason' },
    el('option', { value: '' }, reasons.length ? 'Choose a reason…' : '(no reasons offered)'),
    ...reasons.map((r, i) => el('option', { value: String(i) }, r.display ?? r.code)),
  );
  const comment = el('input', {
    type: 'text',
    name: 'comment',
    placeholder: 'Comment (optional)',
    'aria-label': 'Override comment',
    maxlength: '500',
  });
  const override = el('button', { type: 'button', class: 'override' }, 'Override');
  override.addEventListener('click', () => {
    const reason = select.value === '' ? undefined : reasons[Number(select.value)];
    const userComment = comment.value.trim();
    const overrideReason = {
      ...(reason ? { reason: { system: reason.system, code: reason.code, display: reason.display } } : {}),
      ...(userComment ? { userComment } : {}),
    };
    const item = {
      card: card.uuid,
      outcome: 'overridden',
      ...(reason || userComment ? { overrideReason } : {}),
      outcomeTimestamp: new Date().toISOString(),
    };
    submit(serviceId, item, status, lock, `overridden${reason ? ` (${reason.display ?? reason.code})` : ''}`);
  });
  buttons.push(override, select, comment);
  actions.append(el('span', { class: 'override-group' }, select, comment, override));
  return actions;
}

async function submit(serviceId, item, status, lock, what) {
  lock();
  status.className = 'feedback-status pending';
  status.textContent = 'Sending feedback…';
  try {
    const answer = await sendFeedback(serviceId, [item]);
    status.className = 'feedback-status ok';
    status.textContent = `Feedback stored: ${what}. The service answered 200 (stored: ${answer?.stored ?? '?'}).`;
  } catch (error) {
    status.className = 'feedback-status error';
    status.textContent = `Feedback failed: ${error.message}`;
  }
}
