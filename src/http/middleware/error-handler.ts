import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { ApiError, type ErrorCode } from '../../errors/api-error.ts';

/** Registered last: catalogued errors keep their status; anything else is a logged, detail-free 500. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const apiError = error instanceof ApiError ? error : clientError(error);
    if (!apiError) logger.error({ err: error, path: req.path, method: req.method }, 'unhandled error');
    else if (!(error instanceof ApiError))
      logger.info(
        { event: 'http.client_error', status: apiError.status, path: req.path, method: req.method },
        'client error from a middleware',
      );
    const out = apiError ?? new ApiError('internal');
    if (res.headersSent) return;
    res.status(out.status).json(out.toBody());
  };
}

export const notFound: RequestHandler = (req, _res, next) => {
  next(new ApiError('not_found', undefined, `No route for ${req.method} ${req.path}.`));
};

/** Catalog codes for the 4xx errors express middleware raise (http-errors). */
const CLIENT_STATUSES: Readonly<Record<number, ErrorCode>> = {
  400: 'invalid_request',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
};

/**
 * A middleware's own 4xx (serve-static, body-parser) is the client's mistake: its catalogued
 * answer, logged without its message (which may name a file on this machine), never a 500.
 */
function clientError(error: unknown): ApiError | undefined {
  // serve-static marks a missing file's 404 `expose: false` (its message holds the absolute path); the status still says whose fault it is.
  const { status } = (error ?? {}) as { status?: unknown };
  const code = typeof status === 'number' ? CLIENT_STATUSES[status] : undefined;
  return code ? new ApiError(code) : undefined;
}
