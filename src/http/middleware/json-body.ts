import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import { ApiError } from '../api-error.ts';

/**
 * JSON bodies only, within the configured size. Body-parser's own errors are mapped to the
 * error catalog here so no HTML or stack trace ever leaves the service.
 */
export function jsonBody(limitBytes: number): RequestHandler[] {
  const parse = express.json({ limit: limitBytes, type: ['application/json', 'application/*+json'], strict: false });
  const requireJson: RequestHandler = (req, _res, next) => {
    if (req.method !== 'POST' && req.method !== 'PUT') return next();
    if (!req.headers['content-type'] && Number(req.headers['content-length'] ?? 0) === 0) return next();
    if (!req.is(['application/json', 'application/*+json'])) return next(new ApiError('unsupported_media_type'));
    next();
  };
  return [requireJson, parse];
}

export const bodyErrors: ErrorRequestHandler = (error: unknown, _req, _res, next) => {
  const type = (error as { type?: unknown }).type;
  if (type === 'entity.too.large') return next(new ApiError('payload_too_large'));
  if (type === 'entity.parse.failed') return next(new ApiError('invalid_json', [{ path: '', message: (error as Error).message.slice(0, 200) }]));
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') return next(new ApiError('unsupported_media_type'));
  if (type === 'request.aborted') return next(new ApiError('invalid_request', [{ path: '', message: 'the request body was aborted' }]));
  next(error);
};
