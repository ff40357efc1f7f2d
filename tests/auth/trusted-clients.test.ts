import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createJwtVerifier } from '../../src/auth/jwt-verifier.ts';
import { TrustedClientsError, loadTrustedClientsFile } from '../../src/auth/trusted-clients.ts';
import { claims, makeKey, sign } from './support/tokens.ts';

const CONFIG = path.resolve(import.meta.dirname, '../../config');
const SANDBOX_ISS = 'https://sandbox.cds-hooks.org';
const SANDBOX_KID = '44823f3d-0b01-4a6c-a80e-b9d3e8a7226f';
const SANDBOX_JKU = 'https://sandbox.cds-hooks.org/.well-known/jwks.json';

async function tempFile(name: string, content: unknown): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'ctc-trusted-'));
  const file = path.join(dir, name);
  await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

async function problemsOf(file: string): Promise<readonly string[]> {
  const error = await loadTrustedClientsFile(file).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TrustedClientsError);
  return (error as TrustedClientsError).problems;
}

describe('shipped trusted-clients files', () => {
  it('the example loads with defaults applied', async () => {
    const { clients } = await loadTrustedClientsFile(path.join(CONFIG, 'trusted-clients.example.json'));
    expect(clients.map((c) => c.iss)).toContain('https://cds-hooks.cerner.com');
    expect(clients.find((c) => c.iss === 'https://ehr.example.org')?.algorithms).toEqual(['ES384', 'RS384']);
  });

  it('the sandbox file loads, carries its warning, and pins the published key', async () => {
    const file = await loadTrustedClientsFile(path.join(CONFIG, 'trusted-clients.cds-hooks-sandbox.json'));
    expect(file.warning).toMatch(/PRIVATE KEY IS PUBLISHED/);
    const [client] = file.clients;
    expect(client).toMatchObject({ iss: SANDBOX_ISS, algorithms: ['ES384'], allowedJku: [SANDBOX_JKU] });
    expect(client?.keys.kind === 'pinned' && client.keys.jwks.keys[0]?.kid).toBe(SANDBOX_KID);
  });

  it('a token claiming the sandbox issuer and kid but signed by another key is refused, offline', async () => {
    const { clients } = await loadTrustedClientsFile(path.join(CONFIG, 'trusted-clients.cds-hooks-sandbox.json'));
    const verifier = createJwtVerifier({ clients, clockSkewSeconds: 60, maxTokenLifetimeSeconds: 3600 });
    const impostor = await makeKey('ES384', SANDBOX_KID);
    const aud = 'http://localhost:3000/cds-services';
    const result = await verifier.verify(await sign(impostor, claims(SANDBOX_ISS, aud), { jku: SANDBOX_JKU }), aud);
    expect(result).toMatchObject({ ok: false, reason: 'signature invalid' });
  });
});

describe('invalid trusted-clients files report every problem with the file name', () => {
  it('lists refused algorithms, key sources, URLs, private keys and duplicates together', async () => {
    const key = await makeKey('ES384');
    const file = await tempFile('clients.json', {
      clients: [
        { iss: 'https://a.example', jwks: { keys: [key.publicJwk] }, algorithms: ['HS256', 'none', 'ES384'] },
        { iss: 'https://b.example', jwks: { keys: [key.publicJwk] }, jwksUrl: 'https://b.example/jwks' },
        { iss: 'https://c.example', jwksUrl: 'http://c.example/jwks', allowedJku: ['http://evil.example/jwks'] },
        {
          iss: 'https://d.example',
          jwks: {
            keys: [
              { ...key.publicJwk, d: 'secret' },
              { kty: 'oct', k: 'c2VjcmV0', kid: 's' },
            ],
          },
        },
        { iss: 'https://a.example', jwksUrl: 'https://a.example/jwks' },
        { iss: 'https://e.example' },
      ],
    });
    const problems = await problemsOf(file);
    const expected = [
      /clients\[0\].*"HS256" is refused.*HMAC/,
      /clients\[0\].*"none" is refused/,
      /clients\[1\].*exactly one of/,
      /clients\[2\].*"http:\/\/c\.example\/jwks" must be https/,
      /clients\[2\].*"http:\/\/evil\.example\/jwks" must be https/,
      /clients\[3\].*keys\[0\] contains private key material/,
      /clients\[3\].*keys\[1\] is a symmetric key/,
      /clients\[4\].*duplicate iss/,
      /clients\[5\].*exactly one of/,
    ];
    for (const pattern of expected)
      expect(
        problems.some((p) => pattern.test(p)),
        String(pattern),
      ).toBe(true);
    for (const problem of problems) expect(problem.startsWith(file)).toBe(true);
  });

  it('reports schema errors (unknown property, wrong types) all at once', async () => {
    const file = await tempFile('clients.json', { clients: [{ iss: 7, jwksUrl: 'https://x.example', algoritms: ['ES384'] }], extra: true });
    const problems = await problemsOf(file);
    // The wording every schema check uses (src/validate/problems-from-ajv.ts): an unknown member is named by its pointer.
    expect(problems).toEqual([
      `${file}: /extra is not allowed here`,
      `${file}: /clients/0/algoritms is not allowed here`,
      `${file}: /clients/0/iss must be a string`,
    ]);
  });

  it('reports unreadable and non-JSON files', async () => {
    expect((await problemsOf('/nonexistent/clients.json'))[0]).toMatch(/\/nonexistent\/clients\.json: cannot read \(ENOENT\)/);
    expect((await problemsOf(await tempFile('bad.json', '{ nope')))[0]).toMatch(/bad\.json: not valid JSON/);
  });

  it('resolves jwksFile next to the clients file and checks it', async () => {
    const key = await makeKey('RS384');
    const jwksFile = await tempFile('ehr.jwks.json', { keys: [key.publicJwk] });
    const clientsFile = path.join(path.dirname(jwksFile), 'clients.json');
    await writeFile(
      clientsFile,
      JSON.stringify({ clients: [{ iss: 'https://f.example', jwksFile: 'ehr.jwks.json', algorithms: ['RS384'] }] }),
    );
    const { clients } = await loadTrustedClientsFile(clientsFile);
    const verifier = createJwtVerifier({ clients, clockSkewSeconds: 60, maxTokenLifetimeSeconds: 3600 });
    const aud = 'https://cds.example.org/cds-services';
    expect((await verifier.verify(await sign(key, claims('https://f.example', aud)), aud)).ok).toBe(true);

    await writeFile(clientsFile, JSON.stringify({ clients: [{ iss: 'https://f.example', jwksFile: 'missing.jwks.json' }] }));
    expect((await problemsOf(clientsFile))[0]).toMatch(/missing\.jwks\.json: cannot read/);
  });
});

describe('fhirServers: the FHIR servers a client may name', () => {
  it('is kept as configured, reaches the verified caller, and may be empty; without it the caller carries no list', async () => {
    const key = await makeKey('ES384');
    const file = await tempFile('clients.json', {
      clients: [
        {
          iss: 'https://listed.example',
          jwks: { keys: [key.publicJwk] },
          fhirServers: ['https://ehr.example.org/fhir', 'http://127.0.0.1:*'],
        },
        { iss: 'https://prefetch-only.example', jwks: { keys: [key.publicJwk] }, fhirServers: [] },
        { iss: 'https://open.example', jwks: { keys: [key.publicJwk] } },
      ],
    });
    const { clients } = await loadTrustedClientsFile(file);
    expect(clients.map((c) => c.fhirServers)).toEqual([['https://ehr.example.org/fhir', 'http://127.0.0.1:*'], [], undefined]);

    const verifier = createJwtVerifier({ clients, clockSkewSeconds: 60, maxTokenLifetimeSeconds: 3600 });
    const aud = 'https://cds.example.org/cds-services';
    const caller = async (iss: string) => {
      const result = await verifier.verify(await sign(key, claims(iss, aud)), aud);
      if (!result.ok) throw new Error(result.reason);
      return result.caller;
    };
    expect((await caller('https://listed.example')).fhirServers).toEqual(['https://ehr.example.org/fhir', 'http://127.0.0.1:*']);
    expect((await caller('https://prefetch-only.example')).fhirServers).toEqual([]);
    expect(await caller('https://open.example')).not.toHaveProperty('fhirServers');
  });

  it('reports every unusable entry with the file name', async () => {
    const key = await makeKey('ES384');
    const file = await tempFile('clients.json', {
      clients: [
        {
          iss: 'https://a.example',
          jwks: { keys: [key.publicJwk] },
          fhirServers: ['ehr.example.org', 'ftp://ehr.example.org', 'https://ehr.example.org?x=1', 'https://ok.example'],
        },
      ],
    });
    const problems = await problemsOf(file);
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/clients\[0\].*fhirServers entry "ehr\.example\.org" is not an absolute URL/);
    expect(problems[1]).toMatch(/fhirServers entry "ftp:\/\/ehr\.example\.org" must be an http\(s\) URL/);
    expect(problems[2]).toMatch(/query or a fragment/);
    for (const problem of problems) expect(problem.startsWith(file)).toBe(true);
  });
});
