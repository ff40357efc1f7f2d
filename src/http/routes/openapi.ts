import path from 'node:path';
import { Router } from 'express';
import { PROJECT_ROOT } from '../../config/config.ts';
import { readJsonFile } from '../../util/json-file.ts';

/** The OpenAPI 3.1 description of the HTTP routes; its schemas `$ref` the JSON Schema files the service validates with. */
export const OPENAPI_FILE = path.join(PROJECT_ROOT, 'openapi', 'ctc-advisor.openapi.json');

/**
 * The document with every file `$ref` (`../rules/schema/rule.schema.json#/properties/card`) turned into
 * a reference into `components/schemas`, where the file is embedded under its own name
 * (`#/components/schemas/rule.schema.json/properties/card`). Each embedded schema keeps its `$id`
 * and `$schema`, so its own `#/definitions/…` references resolve inside it (OpenAPI 3.1 / JSON Schema
 * 2020-12 base URIs). A client then needs this one document.
 */
export function bundleOpenApi(file = OPENAPI_FILE): Record<string, unknown> {
  const doc = readJsonFile(file) as { components?: { schemas?: Record<string, unknown> } };
  const embedded = new Map<string, unknown>();
  const rewrite = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(rewrite);
    if (typeof node !== 'object' || node === null) return node;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string' && !value.startsWith('#')) {
        const [target = '', pointer = ''] = value.split('#');
        const name = path.basename(target);
        if (!embedded.has(name)) embedded.set(name, readJsonFile(path.resolve(path.dirname(file), target)));
        out[key] = `#/components/schemas/${name}${pointer}`;
      } else out[key] = rewrite(value);
    }
    return out;
  };
  const bundled = rewrite(doc) as { components: { schemas: Record<string, unknown> } };
  bundled.components.schemas = { ...bundled.components.schemas, ...Object.fromEntries(embedded) };
  return bundled;
}

/** `GET /openapi.json`: the bundled document, built once. Public: it holds no patient data and no secret. */
export function openapiRouter(file = OPENAPI_FILE): Router {
  const router = Router();
  let document: string | undefined;
  router.get('/openapi.json', (_req, res) => {
    document ??= JSON.stringify(bundleOpenApi(file));
    res.type('json').send(document);
  });
  return router;
}
