import { describe, expect, it } from 'vitest';
import { fhirServerEntryProblem, isAllowedFhirServer } from '../../src/auth/fhir-server-allow-list.ts';
import { DEV_CLIENT_FHIR_SERVERS } from '../../src/auth/dev-client.ts';

describe('FHIR server allow-list entries', () => {
  it.each([
    ['https://ehr.example.org', 'https://ehr.example.org/fhir/r4', true],
    ['https://ehr.example.org/', 'https://ehr.example.org', true],
    ['https://EHR.example.org', 'https://ehr.example.org/fhir', true],
    ['https://ehr.example.org:443', 'https://ehr.example.org/fhir', true],
    ['https://ehr.example.org', 'https://ehr.example.org:8443/fhir', false],
    ['https://ehr.example.org', 'http://ehr.example.org/fhir', false],
    ['https://ehr.example.org', 'https://ehr.example.org.evil.test/fhir', false],
    ['https://ehr.example.org', 'https://evil.test/https://ehr.example.org', false],
    ['https://ehr.example.org', 'https://ehr.example.org@evil.test/fhir', false],
    ['https://ehr.example.org', 'https://user:pw@ehr.example.org/fhir', false],
    ['https://ehr.example.org/fhir', 'https://ehr.example.org/fhir', true],
    ['https://ehr.example.org/fhir/', 'https://ehr.example.org/fhir/r4/', true],
    ['https://ehr.example.org/fhir', 'https://ehr.example.org/fhir-admin', false],
    ['https://ehr.example.org/fhir', 'https://ehr.example.org/fhir/../admin', false],
    ['https://ehr.example.org/fhir', 'https://ehr.example.org/', false],
    ['http://127.0.0.1:*', 'http://127.0.0.1:40123/fhir/R4', true],
    ['http://127.0.0.1:*', 'http://127.0.0.1/fhir', true],
    ['http://127.0.0.1:*/fhir', 'http://127.0.0.1:9/other', false],
    ['http://127.0.0.1:8080', 'http://127.0.0.1:8081/fhir', false],
    ['http://[::1]:*', 'http://[::1]:5000/fhir', true],
  ])('entry %s, fhirServer %s → %s', (entry, fhirServer, allowed) => {
    expect(fhirServerEntryProblem(entry)).toBeNull();
    expect(isAllowedFhirServer(fhirServer, [entry])).toBe(allowed);
  });

  it('an empty list allows nothing; a value that is not an http(s) URL is never allowed', () => {
    expect(isAllowedFhirServer('https://ehr.example.org/fhir', [])).toBe(false);
    expect(isAllowedFhirServer('not a url', ['https://ehr.example.org'])).toBe(false);
    expect(isAllowedFhirServer('file:///etc/passwd', ['https://ehr.example.org'])).toBe(false);
  });

  it.each([
    ['ehr.example.org', /not an absolute URL/],
    ['ftp://ehr.example.org', /must be an http\(s\) URL/],
    ['https://user:pw@ehr.example.org', /credentials/],
    ['https://ehr.example.org/fhir?x=1', /query or a fragment/],
    ['https://ehr.example.org:*x', /not an absolute URL/],
  ])('the configuration entry %s is refused', (entry, problem) => {
    expect(fhirServerEntryProblem(entry)).toMatch(problem);
  });

  it('the development client may name loopback FHIR servers only', () => {
    expect(isAllowedFhirServer('http://127.0.0.1:40123/fhir/R4', DEV_CLIENT_FHIR_SERVERS)).toBe(true);
    expect(isAllowedFhirServer('http://localhost:8080/fhir', DEV_CLIENT_FHIR_SERVERS)).toBe(true);
    expect(isAllowedFhirServer('https://[::1]/fhir', DEV_CLIENT_FHIR_SERVERS)).toBe(true);
    expect(isAllowedFhirServer('https://fhir.example.org/r4', DEV_CLIENT_FHIR_SERVERS)).toBe(false);
    expect(isAllowedFhirServer('http://127.0.0.2/fhir', DEV_CLIENT_FHIR_SERVERS)).toBe(false);
    expect(isAllowedFhirServer('http://localhost.evil.test/fhir', DEV_CLIENT_FHIR_SERVERS)).toBe(false);
  });
});
