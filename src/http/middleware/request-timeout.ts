import type { RequestHandler } from 'express';
import { ApiError } from '../../errors/api-error.ts';

/** The clinician's chart must never hang on us: past the limit the call answers 503 and moves on. */
export function requestTimeout(ms: number): RequestHandler {
  return (_req, res, next) => {
    const timer = setTimeout(() => {
      if (!res.headersSent) res.status(503).json(new ApiError('request_timeout').toBody());
    }, ms);
    timer.unref();
    res.on('close', () => clearTimeout(timer));
    next();
  };
}
