import path from 'node:path';
import type { Resource } from 'fhir/r4';
import { PROJECT_ROOT } from '../src/config/config.ts';
import { loadRuleSet } from '../src/rule-set/rule-set.ts';
import { loadServiceRegistry } from '../src/services/service-registry.ts';
import { hasCheckedContext, validateContext, validateRequest } from '../src/validate/cds-hooks-validators.ts';
import { gatherData } from '../src/gather/gather.ts';
import { HttpFhirFetcher } from '../src/gather/fhir-fetcher.ts';
import { buildClinicalPicture } from '../src/normalize/clinical-picture.ts';
import { computeFacts } from '../src/facts/fact-catalog.ts';
import { evaluate } from '../src/evaluate/evaluate.ts';
import { renderCard } from '../src/cards/render-card.ts';
import type { Payload } from './payloads.ts';
import { median } from './throughput.ts';

export type StageCosts = Readonly<Record<'parse' | 'validate' | 'gather' | 'normalize' | 'facts' | 'evaluate' | 'cards', number>>;

const STAGES = ['parse', 'validate', 'gather', 'normalize', 'facts', 'evaluate', 'cards'] as const;

/**
 * Median ms per pipeline stage, in this process, without HTTP or the store: the same calls
 * src/service-call.ts makes, timed one by one. Each stage is synchronous work on one thread, so its
 * wall time is its CPU time unless the machine preempts it; the median of many calls drops those
 * preempted calls (process CPU time would also count GC and other threads, and is coarse per call).
 */
export async function measureStages(payload: Payload, calls: number): Promise<StageCosts> {
  const ruleSet = loadRuleSet(path.join(PROJECT_ROOT, 'rules'));
  const service = loadServiceRegistry(path.join(PROJECT_ROOT, 'cds-hooks')).get('ctc-advisor-patient-view');
  if (!service) throw new Error('cds-hooks/ defines no ctc-advisor-patient-view service');
  const limits = { deadlineMs: 2_000, maxPages: 20, maxResourcesPerKey: 20_000 };
  const samples = Object.fromEntries(STAGES.map((stage) => [stage, [] as number[]])) as Record<(typeof STAGES)[number], number[]>;
  const warmup = Math.max(3, Math.round(calls / 5));
  const now = () => performance.now();
  for (let i = 0; i < warmup + calls; i++) {
    const t = (stage: (typeof STAGES)[number], started: number) => i >= warmup && samples[stage].push(now() - started);
    let s = now();
    const body = JSON.parse(payload.body) as unknown;
    t('parse', s);
    s = now();
    const validated = validateRequest(body);
    if (!validated.ok || !hasCheckedContext(validated.value) || !validateContext('patient-view', validated.value.context).ok)
      throw new Error(`${payload.name} is not a valid request`);
    const request = validated.value;
    t('validate', s);
    s = now();
    const gathered = await gatherData(service, request, new HttpFhirFetcher(), limits);
    if (!gathered.ok) throw new Error(`${payload.name}: gather failed`);
    t('gather', s);
    s = now();
    const { patientId } = request.context;
    const picture = buildClinicalPicture(
      { resources: gathered.resources as Resource[], patientId, at: new Date(), orders: [] },
      ruleSet.terminology,
    );
    t('normalize', s);
    s = now();
    const facts = computeFacts({ ...picture, notes: [...gathered.notes, ...picture.notes] });
    t('facts', s);
    s = now();
    const evaluation = await evaluate(ruleSet, 'patient-view', facts);
    t('evaluate', s);
    s = now();
    for (const fired of evaluation.fired) renderCard(fired, facts, { ruleSet, publicBaseUrl: 'http://127.0.0.1:3000' });
    t('cards', s);
  }
  return Object.fromEntries(STAGES.map((stage) => [stage, Math.round(median(samples[stage]) * 1000) / 1000])) as unknown as StageCosts;
}
