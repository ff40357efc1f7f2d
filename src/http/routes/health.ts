import { Router } from 'express';
import type { RuleSetStatus } from '../../rule-set/rule-set-holder.ts';
import type { CallRunnerState } from '../../calls/call-runner.ts';

/**
 * Liveness plus what an operator needs first: which rule set is serving and whether the last reload
 * failed. 503 when the decision store cannot serve (e.g. its thread died): every service call would
 * fail until the instance is restarted, so the orchestrator should restart it.
 */
export function healthRouter(deps: {
  status: () => RuleSetStatus;
  storeUnavailable: () => string | undefined;
  callRunnerState: () => CallRunnerState;
  version: string;
}): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    const s = deps.status();
    const store = deps.storeUnavailable();
    res.status(store === undefined ? 200 : 503).json({
      status: store === undefined ? 'ok' : 'unavailable',
      version: deps.version,
      ruleSetVersion: s.version,
      rules: s.ruleCount,
      lastReload: s.lastReload,
      store: store === undefined ? { status: 'ok' } : { status: 'unavailable', reason: store },
      // Where service calls run: the thread only speeds them up, so 'thread-starting' (calls on the event loop) is healthy.
      calls: deps.callRunnerState(),
    });
  });
  router.get('/status/rules', (_req, res) => {
    res.json(deps.status());
  });
  return router;
}
