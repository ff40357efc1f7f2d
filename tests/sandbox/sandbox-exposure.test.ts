import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, PROJECT_ROOT } from '../../src/config/config.ts';
import { loadServiceRegistry } from '../../src/services/service-registry.ts';
import { requestFromBundle } from '../../src/simulate/ehr-request.ts';
import type { Bundle } from 'fhir/r4';
import { captureLogs } from '../support/log-capture.ts';
import { startTestService, type TestService } from '../support/test-service.ts';

/** Every fixture Bundle under fhir-fixtures/, largest first. */
function fixtureBundles(): { file: string; bytes: number; bundle: Bundle }[] {
  const found: { file: string; bytes: number; bundle: Bundle }[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const file = path.join(dir, name);
      if (statSync(file).isDirectory()) walk(file);
      else if (name.endsWith('.json')) {
        const parsed = JSON.parse(readFileSync(file, 'utf8')) as { resourceType?: string };
        if (parsed.resourceType === 'Bundle') found.push({ file, bytes: statSync(file).size, bundle: parsed as Bundle });
      }
    }
  };
  walk(path.join(PROJECT_ROOT, 'fhir-fixtures'));
  return found.sort((a, b) => b.bytes - a.bytes);
}

describe('CTC_SANDBOX: auto serves the sandbox on a loopback host only (issue 17 item 5)', () => {
  it('resolves auto, on and off against CTC_HOST', () => {
    expect(loadConfig({}).server).toMatchObject({ sandboxSetting: 'auto', sandbox: true });
    expect(loadConfig({ CTC_HOST: 'localhost' }).server.sandbox).toBe(true);
    expect(loadConfig({ CTC_HOST: '0.0.0.0' }).server).toMatchObject({ sandboxSetting: 'auto', sandbox: false });
    expect(loadConfig({ CTC_HOST: '::' }).server.sandbox).toBe(false);
    expect(loadConfig({ CTC_HOST: '10.1.2.3', CTC_SANDBOX: 'auto' }).server.sandbox).toBe(false);
    expect(loadConfig({ CTC_HOST: '0.0.0.0', CTC_SANDBOX: 'on' }).server).toMatchObject({ sandboxSetting: 'on', sandbox: true });
    expect(loadConfig({ CTC_SANDBOX: 'off' }).server.sandbox).toBe(false);
    expect(() => loadConfig({ CTC_SANDBOX: 'maybe' })).toThrow(/CTC_SANDBOX must be one of auto, on, off/);
  });

  it('does not serve the sandbox (or mint tokens) on 0.0.0.0 by default, and says so at start', async () => {
    const logs = captureLogs('warn');
    const t = await startTestService({ env: { CTC_HOST: '0.0.0.0' }, logger: logs.logger });
    try {
      for (const p of ['/', '/sandbox/', '/sandbox/api/patients']) expect((await request(t.app).get(p)).status, p).toBe(404);
      expect((await request(t.app).post('/sandbox/api/token').send({ path: '/cds-services' })).status).toBe(404);
      expect(t.service.warnings.map((w) => w.event)).toEqual(['startup.sandbox_not_served']);
      expect(logs.records()).toContainEqual(
        expect.objectContaining({ level: 40, event: 'startup.sandbox_not_served', msg: expect.stringContaining('CTC_SANDBOX=on') }),
      );
    } finally {
      await t.close();
    }
  });

  it('serves it on 0.0.0.0 only when CTC_SANDBOX=on is set, with a loud warning', async () => {
    const logs = captureLogs('warn');
    const t = await startTestService({ env: { CTC_HOST: '0.0.0.0', CTC_SANDBOX: 'on' }, logger: logs.logger });
    try {
      expect((await request(t.app).get('/sandbox/api/patients')).status).toBe(200);
      expect(t.service.warnings.map((w) => w.event)).toEqual(['startup.sandbox_exposed']);
      expect(logs.records()).toContainEqual(
        expect.objectContaining({
          level: 40,
          event: 'startup.sandbox_exposed',
          msg: expect.stringMatching(/^WARNING: .*not a loopback address/),
        }),
      );
    } finally {
      await t.close();
    }
  });

  it('starts quietly with the sandbox on loopback', async () => {
    const t = await startTestService();
    try {
      expect(t.service.warnings).toEqual([]);
    } finally {
      await t.close();
    }
  });
});

describe('the sandbox API reads at most CTC_SANDBOX_BODY_LIMIT_BYTES (default 512 KiB)', () => {
  let t: TestService;
  beforeAll(async () => {
    t = await startTestService();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('defaults to 512 KiB', () => {
    expect(t.config.server.sandboxBodyLimitBytes).toBe(512 * 1024);
  });

  it('answers 413 for a larger explain or timeline body, without running it', async () => {
    const big = { request: { hook: 'patient-view', padding: 'x'.repeat(600 * 1024) } };
    for (const p of ['/sandbox/api/explain', '/sandbox/api/timeline', '/sandbox/api/token']) {
      const response = await request(t.app).post(p).send(big);
      expect(response.status, p).toBe(413);
      expect(response.body, p).toMatchObject({ error: 'payload_too_large' });
    }
  });

  it('still explains and draws the largest fixture patient', async () => {
    const [largest] = fixtureBundles();
    if (!largest) throw new Error('no fixture bundles');
    const service = loadServiceRegistry(t.config.server.servicesDir).get('ctc-advisor-patient-view');
    if (!service) throw new Error('no patient-view service');
    const body = { request: requestFromBundle(largest.bundle, service) };
    // Headroom: the largest fixture's request must stay far below the limit.
    expect(JSON.stringify(body).length, largest.file).toBeLessThan(t.config.server.sandboxBodyLimitBytes / 4);
    expect((await request(t.app).post('/sandbox/api/explain').send(body)).status, largest.file).toBe(200);
    expect((await request(t.app).post('/sandbox/api/timeline').send(largest.bundle)).status, largest.file).toBe(200);
  });

  it('does not read the body of a POST to a path that takes none', async () => {
    // Not parsed, so not a 400 invalid_json: an unknown caller cannot make us parse megabytes for a 404.
    const response = await request(t.app).post('/no-such-route').set('Content-Type', 'application/json').send('{not json');
    expect(response.status).toBe(404);
  });
});
