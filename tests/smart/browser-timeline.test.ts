import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Bundle } from 'fhir/r4';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config/config.ts';
import { loadRuleSet, type RuleSet } from '../../src/rule-set/rule-set.ts';
import { buildTimeline } from '../../src/sandbox/timeline.ts';
import { patientOf, resourcesOf } from '../../src/sandbox/bundle-picture.ts';
import { smartView, type SmartKnowledge } from '../../src/smart/browser-timeline.ts';
import { smartKnowledge } from '../../src/smart/smart-router.ts';
import { computeFacts } from '../../src/facts/fact-catalog.ts';
import { pictureFromBundle } from '../../src/sandbox/bundle-picture.ts';
import { evaluate } from '../../src/evaluate/evaluate.ts';

const AT = new Date('2026-06-01T00:00:00Z');

/**
 * The app's timeline is the sandbox's timeline: the same normalize and cut-off code, fed the JSON the
 * service serves (terminology map, cut-offs) instead of the loaded rule set.
 */
describe('the timeline the SMART app builds in the browser', () => {
  let ruleSet: RuleSet;
  let knowledge: SmartKnowledge;

  beforeAll(async () => {
    ruleSet = loadRuleSet(path.join(PROJECT_ROOT, 'rules'));
    // Through JSON, as the browser receives it.
    knowledge = JSON.parse(JSON.stringify(smartKnowledge(ruleSet))) as SmartKnowledge;
  });

  it.each(['mbc-ctc-12-cellsearch', 'ctc-mbc-baseline-4-then-9', 'ctc-crc-cluster-rising', 'dtc-ebc-bisphosphonate'])(
    'equals the sandbox timeline for %s',
    async (name) => {
      const bundle = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'fhir-fixtures', 'patients', `${name}.json`), 'utf8')) as Bundle;
      const patientId = patientOf(bundle)?.id ?? '';
      const { timeline, applying } = smartView(resourcesOf(bundle), patientId, knowledge, AT);
      const sandbox = await buildTimeline(bundle, ruleSet, AT);
      expect(timeline).toEqual(sandbox);
      expect(timeline.ctc.length + timeline.dtc.length + timeline.clusters.length).toBeGreaterThan(0);
      // The rules listed as applying are the ones a patient-view call fires.
      const fired = (await evaluate(ruleSet, 'patient-view', computeFacts(pictureFromBundle(bundle, ruleSet.terminology, AT)))).fired.map(
        (r) => r.rule.id,
      );
      expect(applying.map((r) => r.id).sort()).toEqual([...fired].sort());
      expect(fired.length).toBeGreaterThan(0);
    },
  );

  it('draws the MBC CellSearch cut-off at 5 from the rule, and none for a patient no rule covers', () => {
    const bundle = JSON.parse(
      readFileSync(path.join(PROJECT_ROOT, 'fhir-fixtures', 'patients', 'mbc-ctc-12-cellsearch.json'), 'utf8'),
    ) as Bundle;
    const app = smartView(resourcesOf(bundle), patientOf(bundle)?.id ?? '', knowledge, AT).timeline;
    expect(app.thresholds.map((t) => [t.value, t.ruleId])).toContainEqual([5, 'mbc-cellsearch-ctc-elevated']);
    const nobody = smartView([], 'nobody', knowledge, AT);
    expect(nobody.timeline.thresholds).toEqual([]);
    expect(nobody.applying.filter((r) => r.topic !== 'data-quality')).toEqual([]);
  });
});
