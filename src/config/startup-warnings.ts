import type { ServerConfig } from './server-config.ts';
import { isLoopbackHost } from '../auth/loopback.ts';

/** A configuration that starts but deserves the operator's attention; logged at warn and printed to stderr at start. */
export interface StartupWarning {
  readonly event: string;
  readonly message: string;
}

/**
 * The sandbox is an unauthenticated page and API (CPU per request, a token endpoint for loopback callers):
 * `auto` leaves it off on a non-loopback host, and an explicit `on` there is served with a warning.
 */
export function sandboxWarning(server: Pick<ServerConfig, 'host' | 'sandbox' | 'sandboxSetting'>): StartupWarning | undefined {
  if (isLoopbackHost(server.host)) return undefined;
  if (!server.sandbox && server.sandboxSetting === 'auto') {
    return {
      event: 'startup.sandbox_not_served',
      message: `The sandbox is not served: CTC_HOST=${server.host} is not a loopback address and CTC_SANDBOX is auto. Set CTC_SANDBOX=on to serve it there anyway (never in production), or CTC_SANDBOX=off to silence this.`,
    };
  }
  if (server.sandbox) {
    return {
      event: 'startup.sandbox_exposed',
      message: `WARNING: the sandbox (unauthenticated pages and API) is served on CTC_HOST=${server.host}, which is not a loopback address, because CTC_SANDBOX=on. Anyone who can reach this port can make the service work for them. Never do this in production (docs/sandbox.md).`,
    };
  }
  return undefined;
}
