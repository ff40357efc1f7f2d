// The EHR side of CDS Hooks 2.0: every call carries a fresh JWT whose audience is the exact
// endpoint URL. In the sandbox the token comes from the loopback-only /sandbox/api/token.
import { fetchJson } from './dom.js';

const listeners = new Set();
export function onExchange(listener) {
  listeners.add(listener);
}
function log(entry) {
  for (const l of listeners) l(entry);
}

async function authorization(path) {
  const { body } = await fetchJson('/sandbox/api/token', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ path }),
  });
  return body.token ? { Authorization: `Bearer ${body.token}` } : {};
}

async function call(method, path, payload) {
  const headers = { Accept: 'application/json', ...(await authorization(path)) };
  if (payload !== undefined) headers['Content-Type'] = 'application/json';
  const started = performance.now();
  try {
    const result = await fetchJson(path, { method, headers, ...(payload !== undefined ? { body: JSON.stringify(payload) } : {}) });
    log({ method, path, status: result.status, ms: Math.round(performance.now() - started) });
    return result.body;
  } catch (error) {
    log({ method, path, status: error.status ?? 'network error', ms: Math.round(performance.now() - started) });
    throw error;
  }
}

export function discover() {
  return call('GET', '/cds-services');
}

export function callService(serviceId, request) {
  return call('POST', `/cds-services/${encodeURIComponent(serviceId)}`, request);
}

/** CDS Hooks 2.0 §Feedback; the body is `{ feedback: [ ... ] }`. */
export function sendFeedback(serviceId, items) {
  return call('POST', `/cds-services/${encodeURIComponent(serviceId)}/feedback`, { feedback: items });
}
