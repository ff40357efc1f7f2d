import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import addFormatsImport from 'ajv-formats';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../support/test-service.ts';
import { bundleOpenApi, OPENAPI_FILE } from '../../src/http/routes/openapi.ts';

const addFormats = addFormatsImport as unknown as (ajv: Ajv) => Ajv;
const ADMIN_TOKEN = 'openapi-test-admin-token-0123456789abcdef';

/**
 * Routes deliberately not in the OpenAPI description, each with the reason. Everything else the
 * composed app serves must be there (and nothing it does not serve). A new route fails this test
 * until it is described in openapi/ctc-advisor.openapi.json or listed here.
 */
const EXCLUDED: readonly { readonly route: string | RegExp; readonly reason: string }[] = [
  { route: 'GET /', reason: 'the sandbox page (HTML for a browser, docs/sandbox.md), not an API' },
  { route: 'GET /sandbox', reason: 'the sandbox page (HTML), not an API' },
  { route: 'GET /sandbox/rules', reason: 'the sandbox rule catalog page (HTML), not an API' },
  { route: 'GET /sandbox/assets/*', reason: 'static scripts and styles of the sandbox page' },
  {
    route: /^GET \/smart\/(launch|app)(\.html)?$/,
    reason: "the SMART app's launch and app pages (HTML the EHR opens, docs/smart-app.md), not an API",
  },
  { route: /^GET \/smart\/assets\//, reason: 'static scripts and styles of the SMART app' },
];

interface RouteEntry {
  readonly method: string;
  readonly path: string;
}

interface Layer {
  readonly name?: string;
  readonly rawPath?: string;
  readonly route?: { readonly path: string | readonly string[]; readonly methods: Readonly<Record<string, boolean>> };
  readonly handle?: { readonly stack?: readonly Layer[] };
}

/** Express 5's router stack of the composed app, nested routers included; `/a/:id/` reads `/a/{id}` (routing is not strict). */
function routesOf(stack: readonly Layer[], prefix = ''): RouteEntry[] {
  const out: RouteEntry[] = [];
  const openapiPath = (p: string) => `${prefix}${p}`.replace(/:([A-Za-z0-9_]+)/g, '{$1}').replace(/(.)\/$/, '$1');
  for (const layer of stack) {
    if (layer.route) {
      const paths = typeof layer.route.path === 'string' ? [layer.route.path] : layer.route.path;
      for (const p of paths)
        for (const [method, on] of Object.entries(layer.route.methods))
          if (on && method !== '_all') out.push({ method: method.toUpperCase(), path: openapiPath(p) });
    } else if (layer.name === 'serveStatic' && layer.rawPath) out.push({ method: 'GET', path: `${openapiPath(layer.rawPath)}/*` });
    else if (layer.handle?.stack) out.push(...routesOf(layer.handle.stack, prefix));
  }
  return out;
}

const key = (r: RouteEntry) => `${r.method} ${r.path}`;
const exclusionOf = (k: string) => EXCLUDED.find((e) => (typeof e.route === 'string' ? e.route === k : e.route.test(k)));

let t: TestService;
let served: RouteEntry[];
const document = JSON.parse(readFileSync(OPENAPI_FILE, 'utf8')) as { openapi: string; paths: Record<string, Record<string, unknown>> };
const described = Object.entries(document.paths).flatMap(([p, item]) =>
  Object.keys(item)
    .filter((m) => ['get', 'post', 'put', 'delete', 'patch'].includes(m))
    .map((m) => `${m.toUpperCase()} ${p}`),
);

beforeAll(async () => {
  // Every optional router mounted: the sandbox, analytics (admin token), the SMART app.
  t = await startTestService({ env: { CTC_SANDBOX: 'on', CTC_ADMIN_TOKEN: ADMIN_TOKEN } });
  served = routesOf((t.app as unknown as { router: { stack: Layer[] } }).router.stack);
}, 60_000);
afterAll(() => t?.close());

describe('OpenAPI 3.1 description (openapi/ctc-advisor.openapi.json) against the express routes', () => {
  it('the router walk finds the routes of every router (guards the walk itself)', () => {
    const keys = served.map(key);
    for (const k of [
      'GET /healthz',
      'GET /rules/{id}',
      'POST /cds-services/{id}',
      'POST /sandbox/api/token',
      'GET /analytics/rules',
      'GET /sandbox/assets/*',
    ])
      expect(keys).toContain(k);
    expect(document.openapi).toBe('3.1.0');
  });

  it('describes every route the app serves, except the listed pages and assets', () => {
    const missing = served.map(key).filter((k) => !exclusionOf(k) && !described.includes(k));
    expect(
      missing,
      'routes missing from openapi/ctc-advisor.openapi.json (describe them, or exclude them with a reason in this test)',
    ).toEqual([]);
  });

  it('describes no route the app does not serve, and every exclusion still names a route', () => {
    const keys = new Set(served.map(key));
    expect(described.filter((k) => !keys.has(k))).toEqual([]);
    expect(EXCLUDED.filter((e) => !served.some((r) => exclusionOf(key(r)) === e)).map((e) => String(e.route))).toEqual([]);
    // An excluded route is not also described.
    expect(described.filter((k) => exclusionOf(k))).toEqual([]);
  });

  it('a missing route is caught: the check sees a route the document lacks', () => {
    const extra = [...served, { method: 'GET', path: '/rules/{id}/history' }];
    expect(extra.map(key).filter((k) => !exclusionOf(k) && !described.includes(k))).toEqual(['GET /rules/{id}/history']);
  });
});

describe('GET /openapi.json', () => {
  it('serves the document with the referenced JSON Schemas embedded, every $ref resolving inside it', async () => {
    const res = await request(t.app).get('/openapi.json').expect(200);
    expect(res.type).toBe('application/json');
    const doc = res.body as { paths: Record<string, unknown>; components: { schemas: Record<string, unknown> } };
    expect(Object.keys(doc.paths)).toEqual(Object.keys(document.paths));
    const refs: string[] = [];
    JSON.stringify(doc, (k, v: unknown) => {
      if (k === '$ref' && typeof v === 'string') refs.push(v);
      return v;
    });
    const outside = refs.filter((r) => !r.startsWith('#'));
    expect(outside).toEqual([]);
    for (const ref of refs.filter((r) => r.startsWith('#/components/'))) {
      const target = ref
        .slice(2)
        .split('/')
        .reduce<unknown>(
          (node, token) => (node as Record<string, unknown> | undefined)?.[token.replace(/~1/g, '/').replace(/~0/g, '~')],
          doc,
        );
      expect(target, ref).toBeDefined();
    }
    // The schemas the service validates with are reused, not copied: embedded verbatim.
    for (const file of [
      'rules/schema/rule.schema.json',
      'src/validate/schemas/request.schema.json',
      'src/validate/schemas/feedback.schema.json',
      'src/validate/schemas/response.schema.json',
    ]) {
      expect(doc.components.schemas[path.basename(file)]).toEqual(
        JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../..', file), 'utf8')),
      );
    }
  });

  it('real responses validate against the described schemas (/healthz, /rules, /rules/{id})', async () => {
    const doc = bundleOpenApi();
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    const schemas = (doc.components as { schemas: Record<string, { $id?: string }> }).schemas;
    for (const schema of Object.values(schemas)) if (schema.$id) ajv.addSchema(schema);
    ajv.addSchema({ ...doc, $id: 'https://ctc-advisor.org/openapi.json' });
    const check = (name: string, body: unknown) => {
      const validate = ajv.compile({ $ref: `https://ctc-advisor.org/openapi.json#/components/schemas/${name}` });
      expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
    };
    check('Health', (await request(t.app).get('/healthz').expect(200)).body);
    const list = (await request(t.app).get('/rules').expect(200)).body as { rules: { id: string }[] };
    check('RuleList', list);
    check('RuleDetail', (await request(t.app).get(`/rules/${list.rules[0]?.id}`).set('Accept', 'application/json').expect(200)).body);
    // And the check bites: a rule without its card does not validate.
    const { card: _card, ...cardless } = (await request(t.app).get(`/rules/${list.rules[0]?.id}`).set('Accept', 'application/json'))
      .body as Record<string, unknown>;
    expect(ajv.compile({ $ref: 'https://ctc-advisor.org/openapi.json#/components/schemas/RuleDetail' })(cardless)).toBe(false);
  });
});
