// The patient banner and problem list an EHR shows above the chart. Every string from FHIR is
// set as text (dom.js), never parsed as HTML.
import { el, replaceChildren } from './dom.js';
import { resourcesOf } from './ehr-request.js';

function nameOf(patient) {
  const name = Array.isArray(patient?.name) ? patient.name[0] : undefined;
  if (!name) return patient?.id ?? 'Unnamed patient';
  if (typeof name.text === 'string') return name.text;
  return (
    [...(Array.isArray(name.given) ? name.given : []), name.family].filter((p) => typeof p === 'string').join(' ') ||
    (patient.id ?? 'Unnamed patient')
  );
}

function conceptText(concept) {
  return concept?.text ?? concept?.coding?.find((c) => c.display)?.display ?? concept?.coding?.[0]?.code ?? 'uncoded';
}

/** @param {HTMLElement} container @param {any} bundle @param {string} [line] the picture's one-line summary */
export function renderBanner(container, bundle, line) {
  const resources = resourcesOf(bundle);
  const patient = resources.find((r) => r.resourceType === 'Patient');
  const problems = resources.filter((r) => r.resourceType === 'Condition');
  const meds = resources.filter((r) => r.resourceType === 'MedicationRequest' || r.resourceType === 'MedicationAdministration');
  replaceChildren(
    container,
    el(
      'div',
      { class: 'banner-main' },
      el('h2', { 'data-testid': 'patient-name' }, nameOf(patient)),
      el(
        'span',
        { class: 'demographics' },
        [patient?.gender, patient?.birthDate ? `born ${patient.birthDate}` : null, patient?.id ? `id ${patient.id}` : null]
          .filter(Boolean)
          .join(' · '),
      ),
    ),
    line ? el('p', { class: 'picture-line' }, line) : null,
    el(
      'div',
      { class: 'banner-lists' },
      el(
        'section',
        { 'aria-label': 'Problem list' },
        el('h3', {}, 'Problems'),
        el(
          'ul',
          { 'data-testid': 'problem-list' },
          ...problems.map((c) =>
            el('li', {}, conceptText(c.code), c.onsetDateTime ? ` (since ${String(c.onsetDateTime).slice(0, 10)})` : ''),
          ),
        ),
      ),
      el(
        'section',
        { 'aria-label': 'Medications' },
        el('h3', {}, 'Medications'),
        el(
          'ul',
          {},
          ...(meds.length
            ? meds.map((m) => el('li', {}, conceptText(m.medicationCodeableConcept), m.status ? ` · ${m.status}` : ''))
            : [el('li', {}, 'none recorded')]),
        ),
      ),
    ),
  );
}
