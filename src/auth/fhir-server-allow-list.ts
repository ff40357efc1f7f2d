import { isLoopbackHost } from './loopback.ts';

/**
 * Which FHIR servers a trusted client may name in `fhirServer`: the service sends that client's
 * access token there, so an unlisted server is refused before anything is fetched.
 *
 * An entry is `scheme://host[:port][/path]`. Scheme, host and port must match exactly (no port
 * means the scheme's default; `:*` means any port); a path is a prefix on whole segments, so
 * `https://ehr.example.org/fhir` allows `…/fhir` and `…/fhir/r4` but not `…/fhir-admin`.
 */
interface Entry {
  readonly protocol: string;
  readonly hostname: string;
  /** `*` for any port; '' for the scheme's default. */
  readonly port: string;
  /** Without a trailing slash; '' allows every path on the origin. */
  readonly pathPrefix: string;
}

const ANY_PORT = /^([a-z][a-z0-9+.-]*:\/\/[^/?#]*):\*(?=$|[/?#])/i;

/** Why an allow-list entry from configuration is unusable, or null when it is fine. */
export function fhirServerEntryProblem(entry: string): string | null {
  const parsed = parseEntry(entry);
  return typeof parsed === 'string' ? parsed : null;
}

/** True when `fhirServer` is on `allowList`. A value that is not an http(s) URL never is. */
export function isAllowedFhirServer(fhirServer: string, allowList: readonly string[]): boolean {
  let url: URL;
  try {
    url = new URL(fhirServer);
  } catch {
    return false;
  }
  // Credentials in the URL could make a listed host part of an unlisted one in some reader's eyes.
  if (url.username !== '' || url.password !== '') return false;
  const path = url.pathname.replace(/\/+$/, '');
  return allowList.some((raw) => {
    const entry = parseEntry(raw);
    if (typeof entry === 'string') return false;
    return (
      entry.protocol === url.protocol &&
      entry.hostname === url.hostname &&
      (entry.port === '*' || entry.port === url.port) &&
      (entry.pathPrefix === '' || path === entry.pathPrefix || path.startsWith(`${entry.pathPrefix}/`))
    );
  });
}

/**
 * True when a valid entry names a plain-http server off this machine (its access token would cross the
 * network unencrypted). An unusable entry is false: fhirServerEntryProblem reports those.
 */
export function isPlainHttpOffLoopback(raw: string): boolean {
  const entry = parseEntry(raw);
  return typeof entry !== 'string' && entry.protocol === 'http:' && !isLoopbackHost(entry.hostname);
}

/**
 * Entries parsed once each: the list is checked on every call that names a fhirServer (on the pipeline
 * thread too, where it arrives as strings), and its entries come only from the trusted-clients file.
 */
const parsedEntries = new Map<string, Entry | string>();

function parseEntry(raw: string): Entry | string {
  let parsed = parsedEntries.get(raw);
  if (parsed === undefined) {
    parsed = parseEntryText(raw);
    parsedEntries.set(raw, parsed);
  }
  return parsed;
}

function parseEntryText(raw: string): Entry | string {
  const anyPort = ANY_PORT.test(raw);
  let url: URL;
  try {
    url = new URL(anyPort ? raw.replace(ANY_PORT, '$1') : raw);
  } catch {
    return `"${raw}" is not an absolute URL`;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `"${raw}" must be an http(s) URL`;
  if (url.username !== '' || url.password !== '') return `"${raw}" must not carry credentials`;
  if (url.search !== '' || url.hash !== '') return `"${raw}" must not carry a query or a fragment`;
  return { protocol: url.protocol, hostname: url.hostname, port: anyPort ? '*' : url.port, pathPrefix: url.pathname.replace(/\/+$/, '') };
}
