import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config/config.ts';
import { MAX_JSON_DEPTH, tooDeepAt } from '../../src/http/middleware/json-depth.ts';
import { captureLogs, type CapturedLogs } from '../support/log-capture.ts';
import { startTestService, type TestService } from '../support/test-service.ts';

const FEEDBACK = '/cds-services/ctc-advisor-patient-view/feedback';

/** `{"a":{"a":…{}}}` nested `levels` deep, built as text: the object itself would overflow JSON.stringify. */
function nestedText(levels: number): string {
  return `${'{"a":'.repeat(levels)}{}${'}'.repeat(levels)}`;
}

describe('client mistakes answer 4xx with a JSON body, not 500 (issue 17 item 10)', () => {
  let t: TestService;
  let logs: CapturedLogs;
  beforeAll(async () => {
    logs = captureLogs('info');
    t = await startTestService({ logger: logs.logger });
  });
  afterAll(async () => {
    await t?.close();
  });

  /** No line at error level or above, and no line naming a file of this checkout. */
  const expectQuietLogs = (from: number) => {
    const written = logs.lines.slice(from);
    for (const line of written) expect((JSON.parse(line) as { level: number }).level, line).toBeLessThan(50);
    expect(written.join('')).not.toContain(PROJECT_ROOT);
  };

  it('answers 404 for every miss under /sandbox/assets/, traversal attempts included', async () => {
    const from = logs.lines.length;
    for (const path of [
      '/sandbox/assets/no-such.js',
      '/sandbox/assets/js',
      '/sandbox/assets/js/',
      '/sandbox/assets/%2e%2e/%2e%2e/package.json',
      '/sandbox/assets/..%2f..%2fpackage.json',
      '/sandbox/assets/%2e%2e%2f%2e%2e%2fsrc%2fmain.ts',
      '/sandbox/assets/%00',
      `/sandbox/assets/${'x'.repeat(5000)}`,
    ]) {
      const response = await request(t.app).get(path);
      expect(response.status, path).toBe(404);
      expect(response.body, path).toMatchObject({ error: 'not_found' });
      expect(response.text, path).not.toContain(PROJECT_ROOT);
    }
    expectQuietLogs(from);
    // The assets themselves are still served.
    expect((await request(t.app).get('/sandbox/assets/js/markdown.js')).status).toBe(200);
  });

  it('answers 400 naming the nesting limit for a feedback extension nested 10^5 levels deep', async () => {
    const from = logs.lines.length;
    const body = `{"feedback":[{"card":"${randomUUID()}","outcome":"overridden","outcomeTimestamp":"2026-01-01T00:00:00Z","extension":${nestedText(100_000)}}]}`;
    const response = await request(t.app)
      .post(FEEDBACK)
      .set('Authorization', await t.bearer(FEEDBACK))
      .set('Content-Type', 'application/json')
      .send(body);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      error: 'invalid_request',
      problems: [
        {
          path: '',
          message: expect.stringContaining(
            `nested deeper than ${MAX_JSON_DEPTH} levels (objects and arrays), at /feedback/0/extension/a/a/a/a/a/…`,
          ),
        },
      ],
    });
    expectQuietLogs(from);
  });

  it('finds the first value past the depth limit without recursion, and lets ordinary depth pass', () => {
    expect(tooDeepAt(JSON.parse(nestedText(MAX_JSON_DEPTH - 1)))).toBeUndefined();
    expect(tooDeepAt(JSON.parse(nestedText(MAX_JSON_DEPTH)))).toBe('/a/a/a/a/a/a/a/a/…');
    expect(tooDeepAt({ x: [[{}]] }, 2)).toBe('/x/0');
    expect(tooDeepAt({ 'a/b': { '~': {} } }, 2)).toBe('/a~1b/~0');
    expect(tooDeepAt(JSON.parse(`[${'['.repeat(200_000)}${']'.repeat(200_000)}]`))).toBe('/0/0/0/0/0/0/0/0/…');
  });
});

describe('the error handler', () => {
  it('answers a middleware 4xx (serve-static, body-parser) with its catalogued code, logged below error level and without its message', async () => {
    const { default: express } = await import('express');
    const { errorHandler } = await import('../../src/http/middleware/error-handler.ts');
    const logs = captureLogs('trace');
    const app = express();
    app.get('/missing', (_req, _res, next) =>
      next(
        Object.assign(new Error(`ENOENT: no such file or directory, stat '${PROJECT_ROOT}/web/x'`), {
          status: 404,
          statusCode: 404,
          expose: false,
        }),
      ),
    );
    app.get('/bug', () => {
      throw new Error('a bug');
    });
    app.use(errorHandler(logs.logger));
    const missing = await request(app).get('/missing');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ error: 'not_found', message: 'Not found.' });
    expect(logs.text()).not.toContain(PROJECT_ROOT);
    expect(logs.records().every((r) => (r.level as number) < 50)).toBe(true);
    // A real bug stays a logged, detail-free 500.
    const bug = await request(app).get('/bug');
    expect(bug.status).toBe(500);
    expect(bug.body).toEqual({ error: 'internal', message: 'Internal error.' });
    expect(logs.records().some((r) => r.level === 50)).toBe(true);
  });
});
