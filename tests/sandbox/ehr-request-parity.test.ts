import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Bundle } from 'fhir/r4';
import { PROJECT_ROOT } from '../../src/config/config.ts';
import { loadServiceRegistry } from '../../src/services/service-registry.ts';
import { requestFromBundle } from '../../src/simulate/ehr-request.ts';
import { requestFromBundle as browserRequestFromBundle } from '../../web/assets/js/ehr-request.js';

const services = loadServiceRegistry(path.join(PROJECT_ROOT, 'cds-hooks'));
const dir = path.join(PROJECT_ROOT, 'fhir-fixtures', 'patients');

describe("the page's request builder matches src/simulate/ehr-request.ts", () => {
  const fixtures = readdirSync(dir).filter((f) => f.endsWith('.json'));

  it('covers the fixture patients', () => {
    expect(fixtures.length).toBeGreaterThan(0);
  });

  it.each(services.services.map((s) => [s.id, s] as const))('for every fixture patient, service %s', (_id, service) => {
    for (const file of fixtures) {
      const bundle = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Bundle;
      if (!bundle.entry?.some((e) => e.resource?.resourceType === 'Patient' && e.resource.id)) continue;
      const server = requestFromBundle(bundle, service, { hookInstance: 'fixed' });
      const browser = browserRequestFromBundle(bundle, { hook: service.hook, prefetch: service.prefetch }, { hookInstance: 'fixed' });
      expect(browser, file).toEqual(server);
    }
  });
});
