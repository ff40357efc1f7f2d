import express, { type Express } from 'express';
import type { Logger } from 'pino';
import type { JwtVerifier } from '../../../src/auth/jwt-verifier.ts';
import { authenticate } from '../../../src/http/middleware/authenticate.ts';
import { captureLogs, type CapturedLogs } from '../../support/log-capture.ts';

export const PUBLIC_BASE_URL = 'https://cds.example.org/ctc';

/** Captured log lines, so tests can assert what is (and is never) logged. */
export function captureLogger(): CapturedLogs {
  return captureLogs('debug');
}

/** Mounted like the real service: a router under /cds-services, so baseUrl + path matter. */
export function appWith(verifier: JwtVerifier, logger: Logger): Express {
  const app = express();
  const router = express.Router();
  router.get('/', (_req, res) => void res.json({ caller: res.locals.caller }));
  router.post('/:id', (_req, res) => void res.json({ caller: res.locals.caller }));
  router.post('/:id/feedback', (_req, res) => void res.json({ caller: res.locals.caller }));
  app.use('/cds-services', authenticate({ verifier, publicBaseUrl: PUBLIC_BASE_URL, logger }), router);
  return app;
}
