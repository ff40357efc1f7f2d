import { readdirSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config/config.ts';
import { loadRuleSet, type RuleSet } from '../../src/rule-set/rule-set.ts';
import { loadServiceRegistry, type ServiceRegistry } from '../../src/services/service-registry.ts';
import { handleServiceCall } from '../../src/service-call.ts';
import { offlinePipeline, requestFromFile } from '../../src/simulate/offline-pipeline.ts';
import type { Card } from '../../src/validate/cds-hooks-types.ts';
import { activeStructureOf, benignTwin, structureOf, visibleText } from './card-markdown.ts';

/**
 * Issue 17 item 1: patient free text must reach card Markdown as literal text. Each request is sent
 * twice through the real pipeline, once with hostile text in every free-text field and once with its
 * benign twin (the same text with every Markdown character turned into "x"); the cards must agree in
 * everything but their words: the same Markdown structure (no HTML, links, images, headings or list
 * items of the patient's making) and the same links, suggestions and source.
 */

const AT = new Date('2026-06-01T00:00:00Z');
type Json = Record<string, unknown>;
type Fill = (slot: number) => string;

let ruleSet: RuleSet;
let services: ServiceRegistry;
beforeAll(() => {
  ruleSet = loadRuleSet(path.join(PROJECT_ROOT, 'rules'));
  services = loadServiceRegistry(path.join(PROJECT_ROOT, 'cds-hooks'));
});

const fixtures = (dir: string) =>
  readdirSync(path.join(PROJECT_ROOT, 'fhir-fixtures', dir))
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => path.join('fhir-fixtures', dir, f));
const FIXTURES = [...fixtures('patients'), ...fixtures('requests')];
const hookOf = (file: string) => (file.includes('order-select') ? 'order-select' : 'patient-view') as 'patient-view' | 'order-select';

/** Free text a FHIR resource may carry: CodeableConcept and Coding text, units, strings, note text, device names. */
const FREE_TEXT_KEYS = new Set(['display', 'text', 'unit', 'valueString', 'name']);
const SLOT = '\u0000slot';

/**
 * The request with every free-text field filled by `fill`: the fixture's own text fields, plus text
 * the fixtures lack (method text, notes, a contained Device's name, a CTC count given as valueString)
 * added to each Observation, and each Observation's id (it reaches cards in resource references).
 * `breakUnits` also replaces UCUM codes, so the text lands in data-quality notes instead.
 */
function filled(body: Json, fill: Fill, breakUnits: boolean): Json {
  const request = structuredClone(body);
  const observations: Json[] = [];
  const walkResources = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walkResources);
    else if (value && typeof value === 'object') {
      const object = value as Json;
      if (object.resourceType === 'Observation') observations.push(object);
      else Object.values(object).forEach(walkResources);
    }
  };
  walkResources([request.prefetch, (request.context as Json).draftOrders]);
  for (const obs of observations) {
    if (obs.method && typeof obs.method === 'object') (obs.method as Json).text = SLOT;
    obs.note = [{ text: SLOT }];
    if (!obs.device && !obs.method) {
      obs.contained = [
        ...((obs.contained as unknown[]) ?? []),
        { resourceType: 'Device', id: 'hostile-device', deviceName: [{ name: SLOT, type: 'user-friendly-name' }] },
      ];
      obs.device = { reference: '#hostile-device', display: SLOT };
    }
    if (breakUnits && obs.valueQuantity) (obs.valueQuantity as Json).code = SLOT;
  }
  const first = observations.find((o) => o.valueQuantity);
  const bundle = Object.values(request.prefetch as Json).find(
    (b) => (b as Json | null)?.resourceType === 'Bundle' && ((b as Json).entry as Json[] | undefined)?.some((e) => e.resource === first),
  ) as Json | undefined;
  if (first && bundle) {
    const { valueQuantity: _, ...rest } = first;
    (bundle.entry as Json[]).push({ resource: { ...structuredClone(rest), id: 'value-string', valueString: SLOT } });
  }
  let slot = 0;
  const next = () => fill(slot++);
  const walk = (value: unknown, key: string | undefined): unknown => {
    if (typeof value === 'string') return value === SLOT || (key !== undefined && FREE_TEXT_KEYS.has(key)) ? next() : value;
    if (Array.isArray(value)) return value.map((v) => walk(v, undefined));
    if (value && typeof value === 'object') {
      const object = value as Json;
      for (const [k, v] of Object.entries(object)) {
        if (k === 'id' && object.resourceType === 'Observation') object[k] = `o${String(slot).padStart(3, '0')}-${next()}`;
        else if (k !== 'resourceType' && k !== 'reference' && k !== 'system' && !(k === 'name' && object.resourceType === 'Patient'))
          object[k] = walk(v, k);
      }
    }
    return value;
  };
  walk(request.prefetch, undefined);
  walk((request.context as Json).draftOrders, undefined);
  return request;
}

async function cardsFor(body: Json, serviceId: string): Promise<Card[]> {
  const { response, trace } = await handleServiceCall(offlinePipeline(ruleSet, services, AT), serviceId, body);
  return [...response.cards, ...trace.shadowCards] as Card[];
}

/** Everything about a card but its words. */
function shape(card: Card) {
  return {
    rule: card.extension?.['org.ctc-advisor.rule'],
    summary: activeStructureOf(card.summary),
    detail: structureOf(card.detail ?? ''),
    links: card.links,
    suggestions: card.suggestions?.map((s) => s.label),
    overrideReasons: card.overrideReasons,
    source: card.source,
  };
}

/** Whether the patient's text reached any card is returned, so the tests can show they are not vacuous. */
async function expectOnlyWordsDiffer(file: string, fill: Fill, breakUnits: boolean): Promise<{ hostile: Card[]; reached: boolean }> {
  const { serviceId, body } = requestFromFile(path.join(PROJECT_ROOT, file), hookOf(file), services);
  const hostile = await cardsFor(filled(body, fill, breakUnits), serviceId);
  const benign = await cardsFor(
    filled(body, (slot) => benignTwin(fill(slot)), breakUnits),
    serviceId,
  );
  for (const card of hostile) expect(structureOf(card.detail ?? '').filter((s) => /:html\(/.test(s))).toEqual([]);
  expect(hostile.map(shape)).toEqual(benign.map(shape));
  return { hostile, reached: hostile.some((card, i) => card.detail !== benign[i]?.detail || card.summary !== benign[i]?.summary) };
}

/** FHIR R4 id syntax: a string like this in a resource id is replaced on cards by words. */
const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;

/** The red team's strings (issue 17 item 1); each one reached card.detail as Markdown before the fix. */
const RED_TEAM = [
  '<img src=x onerror=alert(1)>',
  '[click](http://evil)',
  '\n# STOP ALL THERAPY NOW',
  '\r\n- item',
  '![x](y)',
  '<http://evil>',
  'www.evil.com',
];

describe('patient free text on cards', () => {
  describe.each(RED_TEAM)('%j in every free-text field', (hostile) => {
    it.each([
      ['the CTC unit on the "Patient data used" line', 'fhir-fixtures/requests/mbc-ctc-12-cellsearch.patient-view.json', false],
      ['data-quality notes (an unknown unit, the Observation id)', 'fhir-fixtures/requests/mbc-ctc-12-cellsearch.patient-view.json', true],
      ['an order-select call (draft order text, the CTC unit)', 'fhir-fixtures/requests/mbc-ctc-12-cellsearch.order-select.json', false],
      ['the data-quality picture (several notes)', 'fhir-fixtures/requests/picture-data-quality.patient-view.json', false],
    ] as const)('%s', async (_, file, breakUnits) => {
      const { hostile: cards } = await expectOnlyWordsDiffer(file, () => hostile, breakUnits);
      expect(cards.length).toBeGreaterThan(0);
      const shown = cards.map((c) => visibleText(c.detail ?? '')).join('\n');
      // Issue 16: a card names a resource in words ("a result"), never by id; a string that is a valid
      // FHIR id reached the card only as an id in these fixtures, so it must be gone, not shown. The
      // draft order's text is shown as the order's name (escaped words), so there it stays.
      if (!breakUnits && FHIR_ID.test(hostile) && !file.includes('order-select')) expect(shown).not.toContain(hostile);
      // Otherwise the text did reach the card, as words a reader sees, on one line.
      else expect(shown).toContain(hostile.replace(/\s+/g, ' ').trim());
    });
  });

  it('property (seed 1717, 2,000 requests): hostile text in every free-text field changes only the words of the cards', async () => {
    const piece = fc.oneof(
      fc.constantFrom(
        ...RED_TEAM,
        '```',
        '~~~',
        '> quote',
        '1. one',
        '2) two',
        '---',
        '===',
        '| a |\n|---|',
        ':-:',
        '[^1]',
        '[x]: http://evil',
        'a@evil.example',
        'https://evil.example',
        '&lt;b&gt;',
        '\\',
        '\u2028# x',
        '\u0085- x',
        '\u202E',
        '    code',
        '**b**',
        '_e_',
        '`c`',
        '- ',
        '+ ',
        '* ',
      ),
      fc.string({ unit: 'binary', maxLength: 10 }),
      fc.string({ maxLength: 10 }),
    );
    const hostile = fc.array(piece, { minLength: 1, maxLength: 4 }).map((parts) => parts.join(''));
    let reached = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...FIXTURES),
        fc.array(hostile, { minLength: 16, maxLength: 16 }),
        fc.boolean(),
        async (file, texts, breakUnits) => {
          if ((await expectOnlyWordsDiffer(file, (slot) => texts[slot % texts.length] as string, breakUnits)).reached) reached += 1;
        },
      ),
      { seed: 1717, numRuns: 2_000 },
    );
    // Not vacuous: in most runs the patient's text is on a card (1,572 of 2,000 when written).
    expect(reached).toBeGreaterThan(1_000);
  }, 600_000);
});
