import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import { listenOnLoopback } from '../../support/free-port.ts';

export interface Hit {
  readonly url: string;
  readonly authorization: string | undefined;
}

export interface LoopbackServer {
  /** http://127.0.0.1:<port> */
  readonly origin: string;
  readonly port: number;
  /** Every request received, in order, with any Authorization header it carried. */
  readonly hits: Hit[];
  stop(): Promise<void>;
}

type Handler = (req: IncomingMessage, res: ServerResponse, server: LoopbackServer) => void;

/**
 * A real HTTP server on 127.0.0.1 (port 0) that records every request and lets the test answer as it
 * likes: redirects, endless bodies. stop() destroys open sockets, so a test never waits on a stream.
 */
export async function startLoopbackServer(handler: Handler): Promise<LoopbackServer> {
  const hits: Hit[] = [];
  const server = createServer((req, res) => {
    hits.push({ url: req.url ?? '/', authorization: req.headers.authorization });
    req.resume();
    handler(req, res, state);
  });
  const { port, stop } = await listenOnLoopback(server);
  const state: LoopbackServer = { origin: `http://127.0.0.1:${port}`, port, hits, stop };
  return state;
}

/** Answers with a FHIR JSON body. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/fhir+json' });
  res.end(JSON.stringify(body));
}

/** The patient-view service's optional prefetch keys: each is fetched when only the required ones are prefetched. */
export function optionalKeyCount(): number {
  const service = JSON.parse(readFileSync(new URL('../../../cds-hooks/patient-view.json', import.meta.url), 'utf8')) as {
    prefetch: Record<string, string>;
    requiredData: string[];
  };
  return Object.keys(service.prefetch).filter((key) => !service.requiredData.includes(key)).length;
}
