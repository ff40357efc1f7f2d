// The browser's port of src/simulate/ehr-request.ts (requestFromBundle): the CDS Hooks request an
// EHR sends for a patient held in a FHIR Bundle, prefetch filled per the service's discovered
// templates. tests/sandbox/ehr-request-parity.test.ts keeps the two in step.

/** @param {any} bundle */
export function resourcesOf(bundle) {
  return (Array.isArray(bundle?.entry) ? bundle.entry : [])
    .map((e) => e?.resource)
    .filter((r) => r && typeof r === 'object' && typeof r.resourceType === 'string');
}

function uuid() {
  return globalThis.crypto.randomUUID();
}

/**
 * @param {any} bundle a FHIR Bundle
 * @param {{ hook: string, prefetch?: Record<string, string> }} service as listed by discovery
 * @param {{ hookInstance?: string, userId?: string, draftOrders?: any, selections?: string[] }} [options]
 */
export function requestFromBundle(bundle, service, options = {}) {
  const resources = resourcesOf(bundle);
  const patient = resources.find((r) => r.resourceType === 'Patient');
  if (!patient?.id) throw new Error('the Bundle holds no Patient with an id');
  const prefetch = {};
  for (const [key, template] of Object.entries(service.prefetch ?? {})) {
    const type = /^([A-Za-z]+)/.exec(template)?.[1];
    if (!type) continue;
    if (template.startsWith(`${type}/`)) {
      prefetch[key] = type === 'Patient' ? patient : (resources.find((r) => r.resourceType === type) ?? null);
      continue;
    }
    const matches = resources.filter((r) => r.resourceType === type);
    prefetch[key] = {
      resourceType: 'Bundle',
      type: 'searchset',
      total: matches.length,
      entry: matches.map((resource) => ({ fullUrl: `urn:uuid:${resource.id ?? uuid()}`, resource })),
    };
  }
  const context = { userId: options.userId ?? 'Practitioner/example-oncologist', patientId: patient.id };
  if (service.hook === 'order-select') {
    context.draftOrders = options.draftOrders ?? { resourceType: 'Bundle', type: 'collection', entry: [] };
    context.selections = options.selections ?? [];
  }
  // order-sign: the orders being signed, all of them; the hook has no selections.
  if (service.hook === 'order-sign') context.draftOrders = options.draftOrders ?? { resourceType: 'Bundle', type: 'collection', entry: [] };
  return { hookInstance: options.hookInstance ?? uuid(), hook: service.hook, context, prefetch };
}
