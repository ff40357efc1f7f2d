import { describe, expect, it } from 'vitest';
import { isCdsPath, tokenRequestProblem } from '../../src/sandbox/token-guard.ts';

const local = { remoteAddress: '127.0.0.1', host: '127.0.0.1:3000', localPort: 3000, origin: undefined, secFetchSite: undefined };

describe('the sandbox token endpoint guard', () => {
  it('accepts the page itself on this machine', () => {
    expect(tokenRequestProblem(local)).toBeNull();
    expect(
      tokenRequestProblem({ ...local, remoteAddress: '::ffff:127.0.0.1', origin: 'http://127.0.0.1:3000', secFetchSite: 'same-origin' }),
    ).toBeNull();
    expect(tokenRequestProblem({ ...local, remoteAddress: '::1' })).toBeNull();
  });

  it('refuses any caller that is not on loopback', () => {
    for (const remoteAddress of ['10.0.0.5', '192.168.1.20', '::ffff:10.0.0.5', '0.0.0.0', '2001:db8::1', undefined]) {
      expect(tokenRequestProblem({ ...local, remoteAddress })).toMatch(/loopback/);
    }
  });

  it('refuses another origin in the same browser (CORS is permissive by default)', () => {
    expect(tokenRequestProblem({ ...local, origin: 'http://evil.example' })).toMatch(/same origin/);
    expect(tokenRequestProblem({ ...local, origin: 'http://127.0.0.1:4000' })).toMatch(/same origin/);
    expect(tokenRequestProblem({ ...local, secFetchSite: 'cross-site' })).toMatch(/same origin/);
    expect(tokenRequestProblem({ ...local, origin: 'not a url' })).toMatch(/not a URL/);
  });

  it('refuses a Host that is not a loopback name of this port (DNS rebinding)', () => {
    // The rebinding page's Origin equals its Host, so only the Host itself can tell it apart.
    expect(tokenRequestProblem({ ...local, host: 'evil.example:3000', origin: 'http://evil.example:3000' })).toMatch(/loopback Host/);
    for (const host of [
      'evil.example',
      'localhost.evil.example:3000',
      '127.0.0.1.nip.io:3000',
      '127.0.0.2:3000',
      '0.0.0.0:3000',
      '[::ffff:127.0.0.1]:3000',
      '127.0.0.1:4000',
      '127.0.0.1:',
      '127.0.0.1:3000 ',
      undefined,
    ]) {
      expect(tokenRequestProblem({ ...local, host }), String(host)).toMatch(/loopback Host/);
    }
    for (const host of ['localhost:3000', 'LOCALHOST:3000', '127.0.0.1:3000', '[::1]:3000', 'localhost', '127.0.0.1']) {
      expect(tokenRequestProblem({ ...local, host, origin: undefined }), host).toBeNull();
    }
    expect(tokenRequestProblem({ ...local, host: '[::1]:3000', origin: 'http://[::1]:3000' })).toBeNull();
  });

  it('mints only for CDS Hooks paths', () => {
    expect(
      ['/cds-services', '/cds-services/ctc-advisor-patient-view', '/cds-services/ctc-advisor-patient-view/feedback'].every(isCdsPath),
    ).toBe(true);
    expect(
      ['/explain', '/analytics/rules', '/cds-services/../analytics', 'http://x/cds-services', '/cds-services/a/b', 42].some(isCdsPath),
    ).toBe(false);
  });
});
