import { BlockList, isIP, type LookupFunction } from 'node:net';
import { lookup as dnsLookup } from 'node:dns';
import { isLoopbackHost } from '../auth/loopback.ts';

/**
 * Where the FHIR fallback may connect (docs/trusted-clients.md#where-the-fhir-fallback-connects).
 * The EHR's access token goes with every request, so:
 * - never link-local (cloud metadata lives there), unspecified, multicast or reserved addresses;
 * - private addresses only for a client whose `fhirServers` lists the server (`listed`);
 * - plain http only to loopback, or to a server listed with an `http://` entry.
 * The URL is checked before anything is fetched; every address a name resolves to is checked again
 * when the socket connects (a custom `lookup`), so a DNS answer that changes cannot slip past.
 */
export interface AddressPolicy {
  /** The client's `fhirServers` lists this server (its scheme and host chosen by the operator). */
  readonly listed: boolean;
}

type AddressClass = 'loopback' | 'private' | 'public' | 'never';

const NEVER = new BlockList();
const PRIVATE = new BlockList();
const LOOPBACK = new BlockList();
// BlockList also matches IPv4-mapped IPv6 addresses (::ffff:a.b.c.d) against its IPv4 subnets.
for (const [list, net, prefix, type] of [
  [NEVER, '0.0.0.0', 8, 'ipv4'],
  [NEVER, '169.254.0.0', 16, 'ipv4'],
  [NEVER, '224.0.0.0', 4, 'ipv4'],
  [NEVER, '240.0.0.0', 4, 'ipv4'],
  [NEVER, '::', 128, 'ipv6'],
  [NEVER, 'fe80::', 10, 'ipv6'],
  [NEVER, 'ff00::', 8, 'ipv6'],
  [NEVER, '::', 96, 'ipv6'],
  [PRIVATE, '10.0.0.0', 8, 'ipv4'],
  [PRIVATE, '172.16.0.0', 12, 'ipv4'],
  [PRIVATE, '192.168.0.0', 16, 'ipv4'],
  [PRIVATE, '100.64.0.0', 10, 'ipv4'],
  [PRIVATE, 'fc00::', 7, 'ipv6'],
  // Deprecated site-local addresses still route inside some networks.
  [PRIVATE, 'fec0::', 10, 'ipv6'],
  [LOOPBACK, '127.0.0.0', 8, 'ipv4'],
  [LOOPBACK, '::1', 128, 'ipv6'],
] as const)
  list.addSubnet(net, prefix, type);

/** What kind of address `ip` is; anything that is not an IP address is `never`. */
export function addressClass(ip: string): AddressClass {
  const bare = unbracketed(ip);
  const family = isIP(bare);
  if (family === 0) return 'never';
  const type = family === 4 ? 'ipv4' : 'ipv6';
  // NAT64 (64:ff9b::/96) reaches the IPv4 address in its last 32 bits.
  const nat64 = type === 'ipv6' ? embeddedNat64(bare) : undefined;
  if (nat64) return addressClass(nat64);
  if (LOOPBACK.check(bare, type)) return 'loopback';
  if (NEVER.check(bare, type)) return 'never';
  if (PRIVATE.check(bare, type)) return 'private';
  return 'public';
}

/** Why this address must not be connected to under `policy`, or undefined. */
export function addressProblem(ip: string, policy: AddressPolicy, protocol: string): string | undefined {
  const kind = addressClass(ip);
  if (kind === 'never') return `${ip} is a link-local, unspecified, multicast or reserved address`;
  if (kind === 'private' && !policy.listed) return `${ip} is a private address; list the server in the client's fhirServers to allow it`;
  if (protocol === 'http:' && kind !== 'loopback' && !policy.listed) return `plain http to ${ip}, which is not loopback`;
  return undefined;
}

/**
 * Why `url`'s host, when it is an IP literal, must not be connected to, or undefined (names are judged by
 * policyLookup). Node connects to a literal without calling lookup, so the transport checks it with this.
 */
export function literalAddressProblem(url: URL, policy: AddressPolicy): string | undefined {
  const host = unbracketed(url.hostname);
  return isIP(host) !== 0 ? addressProblem(host, policy, url.protocol) : undefined;
}

/** A URL's hostname without the brackets of an IPv6 literal. */
function unbracketed(hostname: string): string {
  return hostname.replace(/^\[(.*)\]$/, '$1');
}

/**
 * Why the service must never contact `fhirServer` under `policy`, judged from the URL alone (before
 * DNS), or undefined. Names are checked again, address by address, when they resolve.
 */
export function fhirServerUrlProblem(fhirServer: string, policy: AddressPolicy): string | undefined {
  let url: URL;
  try {
    url = new URL(fhirServer);
  } catch {
    return 'not an absolute URL';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'not an http(s) URL';
  // Node would send them as Basic credentials next to the EHR's bearer token.
  if (url.username !== '' || url.password !== '') return 'must not carry credentials';
  const host = unbracketed(url.hostname);
  if (isIP(host) !== 0) {
    const kind = addressClass(host);
    if (kind === 'never') return 'a link-local, unspecified, multicast or reserved address is never contacted';
    if (kind === 'private' && !policy.listed) return "a private address is contacted only when the client's fhirServers lists it";
  }
  if (url.protocol === 'http:' && !policy.listed && !isLoopbackHost(host))
    return "must be https (plain http only on loopback, or when listed in the client's fhirServers)";
  return undefined;
}

/** Thrown through a socket's lookup when an address is refused: the connection is never attempted. */
export class RefusedAddressError extends Error {
  readonly code = 'EFHIRADDRESS';
}

export type Resolver = (
  hostname: string,
  callback: (error: NodeJS.ErrnoException | null, addresses: readonly { address: string; family: number }[]) => void,
) => void;

const systemResolver: Resolver = (hostname, callback) => dnsLookup(hostname, { all: true, verbatim: true }, callback);

/**
 * A `lookup` for http(s).request: resolves every address of the name, refuses the connection when
 * any of them breaks `policy`, and hands Node the addresses in the shape it asked for.
 */
export function policyLookup(policy: AddressPolicy, protocol: string, resolve: Resolver = systemResolver): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, (error, addresses) => {
      if (error) return callback(error, '', 0);
      if (addresses.length === 0) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '', 0);
      const wanted = options.family === 4 || options.family === 6 ? addresses.filter((a) => a.family === options.family) : addresses;
      for (const { address } of wanted) {
        const problem = addressProblem(address, policy, protocol);
        if (problem) return callback(new RefusedAddressError(`${hostname} resolved to ${problem}`), '', 0);
      }
      const first = wanted[0];
      if (!first)
        return callback(Object.assign(new Error(`${hostname} has no IPv${options.family} address`), { code: 'ENOTFOUND' }), '', 0);
      // Node's types describe only the single-address form; with `all` it expects the array.
      if (options.all) return (callback as unknown as (e: null, a: readonly { address: string; family: number }[]) => void)(null, wanted);
      callback(null, first.address, first.family);
    });
  };
}

function embeddedNat64(ipv6: string): string | undefined {
  const match = /^64:ff9b::(?:([0-9a-f]{1,4}):([0-9a-f]{1,4})|(\d+\.\d+\.\d+\.\d+))$/i.exec(ipv6);
  if (!match) return undefined;
  if (match[3]) return match[3];
  const hi = parseInt(match[1] as string, 16);
  const lo = parseInt(match[2] as string, 16);
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}
