import { createHash, timingSafeEqual } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import type { DecisionStore } from '../../store/decision-store.ts';
import { parseReportRange } from '../../store/report-range.ts';

interface AnalyticsRouterDeps {
  readonly store: DecisionStore;
  /** Without one the route does not exist (404): analytics are off unless an admin token is configured. */
  readonly adminToken: string | undefined;
  readonly logger: Logger;
}

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

/**
 * `GET /analytics/rules?from=&to=`: the per-rule report for informaticians, behind
 * `Authorization: Bearer <admin token>`. Bounds as in parseReportRange; bad ones get 400.
 */
export function analyticsRouter(deps: AnalyticsRouterDeps): Router {
  const router = Router();
  const expected = deps.adminToken ? digest(deps.adminToken) : undefined;
  router.get('/analytics/rules', async (req: Request, res: Response) => {
    if (!expected) {
      res.status(404).json({ error: 'not_found' });
      return;
    }
    const header = req.headers.authorization;
    const presented = typeof header === 'string' ? BEARER.exec(header)?.[1] : undefined;
    // Comparing digests keeps the comparison constant-time whatever the presented length.
    if (presented === undefined || !timingSafeEqual(digest(presented), expected)) {
      deps.logger.warn(
        { event: 'analytics.rejected', reason: presented === undefined ? 'no bearer token' : 'wrong token' },
        'analytics refused',
      );
      res.status(401).set('WWW-Authenticate', 'Bearer').json({ error: 'unauthorized' });
      return;
    }
    const from = queryString(req.query['from']);
    const to = queryString(req.query['to']);
    if (from === null || to === null) {
      res.status(400).json({ error: 'invalid_range', problems: ['from and to may each be given once'] });
      return;
    }
    const range = parseReportRange(from, to);
    if (!range.ok) {
      res.status(400).json({ error: 'invalid_range', problems: range.problems });
      return;
    }
    const rules = await deps.store.ruleReport(range.value);
    res.status(200).json({ from: range.value.from?.toISOString() ?? null, to: range.value.to?.toISOString() ?? null, rules });
  });
  return router;
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** undefined when absent or empty, null when repeated or not a plain string. */
function queryString(value: unknown): string | undefined | null {
  if (value === undefined || value === '') return undefined;
  return typeof value === 'string' ? value : null;
}
