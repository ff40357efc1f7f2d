// The sandbox's patient chart: pick a patient, then call the CDS service the way an EHR does
// (discovery, then patient-view with prefetch from the patient's Bundle) and show what it says.
import { el, fetchJson, replaceChildren } from './dom.js';
import { requestFromBundle } from './ehr-request.js';
import { discover, callService, onExchange } from './cds-client.js';
import { renderCards } from './cards.js';
import { renderTimelineChart, renderTimelineTable } from './timeline-chart.js';
import { renderExplain } from './explain-panel.js';
import { renderBanner } from './patient-banner.js';

const $ = (id) => document.getElementById(id);
const postJson = (url, body) =>
  fetchJson(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

function failure(container, error) {
  replaceChildren(container, el('p', { class: 'error', role: 'alert' }, error instanceof Error ? error.message : String(error)));
}

function pictureLine(t) {
  const sites = t.cancer.metastaticSites.length ? ` (${t.cancer.metastaticSites.join(', ')})` : '';
  // Several primaries: each with its own setting (the results may belong to none of them).
  if (t.cancer.primaries.length > 1) return t.cancer.primaries.map((p) => `${p.type} · ${p.setting}`).join('; ');
  return `${t.cancer.primaryTypes.join(', ') || 'no primary cancer recorded'} · ${t.cancer.setting}${sites}`;
}

async function openChart(bundle, line) {
  document.body.dataset.state = 'loading';
  $('chart').hidden = false;
  renderBanner($('banner'), bundle, line);
  for (const id of ['cards', 'timeline', 'explain']) replaceChildren($(id), el('p', { class: 'pending' }, 'Loading…'));

  const cds = (async () => {
    const discovery = await discover();
    const service = (discovery.services ?? []).find((s) => s.hook === 'patient-view');
    if (!service) throw new Error('discovery lists no patient-view service');
    const request = requestFromBundle(bundle, service);
    $('service-line').textContent = `${service.title} (${service.id}) · hookInstance ${request.hookInstance}`;
    try {
      const response = await callService(service.id, request);
      renderCards($('cards'), response.cards, service.id);
    } catch (error) {
      failure($('cards'), error);
    }
    return { service, request };
  })();

  const timeline = postJson('/sandbox/api/timeline', bundle).then(({ body }) => {
    if (!line) renderBanner($('banner'), bundle, pictureLine(body));
    replaceChildren($('timeline'), renderTimelineChart(body), renderTimelineTable(body));
  });

  const explain = cds
    .then(({ request }) => postJson('/sandbox/api/explain', { request }))
    .then(({ body }) => renderExplain($('explain'), body));

  const results = await Promise.allSettled([cds, timeline, explain]);
  if (results[0].status === 'rejected') failure($('cards'), results[0].reason);
  if (results[1].status === 'rejected') failure($('timeline'), results[1].reason);
  if (results[2].status === 'rejected') failure($('explain'), results[2].reason);
  document.body.dataset.state = 'ready';
}

async function loadPatients() {
  const list = $('patients');
  try {
    const { body } = await fetchJson('/sandbox/api/patients');
    replaceChildren(
      list,
      ...body.patients.map((p) => {
        const button = el(
          'button',
          { type: 'button', class: 'patient', 'data-patient': p.name },
          el('strong', {}, p.name),
          el('span', {}, p.line),
        );
        button.addEventListener('click', async () => {
          for (const b of list.querySelectorAll('button')) b.removeAttribute('aria-current');
          button.setAttribute('aria-current', 'true');
          try {
            const { body: bundle } = await fetchJson(`/sandbox/api/patients/${encodeURIComponent(p.name)}`);
            await openChart(bundle, p.line);
          } catch (error) {
            failure($('cards'), error);
          }
        });
        return el('li', {}, button);
      }),
    );
  } catch (error) {
    failure(list, error);
  }
}

function wirePatientFilter() {
  const filter = $('patient-filter');
  filter.addEventListener('input', () => {
    const words = filter.value.toLowerCase().split(/\s+/).filter(Boolean);
    for (const item of $('patients').children) item.hidden = !words.every((w) => item.textContent.toLowerCase().includes(w));
  });
}

function wireBundleInput() {
  const text = $('bundle-text');
  const error = $('bundle-error');
  $('bundle-file').addEventListener('change', async (event) => {
    const file = event.target.files?.[0];
    if (file) text.value = await file.text();
  });
  $('bundle-open').addEventListener('click', async () => {
    error.textContent = '';
    let bundle;
    try {
      bundle = JSON.parse(text.value);
    } catch (e) {
      error.textContent = `Not JSON: ${e.message}`;
      return;
    }
    if (bundle?.resourceType !== 'Bundle') {
      error.textContent = 'Paste a FHIR Bundle (resourceType "Bundle") holding one Patient and their resources.';
      return;
    }
    await openChart(bundle, undefined);
  });
}

function wireExchangeLog() {
  const log = $('exchanges');
  onExchange((x) => log.append(el('li', {}, `${x.method} ${x.path} → ${x.status} (${x.ms} ms)`)));
}

wireExchangeLog();
wireBundleInput();
wirePatientFilter();
loadPatients();
