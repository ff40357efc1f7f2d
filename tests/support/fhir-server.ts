import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { getStatus } from '@medplum/core';
import { FhirRouter, MemoryRepository, type HttpMethod } from '@medplum/fhir-router';
import type { Bundle, CapabilityStatement, FhirResource, OperationOutcome, Resource } from 'fhir/r4';
import { narrowPatientSearch, qualifyBareReferences, withLoopingNextLink, withPagingLinks } from './fhir-query.ts';
import { ensureSearchDefinitions } from './medplum-search-definitions.ts';
import { listenOnLoopback } from './free-port.ts';

export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly authorization: string | undefined;
}

export type FhirFault =
  | { kind: 'none' }
  | { kind: 'delay'; ms: number }
  | { kind: 'status'; status: number }
  | { kind: 'malformed-json' }
  | { kind: 'paging-loop' }
  | { kind: 'hang' };

export interface LoopbackFhirServer {
  /** e.g. http://127.0.0.1:40123/fhir/R4 (no trailing slash) */
  readonly baseUrl: string;
  /** Every request received, in order, including ones answered by a fault. */
  readonly requests: readonly RecordedRequest[];
  /** Applies to every request from now on, until set again. */
  setFault(fault: FhirFault): void;
  /** Creates or updates the resources, keeping the ids they carry. */
  load(resources: readonly Resource[]): Promise<void>;
  /** Closes the server and destroys open sockets, including hanging requests. */
  stop(): Promise<void>;
}

interface FhirServerOptions {
  readonly resources?: readonly Resource[];
  /** When set, requests without `Authorization: Bearer <token>` get a 401 OperationOutcome. */
  readonly requiredBearerToken?: string;
  /**
   * When set, decides every FHIR request's access from its Authorization header (a SMART access token,
   * tests/support/smart-auth-server.ts): a refusal is answered with its status and text as an OperationOutcome.
   */
  readonly authorize?: (request: {
    readonly authorization: string | undefined;
    readonly url: URL;
  }) => Promise<{ readonly status: 401 | 403; readonly text: string } | undefined>;
  /** Served at `<base>/.well-known/smart-configuration`, before faults and authorization (SMART discovery is public). */
  readonly smartConfiguration?: () => Readonly<Record<string, unknown>>;
  /** Answers browsers from other origins (CORS, with preflight): the SMART app reads this server from the page. */
  readonly cors?: boolean;
}

type MedplumResource = Parameters<MemoryRepository['updateResource']>[0];

const BASE_PATH = '/fhir/R4';
const FHIR_JSON = 'application/fhir+json; charset=utf-8';
const ISSUE_CODES: Readonly<Record<number, string>> = { 401: 'login', 403: 'forbidden', 404: 'not-found', 500: 'exception' };

function outcome(status: number, text: string): OperationOutcome {
  return { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: ISSUE_CODES[status] ?? 'processing', diagnostics: text }] };
}

const CORS_HEADERS: Readonly<Record<string, string>> = {
  'access-control-allow-origin': '*',
  'access-control-allow-headers': 'authorization, accept, content-type',
  'access-control-allow-methods': 'GET, POST',
  'access-control-expose-headers': 'www-authenticate',
};

function send(
  res: ServerResponse,
  status: number,
  body: Resource | Readonly<Record<string, unknown>>,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': FHIR_JSON, ...headers });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startFhirServer(options: FhirServerOptions = {}): Promise<LoopbackFhirServer> {
  ensureSearchDefinitions();
  const repo = new MemoryRepository();
  const router = new FhirRouter();
  const requests: RecordedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let fault: FhirFault = { kind: 'none' };
  let baseUrl = '';

  const load = async (resources: readonly Resource[]): Promise<void> => {
    for (const resource of resources) {
      // fhir/r4 and @medplum/fhirtypes describe the same JSON; only the declarations differ.
      const stored = resource as unknown as MedplumResource;
      await (stored.id ? repo.updateResource(stored) : repo.createResource(stored));
    }
  };

  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  async function answerFhir(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    let path = url.pathname.slice(BASE_PATH.length).replace(/^\/+|\/+$/g, '');
    let method = (req.method ?? 'GET') as HttpMethod;
    const params = new URLSearchParams(url.searchParams);
    const text = await readBody(req);
    let body: unknown;
    if (method === 'POST' && path.endsWith('/_search')) {
      // Search by POST is answered as the equivalent GET, so paging links work the same way.
      for (const [key, value] of new URLSearchParams(text)) params.append(key, value);
      path = path.slice(0, -'/_search'.length);
      method = 'GET';
    } else if (text !== '') {
      body = JSON.parse(text);
    }
    if (method === 'GET' && path === 'metadata') {
      send(res, 200, capabilityStatement());
      return;
    }
    const resourceType = path.split('/')[0] ?? '';
    const query = narrowPatientSearch(resourceType, qualifyBareReferences(resourceType, params)).toString();
    const [result, resource] = await router.handleRequest(
      { method, url: query ? `${path}?${query}` : path, pathname: '', body, params: {}, query: {} },
      repo,
    );
    const status = getStatus(result);
    if (!resource) {
      send(res, status, result as unknown as OperationOutcome);
      return;
    }
    const answer = resource as unknown as FhirResource;
    if (answer.resourceType === 'Bundle' && answer.type === 'searchset') {
      const publicUrl = new URL(`${baseUrl}/${path}${params.size > 0 ? `?${params.toString()}` : ''}`);
      const entry = answer.entry?.map((e) => ({ ...e, fullUrl: `${baseUrl}/${e.resource?.resourceType}/${e.resource?.id}` }));
      const bundle: Bundle = { ...answer, ...(entry ? { entry } : {}) };
      send(res, status, fault.kind === 'paging-loop' ? withLoopingNextLink(bundle, publicUrl) : withPagingLinks(bundle, publicUrl));
      return;
    }
    send(res, status, answer);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push({ method: req.method ?? 'GET', url: req.url ?? '/', authorization: req.headers.authorization });
    if (options.cors) {
      for (const [name, value] of Object.entries(CORS_HEADERS)) res.setHeader(name, value);
      if (req.method === 'OPTIONS') {
        res.writeHead(204).end();
        return;
      }
    }
    if (options.smartConfiguration && url.pathname === `${BASE_PATH}/.well-known/smart-configuration`) {
      send(res, 200, options.smartConfiguration(), { 'content-type': 'application/json' });
      return;
    }
    const current = fault;
    if (current.kind === 'hang') return;
    if (current.kind === 'delay') await sleep(current.ms);
    if (current.kind === 'status') {
      send(res, current.status, outcome(current.status, `fault injected: HTTP ${current.status}`));
      return;
    }
    if (current.kind === 'malformed-json') {
      res.writeHead(200, { 'content-type': FHIR_JSON });
      res.end('{"resourceType": "Bundle", "type": "searchset", "entry": [{');
      return;
    }
    if (options.requiredBearerToken !== undefined && req.headers.authorization !== `Bearer ${options.requiredBearerToken}`) {
      send(res, 401, outcome(401, 'a valid bearer token is required'), { 'www-authenticate': 'Bearer' });
      return;
    }
    const refusal = options.authorize ? await options.authorize({ authorization: req.headers.authorization, url }) : undefined;
    if (refusal) {
      send(
        res,
        refusal.status,
        outcome(refusal.status, refusal.text),
        refusal.status === 401 ? { 'www-authenticate': 'Bearer error="invalid_token"' } : {},
      );
      return;
    }
    if (url.pathname !== BASE_PATH && !url.pathname.startsWith(`${BASE_PATH}/`)) {
      send(res, 404, outcome(404, `no FHIR endpoint at ${url.pathname}`));
      return;
    }
    await answerFhir(req, res, url);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, outcome(500, error instanceof Error ? error.message : String(error)));
    });
  });
  const listening = await listenOnLoopback(server, {
    beforeClose: () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.closeAllConnections();
    },
  });
  baseUrl = `http://127.0.0.1:${listening.port}${BASE_PATH}`;
  await load(options.resources ?? []);

  const stop = listening.stop;

  return {
    baseUrl,
    requests,
    setFault: (next) => {
      fault = next;
    },
    load,
    stop,
  };
}

function capabilityStatement(): CapabilityStatement {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: new Date().toISOString(),
    kind: 'instance',
    fhirVersion: '4.0.1',
    format: ['json'],
    rest: [{ mode: 'server' }],
  };
}
