import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import type { JSONWebKeySet } from 'jose';
import { DEFAULT_ALGORITHMS, algorithmProblem, isAsymmetricAlgorithm, type AsymmetricAlgorithm } from './algorithms.ts';
import { fhirServerEntryProblem, isPlainHttpOffLoopback } from './fhir-server-allow-list.ts';
import { isAcceptableKeyUrl } from './loopback.ts';
import { jwkSetFileSchema, trustedClientsFileSchema } from './trusted-clients-schema.ts';
import { problemsFromAjv } from '../validate/problems-from-ajv.ts';
import { formatFileProblem } from '../validate/validation-result.ts';
import { JsonSyntaxError, parseJsonText } from '../util/json-file.ts';

/** Where a client's keys come from: held out-of-band (inline or file), or fetched from a URL. */
export type KeySource = { readonly kind: 'pinned'; readonly jwks: JSONWebKeySet } | { readonly kind: 'url'; readonly url: string };

/** An EHR allowed to call us (CDS Hooks 2.0 §Trusting CDS Clients: an allowlist of iss and jku). */
export interface TrustedClient {
  readonly iss: string;
  readonly keys: KeySource;
  /** `jku` header values accepted from this issuer; any other `jku` is refused. */
  readonly allowedJku: readonly string[];
  readonly algorithms: readonly AsymmetricAlgorithm[];
  /** When set, the token's `tenant` claim must be one of these. */
  readonly tenants?: readonly string[];
  /** When set, the only FHIR servers this client may name in `fhirServer` (fhir-server-allow-list.ts). */
  readonly fhirServers?: readonly string[];
  readonly description?: string;
}

interface TrustedClientsFile {
  readonly clients: readonly TrustedClient[];
  readonly warning?: string;
}

/** Every problem found in a trusted-clients file, each prefixed with the file name. */
export class TrustedClientsError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid trusted clients configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'TrustedClientsError';
  }
}

interface RawClient {
  iss: string;
  jwks?: JSONWebKeySet;
  jwksFile?: string;
  jwksUrl?: string;
  allowedJku?: string[];
  algorithms?: string[];
  tenants?: string[];
  fhirServers?: string[];
  description?: string;
}

const ajv = new Ajv({ allErrors: true, strict: true });
const validateFile = ajv.compile<{ clients: RawClient[]; warning?: string }>(trustedClientsFileSchema);
const validateJwkSet = ajv.compile<JSONWebKeySet>(jwkSetFileSchema);

/** Loads and checks a trusted-clients file; throws TrustedClientsError listing every problem. */
export async function loadTrustedClientsFile(file: string): Promise<TrustedClientsFile> {
  const problems: string[] = [];
  const json = await readJson(file, problems);
  if (problems.length > 0) throw new TrustedClientsError(problems);
  if (!validateFile(json)) throw new TrustedClientsError(schemaProblems(file, validateFile.errors));

  const clients: TrustedClient[] = [];
  const seen = new Set<string>();
  for (const [index, raw] of json.clients.entries()) {
    const where = `${file}: clients[${index}] (iss "${raw.iss}")`;
    if (seen.has(raw.iss)) problems.push(`${where}: duplicate iss`);
    seen.add(raw.iss);
    const client = await toTrustedClient(raw, where, path.dirname(file), problems);
    if (client) clients.push(client);
  }
  if (problems.length > 0) throw new TrustedClientsError(problems);
  return json.warning === undefined ? { clients } : { clients, warning: json.warning };
}

async function toTrustedClient(raw: RawClient, where: string, baseDir: string, problems: string[]): Promise<TrustedClient | null> {
  const before = problems.length;
  const sources = [raw.jwks, raw.jwksFile, raw.jwksUrl].filter((s) => s !== undefined);
  if (sources.length !== 1) problems.push(`${where}: give exactly one of "jwks", "jwksFile", "jwksUrl"`);

  const algorithms = raw.algorithms ?? [...DEFAULT_ALGORITHMS];
  for (const alg of algorithms) {
    const problem = algorithmProblem(alg);
    if (problem) problems.push(`${where}: algorithm ${problem}`);
  }
  for (const url of [...(raw.allowedJku ?? []), ...(raw.jwksUrl === undefined ? [] : [raw.jwksUrl])]) {
    if (!isAcceptableKeyUrl(url)) problems.push(`${where}: key URL "${url}" must be https (plain http only on loopback)`);
  }
  for (const entry of raw.fhirServers ?? []) {
    const problem = fhirServerEntryProblem(entry);
    if (problem) problems.push(`${where}: fhirServers entry ${problem}`);
  }

  let keys: KeySource | null = null;
  if (raw.jwksUrl !== undefined) keys = { kind: 'url', url: raw.jwksUrl };
  if (raw.jwks !== undefined) keys = { kind: 'pinned', jwks: raw.jwks };
  if (raw.jwksFile !== undefined) {
    const file = path.resolve(baseDir, raw.jwksFile);
    const json = await readJson(file, problems);
    if (json !== undefined && !validateJwkSet(json)) problems.push(...schemaProblems(file, validateJwkSet.errors));
    else if (json !== undefined) keys = { kind: 'pinned', jwks: json as JSONWebKeySet };
  }
  if (keys?.kind === 'pinned') problems.push(...jwkSetProblems(keys.jwks, where));

  if (problems.length > before || keys === null) return null;
  return {
    iss: raw.iss,
    keys,
    allowedJku: raw.allowedJku ?? [],
    algorithms: algorithms.filter(isAsymmetricAlgorithm),
    ...(raw.tenants === undefined ? {} : { tenants: raw.tenants }),
    ...(raw.fhirServers === undefined ? {} : { fhirServers: raw.fhirServers }),
    ...(raw.description === undefined ? {} : { description: raw.description }),
  };
}

/**
 * One warning per client whose `fhirServers` leaves its EHR's access token less protected: no list (any
 * https server, docs/trusted-clients.md), or a plain-http entry for a host that is not loopback.
 */
export function fhirServerPolicyWarnings(clients: readonly TrustedClient[]): { iss: string; message: string }[] {
  const warnings: { iss: string; message: string }[] = [];
  for (const client of clients) {
    if (client.fhirServers === undefined) {
      warnings.push({
        iss: client.iss,
        message: `trusted client "${client.iss}" has no fhirServers list: it may name any https FHIR server (never a private, link-local or plain-http one) and the service sends its access token there; list its servers`,
      });
      continue;
    }
    const plain = client.fhirServers.filter(isPlainHttpOffLoopback);
    if (plain.length > 0)
      warnings.push({
        iss: client.iss,
        message: `trusted client "${client.iss}" lists plain-http FHIR servers (${plain.join(', ')}): its access token crosses the network unencrypted`,
      });
  }
  return warnings;
}

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'] as const;

/** A pinned key set must hold public asymmetric keys that tokens can name by `kid`. */
function jwkSetProblems(jwks: JSONWebKeySet, where: string): string[] {
  const problems: string[] = [];
  jwks.keys.forEach((key, i) => {
    if (key.kty === 'oct') problems.push(`${where}: keys[${i}] is a symmetric key; CDS Hooks forbids HMAC`);
    if (PRIVATE_MEMBERS.some((member) => member in key))
      problems.push(`${where}: keys[${i}] contains private key material; publish only the public key`);
    if (typeof key.kid !== 'string' || key.kid === '')
      problems.push(`${where}: keys[${i}] has no "kid"; CDS Hooks tokens must name their key`);
  });
  return problems;
}

async function readJson(file: string, problems: string[]): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    problems.push(`${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    return undefined;
  }
  try {
    return parseJsonText(text, file);
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    problems.push(`${file}: not valid JSON at line ${error.line}, column ${error.column}: ${error.reason}`);
    return undefined;
  }
}

function schemaProblems(file: string, errors: readonly ErrorObject[] | null | undefined): string[] {
  return problemsFromAjv(errors).map((problem) => formatFileProblem(file, problem));
}
