// The redirect URI: fhirclient exchanges the code (PKCE) for a token, then the app reads this patient's
// resources straight from the EHR's FHIR server and builds the timeline here, in the browser, with the
// service's own normalize code (src/smart/browser-timeline.ts). The service sees no token and no resource:
// it only serves this code and two public JSON documents (client.json, knowledge.json).
import FHIR from 'fhirclient';
import { smartView } from '../../src/smart/browser-timeline.ts';
import {
  authorizationFailure,
  failureOf,
  missingReadScopes,
  missingScopesFailure,
  NO_PATIENT,
  resourcesInWords,
} from '../../src/smart/smart-failure.ts';
import { renderTimelineChart, renderTimelineTable } from '../assets/js/timeline-chart.js';
import { el, replaceChildren } from '../assets/js/dom.js';
import { fetchOwnJson, showFailure, showStatus } from './smart-page.js';

const READ_TYPES = ['Observation', 'Condition', 'MedicationRequest', 'MedicationAdministration', 'Procedure'];
/** Pages per search, at most: a bounded read even from a server whose paging never ends. */
const PAGE_LIMIT = 20;
const FOCUS_WORDS = { ctc: 'CTC counts', dtc: 'bone-marrow DTC results', cluster: 'CTC clusters', pdl1: 'PD-L1+ CTCs' };

let client;

async function main() {
  const params = new URLSearchParams(location.search);
  const error = params.get('error');
  if (error) {
    showFailure(authorizationFailure(error, params.get('error_description')));
    return;
  }
  client = await FHIR.oauth2.ready();
  const tokenResponse = client.state.tokenResponse ?? {};
  const patientId = client.patient.id;
  if (!patientId) {
    showFailure(NO_PATIENT);
    return;
  }
  const registration = await fetchOwnJson('/smart/client.json');
  const granted = typeof tokenResponse.scope === 'string' ? tokenResponse.scope : '';
  const missing = missingReadScopes(granted, registration.required_resources);
  if (missing.length > 0) {
    showFailure(missingScopesFailure(missing));
    return;
  }
  const readable = READ_TYPES.filter((t) => missingReadScopes(granted, [t]).length === 0);
  showStatus('Reading the patient’s results from the EHR…');
  const search = (type) =>
    client.request(`${type}?patient=${encodeURIComponent(patientId)}&_count=100`, { pageLimit: PAGE_LIMIT, flat: true });
  const [knowledge, patient, ...lists] = await Promise.all([
    fetchOwnJson('/smart/knowledge.json'),
    // The banner's name is optional: a server that refuses Patient (403) still gets its timeline.
    client
      .request(`Patient/${encodeURIComponent(patientId)}`)
      .catch((e) => (e?.status === 403 || e?.status === 404 ? undefined : Promise.reject(e))),
    ...readable.map(search),
  ]);
  const resources = [
    ...(patient ? [patient] : []),
    ...lists.flat().filter((r) => r && typeof r === 'object' && typeof r.resourceType === 'string'),
  ];
  const view = smartView(resources, patientId, knowledge, new Date());
  render(
    view,
    patient,
    READ_TYPES.filter((t) => !readable.includes(t)),
    focusOf(tokenResponse.appContext),
  );
}

/** The card's appContext (a JSON string, CDS Hooks 2.0 Link.appContext), if the EHR passed it on. */
function focusOf(appContext) {
  if (typeof appContext !== 'string') return undefined;
  try {
    const value = JSON.parse(appContext);
    return value && typeof value === 'object' ? value : undefined;
  } catch {
    return undefined;
  }
}

function nameOf(patient) {
  const name = patient?.name?.[0];
  if (!name) return 'Patient';
  return name.text || [...(name.given ?? []), name.family].filter(Boolean).join(' ') || 'Patient';
}

function render({ timeline, applying }, patient, unread, focus) {
  const parts = [
    el('p', { class: 'patient-line' }, el('strong', {}, nameOf(patient)), patient?.birthDate ? ` · born ${patient.birthDate}` : ''),
  ];
  if (focus && typeof focus.ruleId === 'string') {
    // Words only: the card's title when the rule set knows it, never the rule's id.
    const title = applying.find((r) => r.id === focus.ruleId)?.title;
    parts.push(
      el(
        'p',
        { class: 'focus', id: 'focus' },
        `Opened from ${title ? `the card “${title}”` : 'a CTC Advisor card'}${FOCUS_WORDS[focus.focus] ? `, about ${FOCUS_WORDS[focus.focus]}` : ''}.`,
      ),
    );
  }
  if (unread.length > 0) {
    parts.push(
      el(
        'p',
        { class: 'notice', role: 'status' },
        `The patient’s ${resourcesInWords(unread)} were not read, because the EHR granted no read access (${unread.join(', ')}). Therapy bands or markers from them are missing.`,
      ),
    );
  }
  parts.push(renderTimelineChart(timeline), renderTimelineTable(timeline));
  // The rules whose cards a patient-view call would show now, computed here from the same facts (no call to the service).
  const rules = applying.map((r) => el('li', { 'data-rule': r.id }, `${r.title} (version ${r.version})`));
  parts.push(
    el(
      'section',
      { class: 'rules-applying', id: 'rules-applying' },
      el('h2', {}, 'Rules whose cards apply to this patient'),
      rules.length > 0 ? el('ul', {}, ...rules) : el('p', {}, 'No rule’s card applies to this patient now.'),
    ),
  );
  replaceChildren(document.getElementById('main'), ...parts);
  document.body.dataset.ctcPoints = String(timeline.ctc.length);
  document.body.dataset.state = 'ready';
}

main().catch((error) =>
  showFailure(failureOf(error, { fhirBase: client?.state?.serverUrl, expiresAt: client?.state?.expiresAt, nowSeconds: Date.now() / 1000 })),
);
