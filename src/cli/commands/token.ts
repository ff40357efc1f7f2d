import { ensureDevClient } from '../../auth/dev-client.ts';
import { type CliCommand, usageError } from '../command.ts';
import { parseArgs } from '../parse-args.ts';

interface TokenCommandSettings {
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
      const parsed = parseTokenArgs(argv);
      if (typeof parsed === 'string') {
        return usageError(io, parsed, USAGE);
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

function parseTokenArgs(argv: readonly string[]): { target: string; ttl?: number } | string {
  const args = parseArgs(argv, { options: ['ttl'] });
  if (typeof args === 'string') return args;
  const [target = DEFAULT_PATH, extra] = args.positionals;
  if (extra !== undefined || target.startsWith('-')) return `unexpected argument "${extra ?? target}"`;
  if (!target.startsWith('/') && !/^https?:\/\//i.test(target)) return `"${target}" must be a path starting with / or an http(s) URL`;
  if (args.options.ttl === undefined) return { target };
  const ttl = Number(args.options.ttl);
  if (!Number.isInteger(ttl) || ttl <= 0 || ttl > 3600) return '--ttl needs a whole number of seconds from 1 to 3600';
  return { target, ttl };
}
