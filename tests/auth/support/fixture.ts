import { createJwtVerifier, type JwtVerifier } from '../../../src/auth/jwt-verifier.ts';
import type { TrustedClient } from '../../../src/auth/trusted-clients.ts';
import { PUBLIC_BASE_URL } from './app.ts';
import { makeKey, type TestKey } from './tokens.ts';

export const EHR = 'https://ehr.example.org';
export const ES256_EHR = 'https://es256.example.org';
export const EPIC = 'https://fhir.epic.example.org/api/FHIR/R4';
export const TENANT_EHR = 'https://tenant.example.org';

export const DISCOVERY = `${PUBLIC_BASE_URL}/cds-services`;
export const SERVICE = `${PUBLIC_BASE_URL}/cds-services/ctc-advisor-patient-view`;
export const OTHER_SERVICE = `${PUBLIC_BASE_URL}/cds-services/ctc-advisor-order-sign`;

export interface Fixture {
  readonly es384: TestKey;
  readonly rs384: TestKey;
  /** P-256 key published by EHR, which did not opt in to ES256. */
  readonly es256: TestKey;
  readonly es256OptedIn: TestKey;
  readonly epic: TestKey;
  readonly clients: TrustedClient[];
  verifier(): JwtVerifier;
}

export async function buildFixture(): Promise<Fixture> {
  const [es384, rs384, es256, es256OptedIn, epic] = await Promise.all([
    makeKey('ES384'),
    makeKey('RS384'),
    makeKey('ES256'),
    makeKey('ES256'),
    makeKey('RS384'),
  ]);
  const pinned = (...keys: TestKey[]) => ({ kind: 'pinned' as const, jwks: { keys: keys.map((k) => k.publicJwk) } });
  const clients: TrustedClient[] = [
    { iss: EHR, keys: pinned(es384, rs384, es256), allowedJku: [], algorithms: ['ES384', 'RS384'] },
    { iss: ES256_EHR, keys: pinned(es256OptedIn), allowedJku: [], algorithms: ['ES256'] },
    { iss: EPIC, keys: pinned(epic), allowedJku: [], algorithms: ['RS384'] },
    { iss: TENANT_EHR, keys: pinned(es384), allowedJku: [], algorithms: ['ES384'], tenants: ['hospital-a'] },
  ];
  return {
    es384,
    rs384,
    es256,
    es256OptedIn,
    epic,
    clients,
    verifier: () => createJwtVerifier({ clients, clockSkewSeconds: 60, maxTokenLifetimeSeconds: 3600 }),
  };
}
