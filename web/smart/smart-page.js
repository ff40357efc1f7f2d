// What both SMART pages share: the one place a failure is shown. Every string is DOM text, never HTML.
import { el, replaceChildren } from '../assets/js/dom.js';

/** @param {{ kind: string, title: string, message: string }} failure */
export function showFailure(failure) {
  const main = document.getElementById('main');
  if (main)
    replaceChildren(
      main,
      el(
        'section',
        { class: 'failure', role: 'alert', 'data-failure': failure.kind },
        el('h1', {}, failure.title),
        el('p', {}, failure.message),
      ),
    );
  document.body.dataset.state = 'failed';
  document.body.dataset.failure = failure.kind;
}

/** @param {string} text */
export function showStatus(text) {
  const status = document.getElementById('status');
  if (status) status.textContent = text;
}

/** Public JSON from our own service (knowledge, never patient data): no credentials, no token. */
export async function fetchOwnJson(url) {
  const response = await fetch(url, { credentials: 'omit', headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`the CTC Advisor service answered ${response.status} for ${url}`);
  return response.json();
}
