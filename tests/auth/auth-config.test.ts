import { describe, expect, it } from 'vitest';
import { authOffProblem, parseAuthConfig } from '../../src/auth/auth-config.ts';

describe('parseAuthConfig', () => {
  it('defaults: authentication required, dev client on, localhost base URL', () => {
    expect(parseAuthConfig({})).toEqual({
      value: {
        mode: 'required',
        trustedClientsFile: null,
        publicBaseUrl: 'http://localhost:3000',
        publicBaseUrls: ['http://localhost:3000', 'http://127.0.0.1:3000'],
        clockSkewSeconds: 60,
        maxTokenLifetimeSeconds: 3600,
        devClient: true,
      },
      problems: [],
    });
  });

  it('reads every variable and strips the trailing slash of the base URL', () => {
    const { value, problems } = parseAuthConfig({
      CTC_AUTH: 'required',
      CTC_TRUSTED_CLIENTS_FILE: 'config/trusted-clients.json',
      CTC_PUBLIC_BASE_URL: 'https://cds.example.org/ctc/',
      CTC_JWT_CLOCK_SKEW_SECONDS: '30',
      CTC_JWT_MAX_LIFETIME_SECONDS: '600',
      CTC_DEV_CLIENT: 'off',
    });
    expect(problems).toEqual([]);
    expect(value).toMatchObject({
      publicBaseUrl: 'https://cds.example.org/ctc',
      clockSkewSeconds: 30,
      maxTokenLifetimeSeconds: 600,
      devClient: false,
    });
  });

  it('reports every problem at once', () => {
    const { problems } = parseAuthConfig({
      CTC_AUTH: 'maybe',
      CTC_PUBLIC_BASE_URL: 'https://cds.example.org/?x=1',
      CTC_JWT_CLOCK_SKEW_SECONDS: '-5',
      CTC_JWT_MAX_LIFETIME_SECONDS: 'an hour',
      CTC_DEV_CLIENT: 'yes',
    });
    expect(problems).toHaveLength(5);
    expect(problems.join('\n')).toMatch(
      /CTC_AUTH[\s\S]*CTC_JWT_CLOCK_SKEW_SECONDS[\s\S]*CTC_JWT_MAX_LIFETIME_SECONDS[\s\S]*CTC_DEV_CLIENT[\s\S]*CTC_PUBLIC_BASE_URL/,
    );
  });

  it('refuses a configuration that trusts nobody', () => {
    expect(parseAuthConfig({ CTC_DEV_CLIENT: 'off' }).problems).toEqual([expect.stringMatching(/trusts nobody/)]);
    expect(parseAuthConfig({ CTC_PUBLIC_BASE_URL: 'ftp://x' }).problems).toEqual([expect.stringMatching(/http or https/)]);
  });
});

describe('CTC_AUTH=off is honoured only on loopback', () => {
  it.each(['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost', '::ffff:127.0.0.1'])('%s is loopback', (host) => {
    expect(authOffProblem(host)).toBeNull();
  });

  it.each(['0.0.0.0', '::', '10.0.0.5', '192.168.1.2', 'cds.example.org', '', 'localhost.evil.example'])('%s is not', (host) => {
    expect(authOffProblem(host)).toMatch(/CTC_AUTH=off is allowed only/);
  });
});
