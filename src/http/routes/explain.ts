import { Router, type RequestHandler } from 'express';
import type { RuleSet } from '../../rule-set/rule-set.ts';
import type { ServiceRegistry } from '../../services/service-registry.ts';
import type { Problem } from '../../validate/validation-result.ts';
import { explain, ExplainInputError, type ExplainInput, type ExplainOptions } from '../../explain/explain.ts';
import { ApiError } from '../../errors/api-error.ts';
import { HOOK_NAMES } from '../../rules/rule-file.ts';

interface ExplainRouterDeps {
  readonly ruleSet: () => RuleSet;
  readonly services: ServiceRegistry;
  readonly publicBaseUrl: string;
  /** The sandbox page posts patient data here: put the same authentication in front as for service calls. */
  readonly authenticate?: RequestHandler;
}

const HOOKS: ReadonlySet<string> = new Set(HOOK_NAMES);

/**
 * `POST /explain` with `{ bundle | request, hook?, at? }`: the ExplainReport `explain --json` prints,
 * against the serving rule set, offline (no FHIR server is consulted). Bad input is a 400 with problems.
 */
export function explainRouter(deps: ExplainRouterDeps): Router {
  const router = Router();
  const pass: RequestHandler = (_req, _res, next) => next();
  router.post('/explain', deps.authenticate ?? pass, async (req, res, next) => {
    const parsed = parseBody(req.body as unknown);
    if ('problems' in parsed)
      return next(new ApiError('invalid_request', parsed.problems, 'The body must be { bundle | request, hook?, at? }.'));
    try {
      res.json(
        await explain(parsed.input, {
          ruleSet: deps.ruleSet(),
          services: deps.services,
          publicBaseUrl: deps.publicBaseUrl,
          ...parsed.options,
        }),
      );
    } catch (error) {
      if (error instanceof ExplainInputError)
        return next(new ApiError('invalid_request', [{ path: '', message: error.message }], error.message));
      next(error);
    }
  });
  return router;
}

function parseBody(body: unknown): { input: ExplainInput; options: Pick<ExplainOptions, 'hook' | 'at'> } | { problems: Problem[] } {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return { problems: [{ path: '', message: 'must be a JSON object' }] };
  const { bundle, request, hook, at } = body as Record<string, unknown>;
  const problems: Problem[] = [];
  if ((bundle === undefined) === (request === undefined)) problems.push({ path: '', message: 'give exactly one of bundle or request' });
  if (hook !== undefined && (typeof hook !== 'string' || !HOOKS.has(hook)))
    problems.push({ path: '/hook', message: `must be one of ${HOOK_NAMES.join(', ')}` });
  const date = typeof at === 'string' && /^\d{4}-\d{2}-\d{2}/.test(at) ? new Date(at) : undefined;
  if (at !== undefined && (!date || Number.isNaN(date.getTime())))
    problems.push({ path: '/at', message: 'must be a date or date-time (ISO 8601)' });
  if (problems.length > 0) return { problems };
  return {
    input: bundle !== undefined ? { bundle } : { request },
    options: { ...(hook ? { hook: hook as ExplainOptions['hook'] & string } : {}), ...(date ? { at: date } : {}) },
  };
}
