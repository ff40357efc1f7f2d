import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Router, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import type { RuleSet } from '../rule-set/rule-set.ts';
import type { ServiceRegistry } from '../services/service-registry.ts';
import type { Authentication } from '../auth/authentication.ts';
import { ApiError } from '../errors/api-error.ts';
import { assetFolder } from './asset-folder.ts';
import { explain, ExplainInputError } from '../explain/explain.ts';
import { isBundle } from './bundle-picture.ts';
import { listFixtureNames, readFixtureBundle, summarizePatient } from './fixture-patients.ts';
import { buildTimeline } from './timeline.ts';
import { isCdsPath, tokenRequestProblem } from './token-guard.ts';

interface SandboxDeps {
  readonly ruleSet: () => RuleSet;
  readonly services: ServiceRegistry;
  readonly fixturesDir: string;
  readonly publicBaseUrl: string;
  readonly authentication: Authentication;
  readonly logger: Logger;
  readonly now?: () => Date;
  /** The static front end; defaults to the repository's web/ folder. */
  readonly webDir?: string;
}

/** The helper API; app.ts reads its bodies with CTC_SANDBOX_BODY_LIMIT_BYTES, not the service's limit. */
export const SANDBOX_API_PATH = '/sandbox/api';

const DEFAULT_WEB_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web');

/** Same-origin scripts and styles only: rule text and patient data can never bring their own. */
const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-cache',
};

/**
 * The EHR-like sandbox (docs/sandbox.md): pages at `/`, `/sandbox/` and `/sandbox/rules`, assets
 * under `/sandbox/assets/`, helper JSON under `/sandbox/api/`. Mount only when CTC_SANDBOX is on.
 * The CDS calls themselves go from the browser to the real endpoints.
 */
export function sandboxRouter(deps: SandboxDeps): Router {
  const router = Router();
  const webDir = deps.webDir ?? DEFAULT_WEB_DIR;
  const now = deps.now ?? (() => new Date());
  const page = (file: string) => (_req: Request, res: Response) => {
    res.set(PAGE_HEADERS).sendFile(path.join(webDir, file));
  };

  router.get(['/', '/sandbox', '/sandbox/'], page('index.html'));
  router.get(['/sandbox/rules', '/sandbox/rules/'], page('rules.html'));
  router.use('/sandbox/assets', ...assetFolder(path.join(webDir, 'assets'), PAGE_HEADERS, 'No such sandbox asset.'));

  router.get('/sandbox/api/patients', async (_req, res) => {
    const terminology = deps.ruleSet().terminology;
    const at = now();
    const patients = [];
    for (const name of await listFixtureNames(deps.fixturesDir)) {
      const bundle = await readFixtureBundle(deps.fixturesDir, name);
      if (bundle) patients.push(summarizePatient(name, bundle, terminology, at));
    }
    res.json({ patients });
  });

  router.get('/sandbox/api/patients/:name', async (req, res, next) => {
    const bundle = await readFixtureBundle(deps.fixturesDir, String(req.params.name));
    if (!bundle) return next(new ApiError('not_found', undefined, `No fixture patient is called "${String(req.params.name)}".`));
    res.json(bundle);
  });

  router.post('/sandbox/api/timeline', async (req, res, next) => {
    const body = req.body as unknown;
    if (!isBundle(body))
      return next(
        new ApiError(
          'invalid_request',
          [{ path: '/resourceType', message: 'send a FHIR Bundle' }],
          'The timeline is built from a FHIR Bundle.',
        ),
      );
    res.json(await buildTimeline(body, deps.ruleSet(), now()));
  });

  // The explain core behind `explain --json`, on the very request the page sent to the service.
  router.post('/sandbox/api/explain', async (req, res, next) => {
    const request = (req.body as { request?: unknown } | undefined)?.request;
    try {
      res.json(
        await explain({ request }, { ruleSet: deps.ruleSet(), services: deps.services, publicBaseUrl: deps.publicBaseUrl, at: now() }),
      );
    } catch (error) {
      if (!(error instanceof ExplainInputError)) throw error;
      next(new ApiError('invalid_request', [{ path: '/request', message: error.message }]));
    }
  });

  router.post('/sandbox/api/token', async (req, res, next) => {
    const problem = tokenRequestProblem({
      remoteAddress: req.socket.remoteAddress,
      host: req.headers.host,
      localPort: req.socket.localPort,
      origin: header(req, 'origin'),
      secFetchSite: header(req, 'sec-fetch-site'),
    });
    if (problem) {
      deps.logger.warn({ event: 'sandbox.token_refused', reason: problem }, 'sandbox token refused');
      return next(new ApiError('forbidden', undefined, problem));
    }
    const target = (req.body as { path?: unknown } | undefined)?.path;
    if (!isCdsPath(target))
      return next(
        new ApiError('invalid_request', [
          { path: '/path', message: 'a CDS Hooks path: /cds-services, /cds-services/{id} or /cds-services/{id}/feedback' },
        ]),
      );
    res.set('Cache-Control', 'no-store');
    const auth = deps.authentication;
    if (auth.mode === 'off') return void res.json({ token: null, audience: null, note: 'CTC_AUTH=off: calls are not authenticated' });
    if (!auth.devClient)
      return next(
        new ApiError('forbidden', undefined, 'The development client is off (CTC_DEV_CLIENT=off), so the sandbox cannot call the service.'),
      );
    const audience = `${deps.publicBaseUrl}${target}`;
    res.json({ token: await auth.devClient.mintToken(audience), audience });
  });

  return router;
}

function header(req: Request, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
}
