import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { CallRunner } from '../../calls/call-runner.ts';
import type { ServiceRegistry } from '../../services/service-registry.ts';
import type { CallSummary } from '../../calls/call-outcome.ts';
import { ApiError } from '../../errors/api-error.ts';

/** Resolves once the decision is durable; the response waits for it (no acknowledged call is lost). */
export type CallRecorder = (
  summary: CallSummary | undefined,
  meta: { serviceId: string; hookInstance: string | undefined; patientPseudonym: string | null; status: number; durationMs: number },
) => Promise<void>;

/** The path the handler is mounted on (app.ts). */
export const SERVICE_CALL_PATH = '/cds-services/:id';

/**
 * POST /cds-services/{id}: the HTTP adapter around a call's outcome. The body arrives as text
 * (call-body.ts); the runner parses it and runs the pipeline, on the event loop or on the pipeline
 * thread (src/calls/), and this adapter records the decision, logs the call and answers.
 */
export function serviceCallHandler(deps: {
  calls: CallRunner;
  services: ServiceRegistry;
  record: CallRecorder;
  logger: Logger;
  pseudonymize: (id: string | undefined) => string | null;
}): RequestHandler {
  return async (req, res, next) => {
    const started = performance.now();
    const serviceId = String(req.params.id);
    const allowedFhirServers = res.locals.caller?.fhirServers as readonly string[] | undefined;
    // Never rejects (every ending is an outcome); were it to, express 5 would pass the rejection on as a 500.
    const outcome = await deps.calls.run({
      serviceId,
      body: req.body as string | undefined,
      ...(allowedFhirServers ? { allowedFhirServers } : {}),
    });
    // Not JSON: answered as body-parser's errors are, before there is a call to record or log.
    if (outcome.kind === 'unparsable') return next(ApiError.fromBody(outcome.refusal));

    const summary = outcome.kind === 'answered' ? outcome.summary : undefined;
    const hookInstance = outcome.kind === 'answered' ? outcome.summary.hookInstance : outcome.hookInstance;
    let status = 200;
    // One keyed hash per call, shared by the decision record and the log line.
    let patient: string | null = null;
    try {
      if (outcome.kind === 'answered') {
        patient = deps.pseudonymize(outcome.summary.patientId);
        // The request timeout may already have answered 503: record and log what the EHR got.
        if (res.headersSent) status = res.statusCode;
        await deps.record(outcome.summary, {
          serviceId,
          hookInstance,
          patientPseudonym: patient,
          status,
          durationMs: performance.now() - started,
        });
        // Cards are about one patient: no shared or private cache may keep them. Same headers as res.json.
        if (!res.headersSent) res.set('Cache-Control', 'no-store').set('Content-Type', 'application/json').send(outcome.json);
        return;
      }
      if (outcome.kind === 'refused') {
        const error = ApiError.fromBody(outcome.refusal);
        status = error.status;
        if (deps.services.get(serviceId)) {
          await deps
            .record(undefined, { serviceId, hookInstance, patientPseudonym: null, status, durationMs: performance.now() - started })
            .catch(() => undefined);
        }
        return next(error);
      }
      status = 500;
      next(Object.assign(new Error(outcome.error.message), outcome.error));
    } catch (error) {
      // The decision could not be recorded: the EHR gets no cards it could not find again.
      status = 500;
      next(error);
    } finally {
      deps.logger.info(
        {
          event: 'cds-call',
          service: serviceId,
          hookInstance,
          patient,
          status: res.headersSent ? res.statusCode : status,
          durationMs: Math.round((performance.now() - started) * 100) / 100,
          ruleSetVersion: summary?.ruleSetVersion,
          rulesFired: summary?.rulesFired.map((r) => `${r.id}@${r.version}`),
          cards: summary?.cards.length,
          dataSource: summary?.dataSource,
          // Why FHIR fetches failed: here only, the answer says the same words for every cause.
          fhirProblems: outcome.kind === 'answered' || outcome.kind === 'refused' ? outcome.fetchProblems : undefined,
        },
        'cds service call',
      );
    }
  };
}
