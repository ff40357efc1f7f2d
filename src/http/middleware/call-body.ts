import express, { type RequestHandler } from 'express';
import contentType from 'content-type';
import { ApiError } from '../api-error.ts';
import { JSON_TYPES } from './json-body.ts';

/**
 * A service call's body, read as text for the call's runner to parse (on the pipeline thread, where
 * the parse costs the event loop nothing). It reads exactly what `jsonBody`'s parser would accept:
 * the same media types and size limit, the same decoding (body-parser's own reader), and like
 * body-parser's json parser (RFC 8259 §8.1) only a UTF charset; parseCallBody then parses as it does.
 * Errors reach `bodyErrors` as body-parser's own. A request without a body leaves req.body undefined.
 */
export function callBody(limitBytes: number): RequestHandler[] {
  const read = express.text({ limit: limitBytes, type: [...JSON_TYPES], defaultCharset: 'utf-8' });
  const utfOnly: RequestHandler = (req, _res, next) => {
    // body-parser checks the charset only of a body it would read: one the request has (type-is's
    // hasBody), of a JSON media type (the content type was checked by jsonBody's requireJson before).
    const header = req.headers['content-type'];
    const hasBody = req.headers['transfer-encoding'] !== undefined || !Number.isNaN(Number(req.headers['content-length'] ?? Number.NaN));
    if (!header || !hasBody || !req.is([...JSON_TYPES])) return next();
    const charset = contentType.parse(header).parameters.charset?.toLowerCase() ?? 'utf-8';
    if (!charset.startsWith('utf-')) return next(new ApiError('unsupported_media_type'));
    next();
  };
  return [utfOnly, read];
}
