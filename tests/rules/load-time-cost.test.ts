import path from 'node:path';
import { Ajv } from 'ajv';
import { Engine } from 'json-rules-engine';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PROJECT_ROOT } from '../../src/config/config.ts';
import { loadRuleSet } from '../../src/rule-set/rule-set.ts';
import { loadServiceRegistry } from '../../src/services/service-registry.ts';
import { handleServiceCall } from '../../src/service-call.ts';
import { offlinePipeline } from '../../src/simulate/offline-pipeline.ts';
import { FIXTURE_TIME, mbc12Request } from './support.ts';

/** Issue 5 §4: schemas, engines and the terminology index are built when the rule set loads, never per request. */
describe('evaluation cost sits at load time', () => {
  afterEach(() => vi.restoreAllMocks());

  it('a service call compiles no schema, builds no engine or rule, and reuses the loaded terminology index', async () => {
    const ruleSet = loadRuleSet(path.join(PROJECT_ROOT, 'rules'));
    const services = loadServiceRegistry(path.join(PROJECT_ROOT, 'cds-hooks'));
    const pipeline = offlinePipeline(ruleSet, services, FIXTURE_TIME);
    await handleServiceCall(pipeline, 'ctc-advisor-patient-view', mbc12Request());

    const compile = vi.spyOn(Ajv.prototype, 'compile');
    const addRule = vi.spyOn(Engine.prototype, 'addRule');
    for (let i = 0; i < 5; i++) {
      const { response } = await handleServiceCall(pipeline, 'ctc-advisor-patient-view', mbc12Request());
      expect(response.extension?.['org.ctc-advisor.rule-set-version']).toBe(ruleSet.version);
    }
    expect(compile).not.toHaveBeenCalled();
    expect(addRule).not.toHaveBeenCalled();
    // The pipeline reads the rule set's prebuilt pieces: the same engine and terminology objects each time.
    expect(pipeline.ruleSet().engines).toBe(ruleSet.engines);
    expect(pipeline.ruleSet().terminology).toBe(ruleSet.terminology);
  });
});
