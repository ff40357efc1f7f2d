import { gzipSync } from 'node:zlib';
import express, { type Express, type RequestHandler } from 'express';
import request from 'supertest';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { bodyErrors, jsonBody } from '../../src/http/middleware/json-body.ts';
import { callBody } from '../../src/http/middleware/call-body.ts';
import { errorHandler } from '../../src/http/middleware/error-handler.ts';
import { parseCallBody } from '../../src/calls/call-outcome.ts';

const LIMIT = 2_048;
const NO_BODY = '(no body)';

/** body-parser's json parser, as every other route reads JSON: the reference. */
function referenceApp(): Express {
  const app = express();
  app.use(...jsonBody(LIMIT), bodyErrors);
  app.post('/call', (req, res) => {
    res.json({ body: req.body === undefined ? NO_BODY : req.body });
  });
  app.use(errorHandler(pino({ level: 'silent' })));
  return app;
}

/** The service-call route's reader: text, parsed afterwards by parseCallBody (on the pipeline thread). */
function callApp(): Express {
  const app = express();
  const parse: RequestHandler = (req, res, next) => {
    try {
      const body = parseCallBody(req.body as string | undefined);
      res.json({ body: body === undefined ? NO_BODY : body });
    } catch (error) {
      next(error);
    }
  };
  app.post('/call', ...callBody(LIMIT), parse);
  app.use(...jsonBody(LIMIT), bodyErrors);
  app.use(errorHandler(pino({ level: 'silent' })));
  return app;
}

interface Case {
  readonly name: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string | Buffer;
  readonly status: number;
}

const JSON_TYPE = { 'Content-Type': 'application/json' };
const CASES: readonly Case[] = [
  { name: 'a JSON object', headers: JSON_TYPE, body: '{"hook":"patient-view","n":[1,2.5,"é"]}', status: 200 },
  { name: 'a byte-order mark before the object', headers: JSON_TYPE, body: '\uFEFF{"a":1}', status: 200 },
  { name: 'an empty body', headers: JSON_TYPE, body: '', status: 200 },
  { name: 'whitespace only', headers: JSON_TYPE, body: '  \n', status: 400 },
  { name: 'truncated JSON', headers: JSON_TYPE, body: '{"hook":', status: 400 },
  { name: 'a trailing comma', headers: JSON_TYPE, body: '{"a":1,}', status: 400 },
  { name: 'a top-level string (strict: false)', headers: JSON_TYPE, body: '"text"', status: 200 },
  { name: 'a top-level null', headers: JSON_TYPE, body: 'null', status: 200 },
  { name: 'an upper-case UTF-8 charset', headers: { 'Content-Type': 'application/json; charset=UTF-8' }, body: '{"a":"ü"}', status: 200 },
  {
    name: 'UTF-16LE',
    headers: { 'Content-Type': 'application/json; charset=utf-16le' },
    body: Buffer.from('{"a":"ü"}', 'utf16le'),
    status: 200,
  },
  {
    name: 'a latin1 charset',
    headers: { 'Content-Type': 'application/json; charset=latin1' },
    body: Buffer.from('{"a":"ü"}', 'latin1'),
    status: 415,
  },
  { name: 'an unknown charset', headers: { 'Content-Type': 'application/json; charset=x-nothing' }, body: '{}', status: 415 },
  { name: 'an unknown UTF-like charset', headers: { 'Content-Type': 'application/json; charset=utf-99' }, body: '{}', status: 415 },
  {
    name: 'a latin1 charset on an oversized body',
    headers: { 'Content-Type': 'application/json; charset=latin1' },
    body: `{"a":"${'x'.repeat(LIMIT)}"}`,
    status: 415,
  },
  { name: 'a +json media type', headers: { 'Content-Type': 'application/fhir+json' }, body: '{"resourceType":"Bundle"}', status: 200 },
  { name: 'text/plain', headers: { 'Content-Type': 'text/plain' }, body: '{}', status: 415 },
  { name: 'no content type and no body', headers: {}, status: 200 },
  { name: 'an oversized body', headers: JSON_TYPE, body: `{"a":"${'x'.repeat(LIMIT)}"}`, status: 413 },
  { name: 'a gzip-encoded body', headers: { ...JSON_TYPE, 'Content-Encoding': 'gzip' }, body: gzipSync('{"zipped":true}'), status: 200 },
  { name: 'an unsupported content encoding', headers: { ...JSON_TYPE, 'Content-Encoding': 'compress' }, body: '{}', status: 415 },
  { name: 'a corrupt gzip body', headers: { ...JSON_TYPE, 'Content-Encoding': 'gzip' }, body: 'not gzip', status: 400 },
];

async function send(app: Express, c: Case): Promise<{ status: number; type: string | undefined; body: unknown }> {
  let req = request(app).post('/call');
  for (const [name, value] of Object.entries(c.headers)) req = req.set(name, value);
  // Bytes as they are: superagent would otherwise serialize a Buffer as JSON under a JSON content type.
  const res = c.body === undefined ? await req : await req.serialize((b: unknown) => b as string).send(c.body);
  return { status: res.status, type: res.headers['content-type'] as string | undefined, body: res.body as unknown };
}

describe('service-call body: read as text, parsed by parseCallBody', () => {
  const reference = referenceApp();
  const calls = callApp();

  it.each(CASES)('$name: same status and body as body-parser json', async (c) => {
    const expected = await send(reference, c);
    const actual = await send(calls, c);
    expect(expected.status, 'the reference itself').toBe(c.status);
    expect(actual).toEqual(expected);
  });

  it('quotes JSON.parse’s message for a body that is not JSON', async () => {
    const res = await send(calls, CASES.find((c) => c.name === 'truncated JSON') as Case);
    expect(res.body).toMatchObject({ error: 'invalid_json', problems: [{ path: '', message: expect.stringMatching(/JSON/) as unknown }] });
  });

  it('parseCallBody: no body stays undefined, an empty one is {}', () => {
    expect(parseCallBody(undefined)).toBeUndefined();
    expect(parseCallBody('')).toEqual({});
    expect(() => parseCallBody('{')).toThrow(/not valid JSON/);
  });
});
