import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import { handleServiceCall, type CallTrace, type PipelineDeps } from '../../service-call.ts';
import { ApiError } from '../api-error.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface CallRecorder {
  /** Resolves once the decision is durable; the response waits for it (no acknowledged call is lost). */
  (trace: CallTrace | undefined, meta: { serviceId: string; hookInstance: string | undefined; patientPseudonym: string | null; status: number; durationMs: number }): Promise<void>;
}

/** The path the handler is mounted on (app.ts). */
export const SERVICE_CALL_PATH = '/cds-services/:id';

/** POST /cds-services/{id}: the HTTP adapter around the pipeline in src/service-call.ts. */
export function serviceCallHandler(deps: { pipeline: PipelineDeps; record: CallRecorder; logger: Logger; pseudonymize: (id: string | undefined) => string | null }): RequestHandler {
  return async (req, res, next) => {
    const started = performance.now();
    const serviceId = String(req.params.id);
    let trace: CallTrace | undefined;
    let status = 200;
    let hookInstance: string | undefined;
    // One keyed hash per call, shared by the decision record and the log line.
    let patient: string | null = null;
    try {
      const allowedFhirServers = res.locals.caller?.fhirServers;
      const outcome = await handleServiceCall(deps.pipeline, serviceId, req.body as unknown, allowedFhirServers ? { allowedFhirServers } : {});
      trace = outcome.trace;
      patient = deps.pseudonymize(trace.patientId);
      // The request timeout may already have answered 503: record and log what the EHR got.
      if (res.headersSent) status = res.statusCode;
      const durationMs = performance.now() - started;
      await deps.record(trace, { serviceId, hookInstance: trace.hookInstance, patientPseudonym: patient, status, durationMs });
      // Cards are about one patient: no shared or private cache may keep them.
      if (!res.headersSent) res.set('Cache-Control', 'no-store').json(outcome.response);
    } catch (error) {
      status = error instanceof ApiError ? error.status : 500;
      // A refused body's hookInstance is kept (log and decision record) only when it looks like one, never as free text.
      const claimed = (req.body as { hookInstance?: unknown } | undefined)?.hookInstance;
      hookInstance = typeof claimed === 'string' && UUID.test(claimed) ? claimed : undefined;
      if (error instanceof ApiError && deps.pipeline.services.get(serviceId)) {
        await deps.record(undefined, { serviceId, hookInstance, patientPseudonym: null, status, durationMs: performance.now() - started }).catch(() => undefined);
      }
      next(error);
    } finally {
      deps.logger.info(
        {
          event: 'cds-call',
          service: serviceId,
          hookInstance: trace?.hookInstance ?? hookInstance,
          patient,
          status: res.headersSent ? res.statusCode : status,
          durationMs: Math.round((performance.now() - started) * 100) / 100,
          ruleSetVersion: trace?.ruleSetVersion,
          rulesFired: trace?.evaluation.fired.map((r) => `${r.rule.id}@${r.rule.version}`),
          cards: trace?.cards.length,
          dataSource: trace?.dataSource,
        },
        'cds service call',
      );
    }
  };
}
