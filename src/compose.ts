import { randomUUID } from 'node:crypto';
import type { Express, RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { Config } from './config/config.ts';
import type { DecisionStore, IssuedCard } from './store/decision-store.ts';
import type { Card } from './validate/cds-hooks-types.ts';
import type { CallRecorder } from './http/routes/service-call.ts';
import { createApp } from './http/app.ts';
import { RuleSetHolder } from './rules/rule-set-holder.ts';
import { loadServiceRegistry } from './services/service-registry.ts';
import { FhirKitFetcher, type FhirFetcher } from './gather/fhir-fetcher.ts';
import { makePseudonymizer } from './observability/pseudonymize.ts';
import { createAuthentication, type Authentication } from './auth/authentication.ts';
import { createStoreReplayCache } from './auth/store-replay-cache.ts';
import { authenticate } from './http/middleware/authenticate.ts';
import { openStore } from './store/open-store.ts';
import { feedbackRouter } from './http/routes/feedback.ts';
import { analyticsRouter } from './http/routes/analytics.ts';
import { RULE_EXTENSION } from './cards/render-card.ts';
import { sandboxRouter } from './sandbox/sandbox-router.ts';
import { explainRouter } from './http/routes/explain.ts';

export const SERVICE_VERSION = '0.1.0';

export interface Service {
  readonly app: Express;
  readonly rules: RuleSetHolder;
  readonly store: DecisionStore;
  readonly authentication: Authentication;
  close(): Promise<void>;
}

export interface ComposeOptions {
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
  const rules = new RuleSetHolder(config.server.rulesDir, logger);
  const services = loadServiceRegistry(config.server.servicesDir);
  const store = await openStore(config.store, logger);
  // Seen token ids live in the store, so a JWT is accepted once across instances and restarts.
  const authentication = await createAuthentication(config.auth, config.dataDir, logger, createStoreReplayCache(store, { logger }));
  const auth: RequestHandler =
    authentication.mode === 'required' ? authenticate({ verifier: authentication.verifier, publicBaseUrl: config.auth.publicBaseUrl, logger }) : (_req, _res, next) => next();
  const pseudonymize = makePseudonymizer(config.server.patientIdMode, config.server.pseudonymSecret);

  const record: CallRecorder = async (trace, meta) => {
    await store.recordDecision({
      id: randomUUID(),
      time: new Date().toISOString(),
      serviceId: meta.serviceId,
      hook: trace?.hook ?? services.get(meta.serviceId)?.hook ?? 'unknown',
      hookInstance: meta.hookInstance ?? 'unknown',
      patientPseudonym: meta.patientPseudonym,
      ruleSetVersion: trace?.ruleSetVersion ?? rules.current().version,
      rulesEvaluated: trace?.evaluation.evaluated ?? [],
      rulesFired: trace?.evaluation.fired.map((r) => ({ id: r.rule.id, version: r.rule.version })) ?? [],
      shadowCards: trace?.shadowCards.map(issued) ?? [],
      cards: trace?.cards.map(issued) ?? [],
      dataQualityNotes: trace?.notes.map((n) => ({ code: n.code, message: n.message })) ?? [],
      dataSource: trace?.dataSource ?? 'none',
      statusCode: meta.status,
      durationMs: Math.round(meta.durationMs * 100) / 100,
    });
  };

  const app = createApp({
    pipeline: {
      services,
      ruleSet: rules.current,
      fetcher: options.fetcher ?? new FhirKitFetcher(),
      limits: { deadlineMs: config.server.fhirDeadlineMs, maxPages: config.server.maxFhirPages, maxResourcesPerKey: config.server.maxResourcesPerKey },
      publicBaseUrl: config.auth.publicBaseUrl,
      now: options.now ?? (() => new Date()),
    },
    logger,
    authenticate: auth,
    record,
    pseudonymize,
    ruleSetStatus: () => rules.status(),
    storeUnavailable: () => store.unavailable(),
    bodyLimitBytes: config.server.bodyLimitBytes,
    requestTimeoutMs: config.server.requestTimeoutMs,
    corsOrigins: config.server.corsOrigins,
    version: SERVICE_VERSION,
    extraRouters: [
      feedbackRouter({ store, knownServiceIds: new Set(services.services.map((s) => s.id)), logger }),
      analyticsRouter({ store, adminToken: config.server.adminToken, logger }),
      explainRouter({ ruleSet: rules.current, services, publicBaseUrl: config.auth.publicBaseUrl }),
      ...(config.server.sandbox
        ? [sandboxRouter({ ruleSet: rules.current, services, fixturesDir: config.server.fixturesDir, publicBaseUrl: config.auth.publicBaseUrl, authentication, logger, ...(options.now ? { now: options.now } : {}) })]
        : []),
    ],
  });
  return {
    app,
    rules,
    store,
    authentication,
    close: async () => {
      rules.close();
      await store.close();
    },
  };
}

function issued(card: Card): IssuedCard {
  const rule = card.extension?.[RULE_EXTENSION] as { id: string; version: string } | undefined;
  return { uuid: card.uuid ?? 'missing', ruleId: rule?.id ?? 'unknown', ruleVersion: rule?.version ?? '0.0.0', topic: card.source.topic?.code ?? 'unknown', indicator: card.indicator, summary: card.summary };
}

