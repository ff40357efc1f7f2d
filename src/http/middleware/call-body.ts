import express, { type RequestHandler } from 'express';
import contentType from 'content-type';
import typeis from 'type-is';
import { ApiError } from '../../errors/api-error.ts';
import { JSON_TYPES, requireJson } from './json-body.ts';

/**
 * A service call's body, read as text for the call's runner to parse (on the pipeline thread, where
 * the parse costs the event loop nothing). It reads exactly what `jsonBody` would accept: the same
 * content-type check, media types and size limit, the same decoding (body-parser's own reader), and
 * like body-parser's json parser (RFC 8259 §8.1) only a UTF charset; parseCallBody then parses as it
 * does. Errors reach `bodyErrors` as body-parser's own. A request without a body leaves req.body undefined.
 */
export function callBody(limitBytes: number): RequestHandler[] {
  const read = express.text({ limit: limitBytes, type: [...JSON_TYPES], defaultCharset: 'utf-8' });
  // body-parser checks the charset only of a body it will read; after requireJson, any content type present is JSON.
  const utfOnly: RequestHandler = (req, _res, next) => {
    const header = req.headers['content-type'];
    if (!header || !typeis.hasBody(req)) return next();
    const charset = contentType.parse(header).parameters.charset?.toLowerCase() ?? 'utf-8';
    next(charset.startsWith('utf-') ? undefined : new ApiError('unsupported_media_type'));
  };
  return [requireJson, utfOnly, read];
}
