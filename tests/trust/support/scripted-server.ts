import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** What the scripted server sends for every request until changed. */
export interface ScriptedAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

export interface ScriptedServer {
  origin: string;
  readonly hits: { url: string; authorization: string | undefined }[];
  answer: ScriptedAnswer;
  stop(): Promise<void>;
}

/**
 * A real loopback HTTP server that answers every request with a scripted status and raw body:
 * for FHIR responses no well-behaved server (the medplum one included) would ever produce.
 */
export async function startScriptedServer(): Promise<ScriptedServer> {
  const sockets = new Set<Socket>();
  const state: ScriptedServer = {
    origin: '',
    hits: [],
    answer: { status: 200, contentType: 'application/fhir+json', body: '{}' },
    stop: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
    },
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    state.hits.push({ url: req.url ?? '/', authorization: req.headers.authorization });
    req.resume();
    res.writeHead(state.answer.status, { 'content-type': state.answer.contentType });
    res.end(state.answer.body);
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}
