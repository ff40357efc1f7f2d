import { startLoopbackServer, type Hit } from './loopback-server.ts';

/** What the scripted server sends for every request until changed. */
export interface ScriptedAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

export interface ScriptedServer {
  readonly origin: string;
  readonly hits: Hit[];
  answer: ScriptedAnswer;
  stop(): Promise<void>;
}

/**
 * A real loopback HTTP server that answers every request with a scripted status and raw body:
 * for FHIR responses no well-behaved server (the medplum one included) would ever produce.
 * A loopback-server.ts server whose handler sends `answer`.
 */
export async function startScriptedServer(): Promise<ScriptedServer> {
  const server = await startLoopbackServer((_req, res) => {
    res.writeHead(state.answer.status, { 'content-type': state.answer.contentType });
    res.end(state.answer.body);
  });
  const state: ScriptedServer = {
    origin: server.origin,
    hits: server.hits,
    answer: { status: 200, contentType: 'application/fhir+json', body: '{}' },
    stop: server.stop,
  };
  return state;
}
