import { randomUUID } from 'node:crypto';
import type { Express, RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { Config } from './config/config.ts';
import type { DecisionStore } from './store/decision-store.ts';
import type { CallRecorder } from './http/routes/service-call.ts';
import { createApp } from './http/app.ts';
import { RuleSetHolder } from './rule-set/rule-set-holder.ts';
import { loadServiceRegistry } from './services/service-registry.ts';
import { HttpFhirFetcher, type FhirFetcher } from './gather/fhir-fetcher.ts';
import { makePseudonymizer } from './observability/pseudonymize.ts';
import { pseudonymSecretWarning, resolvePseudonymSecret } from './observability/pseudonym-secret.ts';
import { createAuthentication, type Authentication } from './auth/authentication.ts';
import { createStoreReplayCache } from './auth/store-replay-cache.ts';
import { authenticate } from './http/middleware/authenticate.ts';
import { openStore } from './store/open-store.ts';
import { feedbackRouter } from './http/routes/feedback.ts';
import { analyticsRouter } from './http/routes/analytics.ts';
import { inProcessRunner, type CallRunner } from './calls/call-runner.ts';
import { pipelineThreadRunner } from './calls/pipeline-thread.ts';
import { SANDBOX_API_PATH, sandboxRouter } from './sandbox/sandbox-router.ts';
import { smartRouter } from './smart/smart-router.ts';
import { sandboxWarning, type StartupWarning } from './config/startup-warnings.ts';
import { explainRouter } from './http/routes/explain.ts';

const SERVICE_VERSION = '0.1.0';

export interface Service {
  readonly app: Express;
  readonly rules: RuleSetHolder;
  readonly store: DecisionStore;
  readonly authentication: Authentication;
  /** Where service calls run (in process, or on the pipeline thread). */
  readonly calls: CallRunner;
  /** Configuration that starts but deserves attention (already logged at warn); main.ts also prints them to stderr. */
  readonly warnings: readonly StartupWarning[];
  close(): Promise<void>;
}

interface ComposeOptions {
  readonly logger: Logger;
  readonly fetcher?: FhirFetcher;
  readonly now?: () => Date;
}

/**
 * Wires configuration into running parts: rule set, services, store, authentication, app.
 * main.ts adds the socket and signals; tests call this directly with their own config.
 */
export async function composeService(config: Config, options: ComposeOptions): Promise<Service> {
  const { logger } = options;
  const warnings: StartupWarning[] = [];
  const sandboxNote = sandboxWarning(config.server);
  if (sandboxNote) warnings.push(sandboxNote);
  const rules = new RuleSetHolder(config.server.rulesDir, logger);
  const services = loadServiceRegistry(config.server.servicesDir);
  const store = await openStore(config.store, logger);
  // Seen token ids live in the store, so a JWT is accepted once across instances and restarts.
  const authentication = await createAuthentication(config.auth, config.dataDir, logger, createStoreReplayCache(store, { logger }));
  const auth: RequestHandler =
    authentication.mode === 'required'
      ? authenticate({
          verifier: authentication.verifier,
          publicBaseUrl: config.auth.publicBaseUrl,
          publicBaseUrls: config.auth.publicBaseUrls,
          logger,
        })
      : (_req, _res, next) => next();
  // Without CTC_PSEUDONYM_SECRET, a random secret kept in the data directory: never a public constant.
  const secret =
    config.server.patientIdMode === 'pseudonymize'
      ? await resolvePseudonymSecret(config.server.pseudonymSecret, config.dataDir)
      : undefined;
  const secretNote = secret && pseudonymSecretWarning(secret, !config.auth.devClient);
  if (secretNote) warnings.push({ event: 'startup.pseudonym_secret', message: secretNote });
  const pseudonymize = makePseudonymizer(config.server.patientIdMode, secret?.secret ?? '');

  const record: CallRecorder = async (summary, meta) => {
    // A refused call decided nothing: no rules, no cards; its hook is the service's, its version the one serving.
    const { patientId: _hashedInMeta, ...decided } = summary ?? {
      hook: services.get(meta.serviceId)?.hook ?? 'unknown',
      hookInstance: 'unknown',
      patientId: undefined,
      ruleSetVersion: rules.current().version,
      rulesEvaluated: [],
      rulesFired: [],
      cards: [],
      shadowCards: [],
      dataQualityNotes: [],
      dataSource: 'none' as const,
    };
    await store.recordDecision({
      ...decided,
      id: randomUUID(),
      time: new Date().toISOString(),
      serviceId: meta.serviceId,
      hookInstance: meta.hookInstance ?? 'unknown',
      patientPseudonym: meta.patientPseudonym,
      statusCode: meta.status,
      durationMs: Math.round(meta.durationMs * 100) / 100,
    });
  };

  const limits = {
    deadlineMs: config.server.fhirDeadlineMs,
    maxPages: config.server.maxFhirPages,
    maxResourcesPerKey: config.server.maxResourcesPerKey,
    maxResponseBytes: config.server.fhirMaxResponseBytes,
    maxCallBytes: config.server.fhirMaxCallBytes,
  };
  const fetcher = options.fetcher ?? new HttpFhirFetcher();
  const pipeline = {
    services,
    ruleSet: rules.current,
    fetcher,
    limits,
    publicBaseUrl: config.auth.publicBaseUrl,
    now: options.now ?? (() => new Date()),
  };
  const inProcess = inProcessRunner(pipeline);
  // The thread builds its own fetcher and clock, so a composer that injects either (tests) runs calls in process.
  const calls =
    config.server.pipelineThread && !options.fetcher && !options.now
      ? pipelineThreadRunner({
          data: {
            rulesDir: config.server.rulesDir,
            servicesDir: config.server.servicesDir,
            limits,
            publicBaseUrl: config.auth.publicBaseUrl,
          },
          rules,
          fallback: inProcess,
          logger,
        })
      : inProcess;

  const app = createApp({
    pipeline,
    calls,
    logger,
    authenticate: auth,
    record,
    pseudonymize,
    ruleSetStatus: () => rules.status(),
    callRunnerState: () => calls.state(),
    storeUnavailable: () => store.unavailable(),
    bodyLimitBytes: config.server.bodyLimitBytes,
    requestTimeoutMs: config.server.requestTimeoutMs,
    corsOrigins: config.server.corsOrigins,
    publicBodyLimits: config.server.sandbox ? [{ path: SANDBOX_API_PATH, limitBytes: config.server.sandboxBodyLimitBytes }] : [],
    version: SERVICE_VERSION,
    extraRouters: [
      feedbackRouter({ store, knownServiceIds: new Set(services.services.map((s) => s.id)), logger }),
      analyticsRouter({ store, adminToken: config.server.adminToken, logger }),
      explainRouter({ ruleSet: rules.current, services, publicBaseUrl: config.auth.publicBaseUrl }),
      smartRouter({ ruleSet: rules.current, publicBaseUrl: config.auth.publicBaseUrl }),
      ...(config.server.sandbox
        ? [
            sandboxRouter({
              ruleSet: rules.current,
              services,
              fixturesDir: config.server.fixturesDir,
              publicBaseUrl: config.auth.publicBaseUrl,
              authentication,
              logger,
              ...(options.now ? { now: options.now } : {}),
            }),
          ]
        : []),
    ],
  });
  for (const warning of warnings) logger.warn({ event: warning.event }, warning.message);
  return {
    app,
    warnings,
    rules,
    store,
    authentication,
    calls,
    close: async () => {
      rules.close();
      await calls.close();
      // The FHIR connections kept alive on the event loop, once no call can use them (the pipeline thread's end
      // with the thread); a fetcher passed in is the composer's to close.
      if (fetcher instanceof HttpFhirFetcher && fetcher !== options.fetcher) fetcher.close();
      await store.close();
    },
  };
}
