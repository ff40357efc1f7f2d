import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { parseAuthConfig } from '../../src/auth/auth-config.ts';
import { createAuthentication } from '../../src/auth/authentication.ts';
import { TrustedClientsError } from '../../src/auth/trusted-clients.ts';
import { appWith, captureLogger } from './support/app.ts';

const CONFIG = path.resolve(import.meta.dirname, '../../config');

describe('createAuthentication', () => {
  it('npm start default: required, dev client created and trusted, its tokens open the service', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'ctc-authn-'));
    const { logger, lines } = captureLogger();
    const { value } = parseAuthConfig({ CTC_PUBLIC_BASE_URL: 'https://cds.example.org/ctc' });
    const auth = await createAuthentication(value, dataDir, logger);
    if (auth.mode !== 'required' || !auth.devClient) throw new Error('expected required mode with a dev client');
    expect(lines.join('\n')).toMatch(/npx ctc-advisor token/);

    const app = appWith(auth.verifier, logger);
    const token = await auth.devClient.mintToken('https://cds.example.org/ctc/cds-services');
    expect((await request(app).get('/cds-services').set('Authorization', `Bearer ${token}`)).status).toBe(200);
    expect((await request(app).get('/cds-services')).status).toBe(401);
  });

  it('loads the sandbox file, logs its warning, and does not create a dev client when off', async () => {
    const { logger, lines } = captureLogger();
    const { value } = parseAuthConfig({
      CTC_DEV_CLIENT: 'off',
      CTC_TRUSTED_CLIENTS_FILE: path.join(CONFIG, 'trusted-clients.cds-hooks-sandbox.json'),
    });
    const auth = await createAuthentication(value, await mkdtemp(path.join(tmpdir(), 'ctc-authn-')), logger);
    expect(auth).toMatchObject({ mode: 'required', devClient: null, clients: [{ iss: 'https://sandbox.cds-hooks.org' }] });
    expect(lines.join('\n')).toMatch(/PRIVATE KEY IS PUBLISHED/);
  });

  it('refuses a file that claims the dev client issuer', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'ctc-authn-'));
    const file = path.join(dir, 'clients.json');
    await writeFile(
      file,
      JSON.stringify({ clients: [{ iss: 'http://localhost/ctc-advisor-dev-client', jwksUrl: 'https://x.example/jwks' }] }),
    );
    const { value } = parseAuthConfig({ CTC_TRUSTED_CLIENTS_FILE: file });
    await expect(createAuthentication(value, dir, captureLogger().logger)).rejects.toBeInstanceOf(TrustedClientsError);
  });

  it('off mode builds no verifier and says so loudly', async () => {
    const { logger, lines } = captureLogger();
    const { value } = parseAuthConfig({ CTC_AUTH: 'off' });
    expect(await createAuthentication(value, '/nonexistent', logger)).toEqual({ mode: 'off' });
    expect(lines.join('\n')).toMatch(/NOT authenticated/);
  });
});
