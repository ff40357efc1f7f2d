import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { formatProblem, SUPPORTED_HOOKS, validateContext, validateRequest } from '../../src/validate/cds-hooks-validators.ts';
import { loadServiceRegistry } from '../../src/services/service-registry.ts';
import { PROJECT_ROOT } from '../../src/config/config.ts';
import type { ValidationResult } from '../../src/validate/cds-hooks-validators.ts';
import { orderSelectContext, patientViewRequest } from './examples.ts';

function problems<T>(result: ValidationResult<T>): string[] {
  return result.ok ? [] : result.problems.map(formatProblem);
}

describe('validateRequest', () => {
  it('accepts a full patient-view request and returns it typed', () => {
    const result = validateRequest(patientViewRequest());
    expect(problems(result)).toEqual([]);
    expect(result.ok && result.value.fhirAuthorization?.subject).toBe('cds-service4');
  });

  it('accepts unknown members and extensions at the root and in fhirAuthorization', () => {
    const body = patientViewRequest();
    body.extension = { 'org.example.tenant': { region: 'eu' } };
    body.somethingNew = 42;
    body.fhirAuthorization = { ...(body.fhirAuthorization as object), extension: { 'org.example.x': 1 }, id_token: 'x' };
    expect(problems(validateRequest(body))).toEqual([]);
  });

  it('accepts a minimal request for a hook it has no context schema for', () => {
    const body = { hook: 'org.example.custom-hook', hookInstance: 'urn:uuid:d1577c69-dfbe-14ad-ba6d-3e05e953b2ea', context: {} };
    expect(problems(validateRequest(body))).toEqual([]);
  });

  it('reports a missing hook at /hook', () => {
    const body = patientViewRequest();
    delete body.hook;
    expect(problems(validateRequest(body))).toEqual(['/hook: is required']);
  });

  it('reports a numeric hookInstance', () => {
    expect(problems(validateRequest({ ...patientViewRequest(), hookInstance: 12345 }))).toEqual(['/hookInstance: must be a string']);
  });

  it('reports a hookInstance that is not a UUID', () => {
    expect(problems(validateRequest({ ...patientViewRequest(), hookInstance: 'abc' }))).toEqual(['/hookInstance: must be a valid uuid']);
  });

  it('reports a context without patientId under /context', () => {
    const body = patientViewRequest();
    body.context = { userId: 'Practitioner/example' };
    expect(problems(validateRequest(body))).toEqual(['/context/patientId: is required']);
  });

  it('reports fhirAuthorization without fhirServer (cds-r-1)', () => {
    const body = patientViewRequest();
    delete body.fhirServer;
    expect(problems(validateRequest(body))).toEqual(['/fhirServer: is required when fhirAuthorization is present (cds-r-1)']);
  });

  it('reports every missing fhirAuthorization member and a wrong token_type', () => {
    const body = { ...patientViewRequest(), fhirAuthorization: { token_type: 'MAC', expires_in: 1.5 } };
    expect(problems(validateRequest(body))).toEqual([
      '/fhirAuthorization/access_token: is required',
      '/fhirAuthorization/scope: is required',
      '/fhirAuthorization/subject: is required',
      '/fhirAuthorization/token_type: must be "Bearer"',
      '/fhirAuthorization/expires_in: must be an integer',
    ]);
  });

  it('reports a prefetch value that is a string, but allows null', () => {
    const body = patientViewRequest();
    body.prefetch = { patient: 'Patient/p1', other: null };
    expect(problems(validateRequest(body))).toEqual(['/prefetch/patient: must be an object or null']);
  });

  it('reports an extension that is not an object', () => {
    expect(problems(validateRequest({ ...patientViewRequest(), extension: 'x' }))).toEqual(['/extension: must be an object']);
  });

  it('rejects a body that is not an object', () => {
    expect(problems(validateRequest(null))).toEqual(['/: must be an object']);
    expect(problems(validateRequest('hook'))).toEqual(['/: must be an object']);
  });
});

describe('validateContext', () => {
  it('rejects hooks this service does not support', () => {
    expect(problems(validateContext('encounter-start', {}))).toEqual(['/hook: hook encounter-start is not supported by this service']);
  });

  it('checks userId types per hook', () => {
    const context = { userId: 'Patient/p1', patientId: 'p1' };
    expect(problems(validateContext('patient-view', context))).toEqual([]);
    expect(problems(validateContext('order-sign', { ...context, draftOrders: orderSelectContext().draftOrders }))).toEqual([
      '/context/userId: must be a reference like Practitioner/123 (Practitioner or PractitionerRole)',
    ]);
  });

  it('accepts an order-select context and narrows it', () => {
    const result = validateContext('order-select', orderSelectContext());
    expect(problems(result)).toEqual([]);
    expect(result.ok && 'selections' in result.value && result.value.selections).toEqual(['ServiceRequest/sr1']);
  });

  it('reports empty selections, a malformed selection and a draftOrders that is not a Bundle', () => {
    const context = { ...orderSelectContext(), selections: [], draftOrders: { resourceType: 'List', entry: [{ resource: {} }] } };
    expect(problems(validateContext('order-select', context))).toEqual([
      '/context/selections: must not be an empty array (omit the member instead)',
      '/context/draftOrders/resourceType: must be "Bundle"',
      '/context/draftOrders/entry/0/resource/resourceType: is required',
    ]);
    expect(problems(validateContext('order-select', { ...orderSelectContext(), selections: ['sr1'] }))).toEqual([
      '/context/selections/0: must be a reference like MedicationRequest/123',
    ]);
  });

  it('reports a selection that is not among the draft orders', () => {
    const context = { ...orderSelectContext(), selections: ['ServiceRequest/other'] };
    expect(problems(validateContext('order-select', context))).toEqual([
      '/context/selections/0: ServiceRequest/other is not among draftOrders',
    ]);
  });

  it('requires draftOrders on order-sign', () => {
    expect(problems(validateContext('order-sign', { userId: 'Practitioner/1', patientId: 'p1' }))).toEqual([
      '/context/draftOrders: is required',
    ]);
  });
});

describe('service hooks', () => {
  // handleServiceCall relies on validateRequest having checked the context, which it does only for these hooks.
  it('every published service has a hook whose context validateRequest checks', () => {
    const registry = loadServiceRegistry(path.join(PROJECT_ROOT, 'cds-hooks'));
    expect(registry.services.length).toBeGreaterThan(0);
    for (const service of registry.services) expect(SUPPORTED_HOOKS).toContain(service.hook);
  });
});
