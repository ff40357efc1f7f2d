import path from 'node:path';
import express, { type Express } from 'express';
import request from 'supertest';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config/config.ts';
import { loadServiceRegistry } from '../../src/services/service-registry.ts';
import { serviceCallHandler, SERVICE_CALL_PATH, type CallRecorder } from '../../src/http/routes/service-call.ts';
import { errorHandler } from '../../src/http/middleware/error-handler.ts';
import { bodyErrors } from '../../src/http/middleware/json-body.ts';
import { callBody } from '../../src/http/middleware/call-body.ts';
import type { CallRunner } from '../../src/calls/call-runner.ts';
import type { CallOutcome, CallRequest, CallSummary } from '../../src/calls/call-outcome.ts';

/**
 * The route turns each kind of call outcome into one HTTP answer, one decision record (or none) and
 * one log line (or none), wherever the call ran. The runner here returns a fixed outcome.
 */
const services = loadServiceRegistry(path.join(PROJECT_ROOT, 'cds-hooks'));
const HOOK_INSTANCE = 'd1577c69-dfbe-44ad-ba6d-3e05e953b2ea';
const SUMMARY: CallSummary = {
  hook: 'patient-view',
  hookInstance: HOOK_INSTANCE,
  patientId: 'patient-1',
  ruleSetVersion: 'abc@1.0.0',
  rulesEvaluated: [{ id: 'r1', version: '1.0.0' }],
  rulesFired: [{ id: 'r1', version: '1.0.0' }],
  cards: [{ uuid: 'u1', ruleId: 'r1', ruleVersion: '1.0.0', topic: 't', indicator: 'info', summary: 's' }],
  shadowCards: [],
  dataQualityNotes: [],
  dataSource: 'prefetch',
};

interface Harness {
  readonly app: Express;
  readonly records: Parameters<CallRecorder>[];
  readonly lines: Record<string, unknown>[];
  readonly sent: CallRequest[];
}

function harness(outcome: CallOutcome, options: { recordFails?: boolean } = {}): Harness {
  const records: Parameters<CallRecorder>[] = [];
  const lines: Record<string, unknown>[] = [];
  const sent: CallRequest[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
  const calls: CallRunner = {
    run: async (call) => {
      sent.push(call);
      return outcome;
    },
    state: () => 'in-process',
    close: async () => undefined,
  };
  const record: CallRecorder = async (...args) => {
    records.push(args);
    if (options.recordFails) throw new Error('disk full');
  };
  const app = express();
  app.post(
    SERVICE_CALL_PATH,
    ...callBody(1_024 * 1_024),
    serviceCallHandler({ calls, services, record, logger, pseudonymize: (id) => (id ? `p_${id}` : null) }),
  );
  app.use(bodyErrors);
  app.use(errorHandler(logger));
  return { app, records, lines, sent };
}

const callLines = (h: Harness) => h.lines.filter((l) => l.event === 'cds-call');
const post = (h: Harness, id = 'ctc-advisor-patient-view') =>
  request(h.app).post(`/cds-services/${id}`).set('Content-Type', 'application/json').send('{"any":"body"}');

describe('service-call route: one answer, record and log line per outcome', () => {
  it('answered: the serialized answer as sent, no-store, recorded with its summary, logged', async () => {
    const h = harness({ kind: 'answered', json: '{"cards":[],"extension":{"x":1}}', summary: SUMMARY });
    const res = await post(h);
    expect(res.status).toBe(200);
    expect(res.text).toBe('{"cards":[],"extension":{"x":1}}');
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(h.sent).toEqual([{ serviceId: 'ctc-advisor-patient-view', body: '{"any":"body"}' }]);
    expect(h.records).toHaveLength(1);
    expect(h.records[0]?.[0]).toBe(SUMMARY);
    expect(h.records[0]?.[1]).toMatchObject({
      serviceId: 'ctc-advisor-patient-view',
      hookInstance: HOOK_INSTANCE,
      patientPseudonym: 'p_patient-1',
      status: 200,
    });
    expect(callLines(h)).toEqual([
      expect.objectContaining({
        status: 200,
        hookInstance: HOOK_INSTANCE,
        patient: 'p_patient-1',
        rulesFired: ['r1@1.0.0'],
        cards: 1,
        ruleSetVersion: 'abc@1.0.0',
        dataSource: 'prefetch',
      }),
    ]);
  });

  it('refused for a known service: the catalogued error, recorded without cards, logged with the claimed hookInstance', async () => {
    const h = harness({
      kind: 'refused',
      refusal: {
        error: 'invalid_request',
        message: 'The request does not follow CDS Hooks 2.0.',
        problems: [{ path: '/context', message: 'required' }],
      },
      hookInstance: HOOK_INSTANCE,
    });
    const res = await post(h);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      error: 'invalid_request',
      message: 'The request does not follow CDS Hooks 2.0.',
      problems: [{ path: '/context', message: 'required' }],
    });
    expect(h.records).toHaveLength(1);
    expect(h.records[0]?.[0]).toBeUndefined();
    expect(h.records[0]?.[1]).toMatchObject({ status: 400, hookInstance: HOOK_INSTANCE, patientPseudonym: null });
    expect(callLines(h)).toEqual([expect.objectContaining({ status: 400, hookInstance: HOOK_INSTANCE, patient: null })]);
  });

  it('refused for an unknown service: 404, nothing recorded, still logged', async () => {
    const h = harness({
      kind: 'refused',
      refusal: { error: 'unknown_service', message: 'No CDS service has the id "nope".' },
      hookInstance: undefined,
    });
    const res = await post(h, 'nope');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: 'unknown_service', message: 'No CDS service has the id "nope".' });
    expect(h.records).toHaveLength(0);
    expect(callLines(h)).toEqual([expect.objectContaining({ status: 404, service: 'nope' })]);
  });

  it('unparsable: 400 invalid_json as body-parser answers it, with neither a record nor a call log line', async () => {
    const h = harness({
      kind: 'unparsable',
      refusal: {
        error: 'invalid_json',
        message: 'The request body is not valid JSON.',
        problems: [{ path: '', message: 'Unexpected end of JSON input' }],
      },
    });
    const res = await post(h);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: 'invalid_json', problems: [{ path: '', message: 'Unexpected end of JSON input' }] });
    expect(h.records).toHaveLength(0);
    expect(callLines(h)).toHaveLength(0);
  });

  it('failed (a bug, or a thread lost mid-call): a detail-free 500, the error logged, nothing recorded', async () => {
    const h = harness({
      kind: 'failed',
      error: { name: 'TypeError', message: 'x is undefined', stack: 'TypeError: x is undefined\n    at thread' },
      hookInstance: HOOK_INSTANCE,
    });
    const res = await post(h);
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ error: 'internal', message: 'Internal error.' });
    expect(JSON.stringify(res.body)).not.toContain('x is undefined');
    expect(h.records).toHaveLength(0);
    expect(h.lines.find((l) => l.msg === 'unhandled error')).toMatchObject({
      err: { name: 'TypeError', message: 'x is undefined', stack: expect.stringContaining('at thread') as unknown },
    });
    expect(callLines(h)).toEqual([expect.objectContaining({ status: 500, hookInstance: HOOK_INSTANCE })]);
  });

  it('a decision that cannot be recorded: no cards leave (500), logged as 500', async () => {
    const h = harness({ kind: 'answered', json: '{"cards":[]}', summary: SUMMARY }, { recordFails: true });
    const res = await post(h);
    expect(res.status).toBe(500);
    expect(res.text).not.toContain('cards');
    expect(callLines(h)).toEqual([expect.objectContaining({ status: 500, hookInstance: HOOK_INSTANCE, ruleSetVersion: 'abc@1.0.0' })]);
  });
});
