import autocannon, { type AutocannonRequest } from 'autocannon';
import type { LoadSpec, LoadSummary, DriverReply, DriverRequest } from './load-spec.ts';

/**
 * The load generator, run as a child process (forked by driver-client.ts) so its own CPU use is not
 * counted in either server's process. Answers one IPC message per run.
 */
async function run(spec: LoadSpec): Promise<LoadSummary> {
  const headers = { 'content-type': 'application/json' };
  let next = 0;
  const tokens = spec.tokens;
  const request: AutocannonRequest = {
    method: 'POST',
    path: spec.path,
    headers,
    body: spec.body,
    // Tokens are single-use (jti replay cache): each request takes the next pre-minted one.
    ...(tokens
      ? { setupRequest: (req) => ({ ...req, headers: { ...req.headers, authorization: `Bearer ${tokens[next++ % tokens.length]}` } }) }
      : {}),
  };
  const result = await autocannon({
    url: spec.baseUrl,
    connections: spec.connections,
    ...(spec.amount !== undefined ? { amount: spec.amount } : { duration: spec.durationSec }),
    timeout: 30,
    requests: [request],
  });
  return {
    requestsPerSec: result.requests.average,
    latencyMs: {
      p50: result.latency.p50,
      p97_5: result.latency.p97_5,
      p99: result.latency.p99,
      mean: result.latency.mean,
      max: result.latency.max,
    },
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    durationSec: result.duration,
  };
}

process.on('message', (message: DriverRequest) => {
  run(message.spec).then(
    (summary) => process.send?.({ id: message.id, summary } satisfies DriverReply),
    (error: unknown) =>
      process.send?.({ id: message.id, error: error instanceof Error ? error.message : String(error) } satisfies DriverReply),
  );
});
process.on('disconnect', () => process.exit(0));
