import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Resource } from 'fhir/r4';
import { PROJECT_ROOT } from '../../src/config/config.ts';
import { loadServiceRegistry } from '../../src/services/service-registry.ts';
import { requestFromBundle } from '../../src/simulate/ehr-request.ts';
import type { Card, Link } from '../../src/validate/cds-hooks-types.ts';
import { loadSmartClient } from '../../src/smart/smart-client.ts';
import { startFhirServer, type LoopbackFhirServer } from '../support/fhir-server.ts';
import { freeLoopbackPort } from '../support/free-port.ts';
import { startSmartAuthServer, type SmartAuthServer } from '../support/smart-auth-server.ts';
import { launchChromium, type Browser } from './support/browser.ts';
import { startLiveService, type LiveService } from './support/live-service.ts';
import { seriesBundle } from './support/bundles.ts';

const ARTIFACTS = path.join(PROJECT_ROOT, 'artifacts');
const PATIENT = 'mbc-ctc-12-cellsearch';
const RULE = 'mbc-cellsearch-ctc-elevated';

interface ServiceRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

/**
 * Issue 19 end to end: an "EHR" page opens the CTC card's SMART link with `iss` and `launch`; the app
 * (served by the live service) authorizes at a real OAuth 2.0 server (oidc-provider, PKCE, auto-consent),
 * reads the FHIR server that requires that server's access tokens, and draws the timeline in Chromium.
 */
describe('the SMART timeline app in Debian chromium, launched from a card', () => {
  const serviceRequests: ServiceRequest[] = [];
  const { bundle, ctcCount } = seriesBundle();
  const resources = (bundle.entry ?? []).map((e) => e.resource).filter((r): r is NonNullable<typeof r> => r !== undefined) as Resource[];
  let live: LiveService;
  let fhir: LoopbackFhirServer;
  let auth: SmartAuthServer | undefined;
  let browser: Browser;
  let smartLink: Link;

  beforeAll(async () => {
    live = await startLiveService(
      {},
      { onRequest: (req) => serviceRequests.push({ method: req.method ?? '', url: req.url ?? '', headers: { ...req.headers } }) },
    );
    const client = loadSmartClient(live.url);
    fhir = await startFhirServer({
      resources,
      cors: true,
      authorize: (request) => (auth ? auth.checkAccess(request) : Promise.resolve({ status: 401, text: 'no authorization server' })),
      smartConfiguration: () => auth?.smartConfiguration() ?? {},
    });
    auth = await startSmartAuthServer({ fhirBaseUrl: fhir.baseUrl, clientId: client.client_id, redirectUris: client.redirect_uris });
    browser = await launchChromium();

    // The card comes from a real CDS Hooks call, as the EHR would receive it.
    const service = loadServiceRegistry(live.config.server.servicesDir).get('ctc-advisor-patient-view');
    if (!service) throw new Error('no patient-view service');
    const callPath = '/cds-services/ctc-advisor-patient-view';
    const authentication = live.service.authentication;
    const devClient = authentication.mode === 'required' ? authentication.devClient : undefined;
    if (!devClient) throw new Error('the live service has no dev client');
    const response = await fetch(`${live.url}${callPath}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await devClient.mintToken(`${live.url}${callPath}`)}` },
      body: JSON.stringify(requestFromBundle(bundle, service)),
    });
    const { cards } = (await response.json()) as { cards: Card[] };
    const card = cards.find((c) => (c.extension?.['org.ctc-advisor.rule'] as { id?: string } | undefined)?.id === RULE);
    const link = card?.links?.find((l) => l.type === 'smart');
    if (!link) throw new Error(`the ${RULE} card carries no smart link`);
    smartLink = link;
  }, 60_000);

  afterEach(() => {
    fhir?.setFault({ kind: 'none' });
    auth?.setDecision('consent');
    auth?.setWithheldScopes([]);
    auth?.setAccessTokenTtl(300);
    auth?.setAdvertisedPermissions(['v1', 'v2']);
  });

  afterAll(async () => {
    await browser?.close();
    await auth?.stop();
    await fhir?.stop();
    await live?.close();
  });

  /** The EHR's side of an EHR launch: a launch id bound to the patient and the card's appContext, then a click on the link. */
  async function launchFromEhr(iss = fhir.baseUrl): Promise<{ page: Page; errors: string[] }> {
    if (!auth) throw new Error('no authorization server');
    const launch = auth.newLaunch({
      patient: PATIENT,
      ...(smartLink.appContext !== undefined ? { appContext: smartLink.appContext } : {}),
    });
    const url = new URL(smartLink.url);
    url.searchParams.set('iss', iss);
    url.searchParams.set('launch', launch);
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.setContent(
      `<!doctype html><title>EHR</title><main><h1>Chart</h1><a id="open-timeline" href="${url.href.replace(/&/g, '&amp;')}">${smartLink.label}</a></main>`,
    );
    await page.click('#open-timeline');
    try {
      await page.waitForSelector('body[data-state="ready"], body[data-state="failed"]', { timeout: 12_000 });
    } catch (error) {
      throw new Error(`the app did not finish at ${page.url()}: ${(await page.textContent('body'))?.slice(0, 400) ?? ''}`, {
        cause: error,
      });
    }
    return { page, errors };
  }

  it('authorizes with PKCE, reads the FHIR server with the token and draws one point per CTC result with the cut-off line', async () => {
    const before = fhir.requests.length;
    serviceRequests.length = 0;
    const { page, errors } = await launchFromEhr();
    expect(await page.getAttribute('body', 'data-failure')).toBeNull();
    expect(await page.getAttribute('body', 'data-state')).toBe('ready');
    // One point per CTC result, and the CellSearch cut-off at 5 from the rule that fired the card.
    expect(await page.getAttribute('body', 'data-ctc-points')).toBe(String(ctcCount));
    await expect(page.locator('svg.timeline .ctc-points circle').count()).resolves.toBe(ctcCount);
    const threshold = page.locator('svg.timeline .threshold');
    await expect(threshold.count()).resolves.toBeGreaterThanOrEqual(1);
    expect(await threshold.first().textContent()).toContain('5');
    expect(await page.locator(`#rules-applying [data-rule="${RULE}"]`).count()).toBe(1);
    // Clinician-facing words only: the rule's title, never its id or a time-point id.
    expect(await page.locator('#rules-applying').textContent()).not.toContain(RULE);
    expect(await page.locator('table.data-table').textContent()).not.toMatch(/after-first-cycle|during-therapy/);
    // The card's appContext reached the app through the EHR's token response.
    expect(await page.locator('#focus').textContent()).toBe(
      'Opened from the card “Metastatic breast cancer: CellSearch CTC count at or above 5 per 7.5 mL”, about CTC counts.',
    );
    expect(await page.locator('table.data-table').textContent()).toContain('38');
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'smart-timeline.png'), fullPage: true });

    // Every FHIR read carried a token the authorization server issued (the server refuses any other).
    const reads = fhir.requests.slice(before).filter((r) => r.method === 'GET' && !r.url.includes('.well-known'));
    expect(reads.map((r) => r.url.split('?')[0])).toEqual(
      expect.arrayContaining([
        `/fhir/R4/Patient/${PATIENT}`,
        '/fhir/R4/Observation',
        '/fhir/R4/Condition',
        '/fhir/R4/MedicationRequest',
        '/fhir/R4/Procedure',
      ]),
    );
    const tokens = auth?.issuedTokens ?? [];
    expect(tokens.length).toBeGreaterThan(0);
    // SMART v2 syntax by default: read and search, nothing more.
    const scope = String(
      (JSON.parse(Buffer.from(tokens.at(-1)?.split('.')[1] ?? '', 'base64url').toString('utf8')) as { scope?: unknown }).scope,
    );
    expect(scope.split(' ').sort()).toEqual([
      'patient/Condition.rs',
      'patient/MedicationAdministration.rs',
      'patient/MedicationRequest.rs',
      'patient/Observation.rs',
      'patient/Patient.r',
      'patient/Procedure.rs',
    ]);
    for (const r of reads) expect(tokens.map((t) => `Bearer ${t}`)).toContain(r.authorization);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('sends nothing of the EHR to the service: no token, no resource content, no body', async () => {
    serviceRequests.length = 0;
    const { page } = await launchFromEhr();
    expect(await page.getAttribute('body', 'data-state')).toBe('ready');
    await page.close();
    const tokens = auth?.issuedTokens ?? [];
    expect(serviceRequests.length).toBeGreaterThan(0);
    // The app asks its own service only for its code and the public knowledge (knowledge.json, client.json).
    expect(serviceRequests.map((r) => r.url.split('?')[0])).toEqual(
      expect.arrayContaining(['/smart/launch', '/smart/app', '/smart/client.json', '/smart/knowledge.json']),
    );
    const resourceIds = resources.map((r) => r.id).filter((id): id is string => id !== undefined);
    for (const request of serviceRequests) {
      expect(request.method, request.url).toBe('GET');
      expect(request.headers.authorization, request.url).toBeUndefined();
      expect(request.headers['content-length'] ?? '0', request.url).toBe('0');
      expect(request.headers['transfer-encoding'], request.url).toBeUndefined();
      const seen = `${request.url} ${JSON.stringify(request.headers)}`;
      for (const token of tokens) expect(seen).not.toContain(token);
      for (const id of resourceIds) expect(seen, `resource id ${id} reached the service`).not.toContain(id);
      expect(seen).not.toContain(fhir.baseUrl);
    }
  });

  it('shows what to do when the authorization is denied, and reads nothing', async () => {
    auth?.setDecision('deny');
    const before = fhir.requests.filter((r) => !r.url.includes('.well-known')).length;
    const { page, errors } = await launchFromEhr();
    expect(await page.getAttribute('body', 'data-failure')).toBe('denied');
    expect(await page.locator('[role="alert"] h1').textContent()).toBe('Access to the chart was not granted');
    expect(await page.locator('[role="alert"] p').textContent()).toContain(
      'The EHR denied the timeline access to this patient’s record, so nothing was read.',
    );
    expect(fhir.requests.filter((r) => !r.url.includes('.well-known')).length).toBe(before);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows what to do when the FHIR server answers 401', async () => {
    fhir.setFault({ kind: 'status', status: 401 });
    const { page, errors } = await launchFromEhr();
    expect(await page.getAttribute('body', 'data-failure')).toBe('token-refused');
    expect(await page.locator('[role="alert"] h1').textContent()).toBe('The EHR’s FHIR server refused the timeline’s access');
    expect(await page.locator('[role="alert"] p').textContent()).toContain(
      `The EHR’s FHIR server (${fhir.baseUrl}) answered 401 Unauthorized`,
    );
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows what to do when the EHR grants no read scope for Observations, and reads nothing', async () => {
    auth?.setWithheldScopes(['patient/Observation.rs', 'patient/Observation.read']);
    const before = fhir.requests.filter((r) => !r.url.includes('.well-known')).length;
    const { page, errors } = await launchFromEhr();
    expect(await page.getAttribute('body', 'data-failure')).toBe('missing-scopes');
    expect(await page.locator('[role="alert"] p').textContent()).toContain(
      'The EHR granted no read access to Observation for this patient',
    );
    expect(fhir.requests.filter((r) => !r.url.includes('.well-known')).length).toBe(before);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows what to do when the FHIR server cannot be reached', async () => {
    const closed = `http://127.0.0.1:${await freeLoopbackPort()}/fhir/R4`;
    const { page, errors } = await launchFromEhr(closed);
    expect(await page.getAttribute('body', 'data-failure')).toBe('unreachable');
    expect(await page.locator('[role="alert"] p').textContent()).toContain(
      `The timeline could not connect to the EHR’s FHIR server (${closed}).`,
    );
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows that the session expired when the token has run out before the FHIR server answers', async () => {
    // A one-second token, and a FHIR server that takes longer to look at it: its check and the app's clock both see it expired.
    auth?.setAccessTokenTtl(1);
    fhir.setFault({ kind: 'delay', ms: 2_200 });
    const { page, errors } = await launchFromEhr();
    expect(await page.getAttribute('body', 'data-failure')).toBe('expired');
    expect(await page.locator('[role="alert"] h1').textContent()).toBe('Your session with the EHR has expired');
    expect(await page.locator('[role="alert"] p').textContent()).toContain('answered 401). Open the timeline again from the CTC/DTC card');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('asks for SMART v1 scopes from a server that advertises v1 only, and still draws the timeline', async () => {
    auth?.setAdvertisedPermissions(['v1']);
    const issued = auth?.issuedTokens.length ?? 0;
    const { page, errors } = await launchFromEhr();
    expect(await page.getAttribute('body', 'data-state')).toBe('ready');
    expect(await page.getAttribute('body', 'data-ctc-points')).toBe(String(ctcCount));
    const token = auth?.issuedTokens[issued];
    const scope = String((JSON.parse(Buffer.from(token?.split('.')[1] ?? '', 'base64url').toString('utf8')) as { scope?: unknown }).scope);
    expect(scope.split(' ')).toEqual(
      expect.arrayContaining(['patient/Observation.read', 'patient/Condition.read', 'patient/Procedure.read']),
    );
    expect(scope).not.toMatch(/\.rs\b/);
    expect(errors).toEqual([]);
    await page.close();
  });
});
