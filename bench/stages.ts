import path from 'node:path';
import type { Resource } from 'fhir/r4';
import { PROJECT_ROOT } from '../src/config/config.ts';
import { loadRuleSet } from '../src/rules/rule-set.ts';
import { loadServiceRegistry } from '../src/services/service-registry.ts';
import { validateContext, validateRequest } from '../src/validate/cds-hooks-validators.ts';
import { gatherData } from '../src/gather/gather.ts';
import { FhirKitFetcher } from '../src/gather/fhir-fetcher.ts';
import { buildClinicalPicture } from '../src/normalize/clinical-picture.ts';
import { computeFacts } from '../src/facts/fact-catalog.ts';
import { evaluate } from '../src/evaluate/evaluate.ts';
import { renderCard } from '../src/cards/render-card.ts';
import type { Payload } from './payloads.ts';

export type StageCosts = Readonly<Record<'parse' | 'validate' | 'gather' | 'normalize' | 'facts' | 'evaluate' | 'cards', number>>;

const cpuMs = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};

/**
 * CPU ms per pipeline stage, in this process, without HTTP or the store: the same calls
 * src/service-call.ts makes, timed one by one. CPU time, so a busy machine inflates it less than wall time.
 */
export async function measureStages(payload: Payload, calls: number): Promise<StageCosts> {
  const ruleSet = loadRuleSet(path.join(PROJECT_ROOT, 'rules'));
  const service = loadServiceRegistry(path.join(PROJECT_ROOT, 'cds-hooks')).get('ctc-advisor-patient-view')!;
  const limits = { deadlineMs: 2_000, maxPages: 20, maxResourcesPerKey: 20_000 };
  const totals = { parse: 0, validate: 0, gather: 0, normalize: 0, facts: 0, evaluate: 0, cards: 0 };
  const warmup = Math.max(3, Math.round(calls / 5));
  for (let i = 0; i < warmup + calls; i++) {
    const t = (stage: keyof typeof totals, started: number) => i >= warmup && (totals[stage] += cpuMs() - started);
    let s = cpuMs();
    const body = JSON.parse(payload.body) as unknown;
    t('parse', s);
    s = cpuMs();
    const request = validateRequest(body);
    if (!request.ok || !validateContext('patient-view', request.value.context).ok) throw new Error(`${payload.name} is not a valid request`);
    t('validate', s);
    s = cpuMs();
    const gathered = await gatherData(service, request.value, new FhirKitFetcher(), limits);
    if (!gathered.ok) throw new Error(`${payload.name}: gather failed`);
    t('gather', s);
    s = cpuMs();
    const patientId = request.value.context.patientId as string;
    const picture = buildClinicalPicture({ resources: gathered.resources as Resource[], patientId, at: new Date(), orders: [] }, ruleSet.terminology);
    t('normalize', s);
    s = cpuMs();
    const facts = computeFacts({ ...picture, notes: [...gathered.notes, ...picture.notes] });
    t('facts', s);
    s = cpuMs();
    const evaluation = await evaluate(ruleSet, 'patient-view', facts);
    t('evaluate', s);
    s = cpuMs();
    for (const fired of evaluation.fired) renderCard(fired, facts, { ruleSet, publicBaseUrl: 'http://127.0.0.1:3000' });
    t('cards', s);
  }
  const round = (n: number) => Math.round((n / calls) * 1000) / 1000;
  return Object.fromEntries(Object.entries(totals).map(([k, v]) => [k, round(v)])) as unknown as StageCosts;
}
