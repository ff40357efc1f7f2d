import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import { ApiError } from '../../errors/api-error.ts';
import { limitJsonDepth } from './json-depth.ts';

/** The media types a JSON body may be sent as. */
export const JSON_TYPES = ['application/json', 'application/*+json'] as const;

/** A POST or PUT with a body must say it is JSON; one without a body and without a content type passes. */
export const requireJson: RequestHandler = (req, _res, next) => {
  if (req.method !== 'POST' && req.method !== 'PUT') return next();
  if (!req.headers['content-type'] && Number(req.headers['content-length'] ?? 0) === 0) return next();
  if (!req.is([...JSON_TYPES])) return next(new ApiError('unsupported_media_type'));
  next();
};

/**
 * JSON bodies only, within the configured size and nesting depth. Body-parser's own errors are mapped
 * to the error catalog here so no HTML or stack trace ever leaves the service.
 */
export function jsonBody(limitBytes: number): RequestHandler[] {
  return [requireJson, express.json({ limit: limitBytes, type: [...JSON_TYPES], strict: false }), limitJsonDepth];
}

/** Registered after every body reader (service calls' included), so their errors leave as catalogued errors. */
export const bodyErrors: ErrorRequestHandler = (error: unknown, _req, _res, next) => {
  const type = (error as { type?: unknown }).type;
  if (type === 'entity.too.large') return next(new ApiError('payload_too_large'));
  if (type === 'entity.parse.failed')
    return next(new ApiError('invalid_json', [{ path: '', message: (error as Error).message.slice(0, 200) }]));
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') return next(new ApiError('unsupported_media_type'));
  if (type === 'request.aborted') return next(new ApiError('invalid_request', [{ path: '', message: 'the request body was aborted' }]));
  // Any other 4xx of the body reader (an http-error it marks `expose`: a body that is not the gzip its
  // Content-Encoding says, a length that is not its Content-Length) is the client's: a 400, not an internal error.
  if (isClientHttpError(error))
    return next(
      new ApiError('invalid_request', [{ path: '', message: `the request body could not be read: ${error.message.slice(0, 200)}` }]),
    );
  next(error);
};

/** ApiError has a status but no `expose`, so catalogued errors pass through. */
function isClientHttpError(error: unknown): error is Error & { status: number } {
  const { status, expose } = error as { status?: unknown; expose?: unknown };
  return error instanceof Error && expose === true && typeof status === 'number' && status >= 400 && status < 500;
}
