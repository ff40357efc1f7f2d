import { describe, expect, it } from 'vitest';
import { scopesFor } from '../../src/smart/smart-scopes.ts';

const SCOPES = { v2: 'launch patient/Observation.rs', v1: 'launch patient/Observation.read' };

describe('the scope syntax the app asks for (SMART v2, with a v1 fallback)', () => {
  it('asks in v2 when the server supports it or says nothing', () => {
    expect(scopesFor(SCOPES, { capabilities: ['launch-ehr', 'permission-v2'] })).toBe(SCOPES.v2);
    expect(scopesFor(SCOPES, { capabilities: ['permission-v1', 'permission-v2'] })).toBe(SCOPES.v2);
    expect(scopesFor(SCOPES, {})).toBe(SCOPES.v2);
    expect(scopesFor(SCOPES, undefined)).toBe(SCOPES.v2);
    expect(scopesFor(SCOPES, { scopes_supported: ['openid', 'patient/Observation.rs', 'patient/Observation.read'] })).toBe(SCOPES.v2);
  });

  it('falls back to v1 when the server speaks v1 only', () => {
    expect(scopesFor(SCOPES, { capabilities: ['launch-ehr', 'permission-v1'] })).toBe(SCOPES.v1);
    expect(scopesFor(SCOPES, { scopes_supported: ['openid', 'launch', 'patient/*.read', 'patient/Observation.read'] })).toBe(SCOPES.v1);
    // Junk in the document is ignored, not trusted.
    expect(scopesFor(SCOPES, { capabilities: 'permission-v1', scopes_supported: [1, null, 'patient/Observation.read'] })).toBe(SCOPES.v1);
  });
});
