import type { LookupAddress } from 'node:dns';
import { describe, expect, it } from 'vitest';
import { addressClass, addressProblem, fhirServerUrlProblem, policyLookup, type Resolver } from '../../src/gather/fhir-address-policy.ts';

/** Issue 17 item 3, the policy alone: no socket is opened here, the resolver is a table. */
describe('addressClass', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.9.8.7', 'loopback'],
    ['::1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['169.254.169.254', 'never'],
    ['169.254.0.1', 'never'],
    ['fe80::1', 'never'],
    ['febf::1', 'never'],
    ['::ffff:169.254.169.254', 'never'],
    ['::ffff:a9fe:a9fe', 'never'],
    ['64:ff9b::a9fe:a9fe', 'never'],
    ['64:ff9b::169.254.169.254', 'never'],
    ['0.0.0.0', 'never'],
    ['0.1.2.3', 'never'],
    ['::', 'never'],
    ['224.0.0.1', 'never'],
    ['239.255.255.250', 'never'],
    ['ff02::1', 'never'],
    ['240.0.0.1', 'never'],
    ['255.255.255.255', 'never'],
    ['::10.0.0.1', 'never'],
    ['10.0.0.7', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'private'],
    ['fd00::1', 'private'],
    ['fc00::1', 'private'],
    ['::ffff:10.0.0.7', 'private'],
    ['64:ff9b::a00:7', 'private'],
    ['93.184.216.34', 'public'],
    ['172.32.0.1', 'public'],
    ['2606:2800:220:1::', 'public'],
    ['fec0::1', 'private'],
    ['not-an-ip', 'never'],
  ])('%s is %s', (ip, kind) => {
    expect(addressClass(ip)).toBe(kind);
  });
});

describe('addressProblem', () => {
  const unlisted = { listed: false };
  const listed = { listed: true };
  it('refuses never-addresses for every client, private ones unless listed, plain http beyond loopback unless listed', () => {
    expect(addressProblem('169.254.169.254', listed, 'https:')).toMatch(/link-local/);
    expect(addressProblem('10.0.0.7', unlisted, 'https:')).toMatch(/private address/);
    expect(addressProblem('10.0.0.7', listed, 'https:')).toBeUndefined();
    expect(addressProblem('93.184.216.34', unlisted, 'http:')).toMatch(/plain http/);
    expect(addressProblem('93.184.216.34', listed, 'http:')).toBeUndefined();
    expect(addressProblem('93.184.216.34', unlisted, 'https:')).toBeUndefined();
    expect(addressProblem('127.0.0.1', unlisted, 'http:')).toBeUndefined();
  });
});

describe('fhirServerUrlProblem', () => {
  it.each([
    ['https://ehr.example.org/fhir', false, undefined],
    ['http://localhost:8080/fhir', false, undefined],
    ['http://127.0.0.1:8080/fhir', false, undefined],
    ['http://[::1]:8080/fhir', false, undefined],
    ['http://ehr.example.org/fhir', false, /must be https/],
    ['http://ehr.example.org/fhir', true, undefined],
    ['https://10.1.2.3/fhir', false, /private address/],
    ['https://10.1.2.3/fhir', true, undefined],
    ['https://169.254.169.254/', true, /never contacted/],
    ['https://0x7f000001/', false, undefined], // 127.0.0.1 written in hex: loopback
    ['ftp://ehr.example.org/', false, /not an http/],
    ['https://user:secret@ehr.example.org/fhir', true, /credentials/],
  ] as const)('%s (listed: %s)', (url, listed, expected) => {
    const problem = fhirServerUrlProblem(url, { listed });
    if (expected === undefined) expect(problem).toBeUndefined();
    else expect(problem).toMatch(expected);
  });
});

describe('policyLookup (the connect-time check)', () => {
  function lookupWith(table: Record<string, string[]>[], listed = false, protocol = 'https:') {
    const asked: string[] = [];
    let call = 0;
    // Each resolution may answer differently: a DNS name that rebinds between two connections.
    const resolve: Resolver = (hostname, callback) => {
      asked.push(hostname);
      const answer = (table[Math.min(call++, table.length - 1)] as Record<string, string[]>)[hostname] ?? [];
      callback(
        null,
        answer.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
      );
    };
    const lookup = policyLookup({ listed }, protocol, resolve);
    const run = (hostname: string, options: { all?: boolean; family?: number } = { all: true }) =>
      new Promise<{ error: NodeJS.ErrnoException | null; result: unknown }>((done) => {
        lookup(
          hostname,
          options as never,
          ((error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) =>
            done({ error, result: Array.isArray(address) ? address : { address, family } })) as never,
        );
      });
    return { run, asked };
  }

  it('refuses a name that resolves to link-local, and one whose answers mix loopback with link-local', async () => {
    const { run } = lookupWith([{ 'metadata.test': ['169.254.169.254'], 'mixed.test': ['127.0.0.1', '169.254.169.254'] }]);
    expect((await run('metadata.test')).error?.code).toBe('EFHIRADDRESS');
    expect((await run('mixed.test')).error?.code).toBe('EFHIRADDRESS');
  });

  it('checks every resolution: a name that rebinds to link-local after a good answer is refused', async () => {
    const { run, asked } = lookupWith([{ 'rebind.test': ['93.184.216.34'] }, { 'rebind.test': ['169.254.169.254'] }]);
    expect((await run('rebind.test')).error).toBeNull();
    expect((await run('rebind.test')).error?.code).toBe('EFHIRADDRESS');
    expect(asked).toEqual(['rebind.test', 'rebind.test']);
  });

  it('refuses a private answer for an unlisted client and allows it for a listed one', async () => {
    expect((await lookupWith([{ 'intranet.test': ['10.0.0.7'] }]).run('intranet.test')).error?.code).toBe('EFHIRADDRESS');
    const listed = await lookupWith([{ 'intranet.test': ['10.0.0.7'] }], true).run('intranet.test');
    expect(listed.error).toBeNull();
    expect(listed.result).toEqual([{ address: '10.0.0.7', family: 4 }]);
  });

  it('over plain http, an unlisted name must resolve to loopback only', async () => {
    const lookup = lookupWith([{ 'dev.test': ['127.0.0.1'], 'public.test': ['93.184.216.34'] }], false, 'http:');
    expect((await lookup.run('dev.test')).error).toBeNull();
    expect((await lookup.run('public.test')).error?.code).toBe('EFHIRADDRESS');
  });

  it('answers in the shape Node asked for: one address, or all of them, of the family asked', async () => {
    const { run } = lookupWith([{ 'dual.test': ['2606:2800:220:1::', '93.184.216.34'] }]);
    expect((await run('dual.test', {})).result).toEqual({ address: '2606:2800:220:1::', family: 6 });
    expect((await run('dual.test', { family: 4 })).result).toEqual({ address: '93.184.216.34', family: 4 });
    expect((await run('dual.test', { all: true })).result).toHaveLength(2);
  });
});
