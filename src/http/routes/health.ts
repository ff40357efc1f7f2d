import { Router } from 'express';
import type { RuleSetStatus } from '../../rules/rule-set-holder.ts';

/** Liveness plus what an operator needs first: which rule set is serving and whether the last reload failed. */
export function healthRouter(deps: { status: () => RuleSetStatus; version: string }): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    const s = deps.status();
    res.json({ status: 'ok', version: deps.version, ruleSetVersion: s.version, rules: s.ruleCount, lastReload: s.lastReload });
  });
  router.get('/status/rules', (_req, res) => {
    res.json(deps.status());
  });
  return router;
}
