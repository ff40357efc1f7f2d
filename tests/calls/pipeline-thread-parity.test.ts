import path from 'node:path';
import request from 'supertest';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config/config.ts';
import { loadServiceRegistry } from '../../src/services/service-registry.ts';
import { requestFromFile } from '../../src/simulate/offline-pipeline.ts';
import { callsSettled, startTestService, type TestService } from '../support/test-service.ts';
import { fixtureFiles } from '../rules/support.ts';
import { expectValidCdsResponse, PATIENT_VIEW, requestFixture } from '../service/helpers.ts';

/**
 * The pipeline thread only moves work: every call answers, records and logs the same on the thread as
 * on the event loop. Two services on the same rules, one of each kind, get the same calls.
 */
interface Side {
  readonly t: TestService;
  readonly lines: Record<string, unknown>[];
}

async function side(pipelineThread: 'on' | 'off'): Promise<Side> {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
  // One pseudonym secret for both services: each data directory would otherwise generate its own (issue 17 item 7).
  const t = await startTestService({
    env: { CTC_PIPELINE_THREAD: pipelineThread, CTC_PSEUDONYM_SECRET: 'pipeline-thread-parity-test-secret-0123456789' },
    logger,
  });
  await callsSettled(t.service.calls);
  return { t, lines };
}

let onThread: Side;
let inProcess: Side;
beforeAll(async () => {
  [onThread, inProcess] = await Promise.all([side('on'), side('off')]);
}, 60_000);
afterAll(async () => {
  await Promise.all([onThread.t.close(), inProcess.t.close()]);
});

const services = loadServiceRegistry(path.join(PROJECT_ROOT, 'cds-hooks'));
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

interface Sent {
  readonly path: string;
  readonly body?: string;
  readonly contentType?: string;
}

async function send(s: Side, sent: Sent) {
  let req = request(s.t.app)
    .post(sent.path)
    .set('Authorization', await s.t.bearer(sent.path));
  if (sent.contentType) req = req.set('Content-Type', sent.contentType);
  const res = sent.body === undefined ? await req : await req.send(sent.body);
  return {
    status: res.status,
    contentType: res.headers['content-type'] as string | undefined,
    cacheControl: res.headers['cache-control'] as string | undefined,
    text: res.text,
  };
}

/** Card uuids are fresh per call; everything else must match byte for byte. */
const sameBytes = (text: string): string => text.replace(UUID, '<uuid>');

function callLines(s: Side): Record<string, unknown>[] {
  return s.lines.filter((l) => l.event === 'cds-call').map(({ time: _t, pid: _p, hostname: _h, durationMs: _d, ...rest }) => rest);
}

describe('pipeline thread: the same answers, decisions and log lines as the event loop', () => {
  it('runs calls on the thread once it is ready', () => {
    expect(onThread.t.service.calls.state()).toBe('thread-ready');
    expect(inProcess.t.service.calls.state()).toBe('in-process');
  });

  it('every fixture, on its own hook: same status, headers and body (card uuids aside), and each card is recorded', async () => {
    const files = fixtureFiles();
    expect(files.length).toBeGreaterThan(50);
    let cards = 0;
    for (const file of files) {
      const { serviceId, body } = requestFromFile(file, 'patient-view', services);
      const sent = { path: `/cds-services/${serviceId}`, body: JSON.stringify(body), contentType: 'application/json' };
      const [a, b] = [await send(onThread, sent), await send(inProcess, sent)];
      const label = path.basename(file);
      expect(a.status, label).toBe(200);
      expect({ ...a, text: sameBytes(a.text) }, label).toEqual({ ...b, text: sameBytes(b.text) });
      const answer = JSON.parse(a.text) as { cards: { uuid: string; summary: string }[] };
      expectValidCdsResponse(answer);
      for (const card of answer.cards) {
        expect(await onThread.t.service.store.findIssuedCard(card.uuid), `${label}: ${card.summary}`).toMatchObject({
          uuid: card.uuid,
          summary: card.summary,
        });
        cards++;
      }
    }
    expect(cards).toBeGreaterThan(20);
    // The decision records agree rule by rule: evaluated, fired, cards, shadow cards.
    const range = { from: new Date(Date.now() - 3_600_000), to: new Date(Date.now() + 3_600_000) };
    const [x, y] = [await onThread.t.service.store.ruleReport(range), await inProcess.t.service.store.ruleReport(range)];
    expect(x.length).toBeGreaterThan(40);
    expect(x).toEqual(y);
  }, 120_000);

  it.each<[string, Sent]>([
    ['a body that is not JSON', { path: PATIENT_VIEW, body: '{"hook":', contentType: 'application/json' }],
    ['an empty body', { path: PATIENT_VIEW, body: '', contentType: 'application/json' }],
    ['no body', { path: PATIENT_VIEW }],
    ['a latin1 body', { path: PATIENT_VIEW, body: '{}', contentType: 'application/json; charset=latin1' }],
    ['text/plain', { path: PATIENT_VIEW, body: '{}', contentType: 'text/plain' }],
    [
      'an unknown service',
      {
        path: '/cds-services/nope',
        body: JSON.stringify(requestFixture('mbc-ctc-12-cellsearch.patient-view')),
        contentType: 'application/json',
      },
    ],
    [
      'the other hook',
      {
        path: '/cds-services/ctc-advisor-order-select',
        body: JSON.stringify(requestFixture('mbc-ctc-12-cellsearch.patient-view')),
        contentType: 'application/json',
      },
    ],
    [
      'a request without context',
      {
        path: PATIENT_VIEW,
        body: JSON.stringify({ ...requestFixture('mbc-ctc-12-cellsearch.patient-view'), context: undefined }),
        contentType: 'application/json',
      },
    ],
    ['a top-level array', { path: PATIENT_VIEW, body: '[1,2]', contentType: 'application/json' }],
    [
      'no prefetch and no FHIR server',
      {
        path: PATIENT_VIEW,
        body: JSON.stringify({ ...requestFixture('mbc-ctc-12-cellsearch.patient-view'), prefetch: undefined }),
        contentType: 'application/json',
      },
    ],
  ])('%s: the same refusal', async (_name, sent) => {
    const [a, b] = [await send(onThread, sent), await send(inProcess, sent)];
    expect(a.status).toBeGreaterThanOrEqual(400);
    expect(a.status).toBeLessThan(500);
    expect(a).toEqual(b);
  });

  it('the same call log lines, field for field (durations aside)', () => {
    const [a, b] = [callLines(onThread), callLines(inProcess)];
    expect(a.length).toBeGreaterThan(60);
    expect(a).toEqual(b);
    expect(a.some((l) => l.status === 404 && l.service === 'nope')).toBe(true);
  });
});
