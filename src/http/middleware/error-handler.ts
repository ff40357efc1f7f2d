import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { ApiError } from '../api-error.ts';

/** Registered last: catalogued errors keep their status; anything else is a logged, detail-free 500. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const apiError = error instanceof ApiError ? error : undefined;
    if (!apiError) logger.error({ err: error, path: req.path, method: req.method }, 'unhandled error');
    const out = apiError ?? new ApiError('internal');
    if (res.headersSent) return;
    res.status(out.status).json(out.toBody());
  };
}

export const notFound: RequestHandler = (req, _res, next) => {
  next(new ApiError('not_found', undefined, `No route for ${req.method} ${req.path}.`));
};
