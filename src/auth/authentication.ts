import path from 'node:path';
import type { Logger } from 'pino';
import type { AuthConfig } from './auth-config.ts';
import { ensureDevClient, type DevClient } from './dev-client.ts';
import { createJwtVerifier, type JwtVerifier } from './jwt-verifier.ts';
import { isLoopbackHost } from './loopback.ts';
import type { ReplayCache } from './replay-cache.ts';
import { TrustedClientsError, fhirServerPolicyWarnings, loadTrustedClientsFile, type TrustedClient } from './trusted-clients.ts';

export type Authentication =
  | { readonly mode: 'off' }
  | {
      readonly mode: 'required';
      readonly verifier: JwtVerifier;
      readonly clients: readonly TrustedClient[];
      readonly devClient: DevClient | null;
    };

/**
 * Builds the verifier from the trusted-clients file and, when enabled, the local development
 * client. Throws TrustedClientsError listing every configuration problem. The caller must
 * already have refused CTC_AUTH=off on a non-loopback host (authOffProblem). Without a
 * `replayCache` the verifier keeps seen token ids in memory (one process only).
 */
export async function createAuthentication(
  config: AuthConfig,
  dataDir: string,
  logger: Logger,
  replayCache?: ReplayCache,
): Promise<Authentication> {
  if (config.mode === 'off') {
    logger.warn({ event: 'auth.off' }, 'CTC_AUTH=off: calls are NOT authenticated (local debugging only)');
    return { mode: 'off' };
  }

  const clients: TrustedClient[] = [];
  if (config.trustedClientsFile !== null) {
    const file = await loadTrustedClientsFile(path.resolve(config.trustedClientsFile));
    if (file.warning) logger.warn({ event: 'auth.trusted_clients_warning', file: config.trustedClientsFile }, file.warning);
    clients.push(...file.clients);
    // A production start: say which clients may send their EHR's access token to servers nobody listed.
    if (!config.devClient)
      for (const warning of fhirServerPolicyWarnings(file.clients))
        logger.warn({ event: 'auth.fhir_servers', iss: warning.iss }, warning.message);
  }

  let devClient: DevClient | null = null;
  if (config.devClient) {
    devClient = await ensureDevClient(dataDir);
    if (clients.some((c) => c.iss === devClient?.client.iss)) {
      throw new TrustedClientsError([`${config.trustedClientsFile}: iss "${devClient.client.iss}" is reserved for the development client`]);
    }
    clients.push(devClient.client);
    logger.warn(
      { event: 'auth.dev_client', iss: devClient.client.iss, keyFile: devClient.privateKeyFile },
      'Development client trusted (CTC_DEV_CLIENT=on). Mint a token with `npx ctc-advisor token /cds-services`; set CTC_DEV_CLIENT=off in production',
    );
  }

  if (clients.length === 0) {
    throw new TrustedClientsError([`${config.trustedClientsFile}: no clients, and CTC_DEV_CLIENT is off: nobody could call the service`]);
  }

  for (const base of config.publicBaseUrls) {
    if (base.startsWith('http:') && !isLoopbackHost(new URL(base).hostname)) {
      logger.warn({ event: 'auth.plain_http', publicBaseUrl: base }, 'CTC_PUBLIC_BASE_URL is not https; CDS Hooks requires TLS');
    }
  }
  logger.info(
    { event: 'auth.ready', issuers: clients.map((c) => c.iss), publicBaseUrl: config.publicBaseUrl, publicBaseUrls: config.publicBaseUrls },
    'JWT authentication required',
  );

  const verifier = createJwtVerifier({
    clients,
    clockSkewSeconds: config.clockSkewSeconds,
    maxTokenLifetimeSeconds: config.maxTokenLifetimeSeconds,
    ...(replayCache ? { replayCache } : {}),
  });
  return { mode: 'required', verifier, clients, devClient };
}
