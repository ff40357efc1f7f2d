import { ensureDevClient } from '../../auth/dev-client.ts';
import type { CliCommand } from '../command.ts';

export interface TokenCommandSettings {
  readonly publicBaseUrl: string;
  readonly dataDir: string;
  /** CTC_DEV_CLIENT; the command refuses to mint tokens the server would not trust. */
  readonly devClientEnabled: boolean;
}

const DEFAULT_PATH = '/cds-services';
const USAGE = 'token [/cds-services/<id> | https://host/cds-services/<id>] [--ttl <seconds>]';

/**
 * `ctc-advisor token [path-or-url] [--ttl seconds]`: prints one fresh development token on
 * stdout (nothing else), so `curl -H "Authorization: Bearer $(npx ctc-advisor token /cds-services)"`
 * works. Tokens are single-use: the server refuses a replayed jti.
 */
export function createTokenCommand(settings: TokenCommandSettings): CliCommand {
  return {
    name: 'token',
    summary: 'Print a fresh development-client JWT for an endpoint',
    usage: USAGE,
    async run(argv, io) {
      const parsed = parseArgs(argv);
      if (typeof parsed === 'string') {
        io.err(`${parsed}\nusage: ctc-advisor ${USAGE}`);
        return 2;
      }
      if (!settings.devClientEnabled) {
        io.err('CTC_DEV_CLIENT is off: the server does not trust development tokens, so none is minted.');
        return 2;
      }
      const audience = /^https?:\/\//i.test(parsed.target)
        ? parsed.target.replace(/\/+$/, '')
        : `${settings.publicBaseUrl.replace(/\/+$/, '')}${parsed.target.replace(/\/+$/, '') || '/'}`;
      const devClient = await ensureDevClient(settings.dataDir);
      io.out(await devClient.mintToken(audience, parsed.ttl));
      return 0;
    },
  };
}

function parseArgs(argv: readonly string[]): { target: string; ttl?: number } | string {
  let target: string | undefined;
  let ttl: number | undefined;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] as string;
    if (arg === '--ttl') {
      const value = Number(argv[i + 1]);
      if (!Number.isInteger(value) || value <= 0 || value > 3600) return '--ttl needs a whole number of seconds from 1 to 3600';
      ttl = value;
      i += 1;
    } else if (arg.startsWith('-') || target !== undefined) {
      return `unexpected argument "${arg}"`;
    } else if (!arg.startsWith('/') && !/^https?:\/\//i.test(arg)) {
      return `"${arg}" must be a path starting with / or an http(s) URL`;
    } else {
      target = arg;
    }
  }
  return ttl === undefined ? { target: target ?? DEFAULT_PATH } : { target: target ?? DEFAULT_PATH, ttl };
}
