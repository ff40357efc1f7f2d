import express, { type Express, type RequestHandler, type Router } from 'express';
import cors from 'cors';
import type { Logger } from 'pino';
import type { PipelineDeps } from '../service-call.ts';
import type { CallRunner, CallRunnerState } from '../calls/call-runner.ts';
import type { RuleSetStatus } from '../rule-set/rule-set-holder.ts';
import { jsonBody, bodyErrors } from './middleware/json-body.ts';
import { callBody } from './middleware/call-body.ts';
import { errorHandler, notFound } from './middleware/error-handler.ts';
import { requestTimeout } from './middleware/request-timeout.ts';
import { discoveryRouter } from './routes/discovery.ts';
import { SERVICE_CALL_PATH, serviceCallHandler, type CallRecorder } from './routes/service-call.ts';
import { healthRouter } from './routes/health.ts';
import { rulesRouter } from './routes/rules.ts';
import { openapiRouter } from './routes/openapi.ts';

/** Every CDS Hooks route (discovery, service calls, feedback) and explain carries the EHR's JWT. */
const AUTHENTICATED_PATHS = ['/cds-services', '/explain'];

interface AppDeps {
  readonly pipeline: PipelineDeps;
  /** Runs service calls: on the event loop, or on the pipeline thread (src/calls/). */
  readonly calls: CallRunner;
  readonly logger: Logger;
  /** Mounted on AUTHENTICATED_PATHS before body parsing; routers do not authenticate themselves. */
  readonly authenticate: RequestHandler;
  readonly record: CallRecorder;
  readonly pseudonymize: (id: string | undefined) => string | null;
  readonly ruleSetStatus: () => RuleSetStatus;
  readonly callRunnerState: () => CallRunnerState;
  /** Why the decision store cannot serve, or undefined; `/healthz` answers 503 while it is set. */
  readonly storeUnavailable: () => string | undefined;
  readonly bodyLimitBytes: number;
  readonly requestTimeoutMs: number;
  readonly corsOrigins: readonly string[];
  readonly version: string;
  /**
   * Unauthenticated paths that take a JSON body, each with its own (smaller) size limit: the sandbox API.
   * Bodies are read nowhere else but on AUTHENTICATED_PATHS.
   */
  readonly publicBodyLimits?: readonly { readonly path: string; readonly limitBytes: number }[];
  /** Routers added by other parts (feedback, analytics, sandbox), mounted before the 404 handler. */
  readonly extraRouters?: readonly Router[];
}

/**
 * The only module that knows express. Builds the app without listening, so supertest can drive it
 * and main.ts owns the socket.
 */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  // Nothing here is revalidated by a cache (service calls are POSTs of patient data): without this,
  // express hashes every response body for an ETag nobody asks for.
  app.set('etag', false);
  app.set('trust proxy', false);
  app.use(
    cors({
      origin: deps.corsOrigins.includes('*') ? '*' : [...deps.corsOrigins],
      methods: ['GET', 'POST', 'OPTIONS'],
      allowedHeaders: ['Authorization', 'Content-Type'],
      maxAge: 600,
    }),
  );
  app.use(requestTimeout(deps.requestTimeoutMs));
  // Authenticate before reading any body: an unknown caller must not make us parse megabytes of JSON.
  app.use(AUTHENTICATED_PATHS, deps.authenticate);
  // Service calls first, on the app itself: they are nearly all the traffic, and each router passed is one more
  // dispatch per call. Their body is read as text, for the call's runner to parse (call-body.ts).
  app.post(
    SERVICE_CALL_PATH,
    ...callBody(deps.bodyLimitBytes),
    serviceCallHandler({
      calls: deps.calls,
      services: deps.pipeline.services,
      record: deps.record,
      logger: deps.logger,
      pseudonymize: deps.pseudonymize,
    }),
  );
  // Bodies are read only where a route takes one, so an unknown caller cannot make us parse megabytes for a
  // 404: the CDS Hooks paths and explain (authenticated above) at the full limit, the sandbox API at its own.
  app.use(AUTHENTICATED_PATHS, ...jsonBody(deps.bodyLimitBytes), bodyErrors);
  for (const { path, limitBytes } of deps.publicBodyLimits ?? []) app.use(path, ...jsonBody(limitBytes), bodyErrors);
  app.use(
    healthRouter({
      status: deps.ruleSetStatus,
      storeUnavailable: deps.storeUnavailable,
      callRunnerState: deps.callRunnerState,
      version: deps.version,
    }),
  );
  app.use(openapiRouter());
  app.use(
    discoveryRouter({ services: deps.pipeline.services, ruleSet: deps.pipeline.ruleSet, publicBaseUrl: deps.pipeline.publicBaseUrl }),
  );
  for (const router of deps.extraRouters ?? []) app.use(router);
  app.use(rulesRouter({ ruleSet: deps.pipeline.ruleSet }));
  app.use(notFound);
  app.use(errorHandler(deps.logger));
  return app;
}
