import type { RequestHandler } from 'express';
import { ApiError } from '../../errors/api-error.ts';

/**
 * Deepest nesting of arrays and objects a JSON body may have. A FHIR Bundle in a CDS Hooks request
 * is about 12 levels deep; recursive code downstream (JSON.stringify, validators) overflows the
 * stack somewhere past ten thousand, which used to answer 500.
 */
export const MAX_JSON_DEPTH = 64;

/**
 * The JSON pointer (first segments only) of the first value nested deeper than `maxDepth`, or
 * undefined. Iterative, so the check cannot overflow the stack it protects.
 */
export function tooDeepAt(value: unknown, maxDepth = MAX_JSON_DEPTH): string | undefined {
  const stack: { value: unknown; depth: number; path: readonly string[] }[] = [{ value, depth: 0, path: [] }];
  while (stack.length > 0) {
    const item = stack.pop() as (typeof stack)[number];
    if (typeof item.value !== 'object' || item.value === null) continue;
    if (item.depth >= maxDepth) return pointer(item.path);
    for (const [key, child] of Object.entries(item.value)) {
      if (typeof child === 'object' && child !== null)
        stack.push({ value: child, depth: item.depth + 1, path: item.path.length < 8 ? [...item.path, key] : item.path });
    }
  }
  return undefined;
}

function pointer(path: readonly string[]): string {
  const shown = path.map((segment) => `/${segment.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
  return path.length < 8 ? shown : `${shown}/…`;
}

/** After express.json(): a body nested deeper than MAX_JSON_DEPTH is a 400 naming where, never a 500. */
export const limitJsonDepth: RequestHandler = (req, _res, next) => {
  const at = tooDeepAt(req.body as unknown);
  if (at === undefined) return next();
  next(
    new ApiError(
      'invalid_request',
      [{ path: '', message: `the JSON body is nested deeper than ${MAX_JSON_DEPTH} levels (objects and arrays), at ${at || '/'}` }],
      `The request body is nested deeper than ${MAX_JSON_DEPTH} levels.`,
    ),
  );
};
