import { randomUUID } from 'node:crypto';
import type { Bundle, FhirResource } from 'fhir/r4';
import type { ServiceDefinition } from '../services/service-registry.ts';

/**
 * Builds the CDS Hooks request an EHR would send for a patient held in a FHIR Bundle: prefetch
 * filled per the service's templates (searchset Bundles of that resource type). Used by the
 * fixtures, `rules test`, `explain`, `evaluate` and the sandbox page, so all of them exercise the
 * same path as a real call.
 */
export function requestFromBundle(
  bundle: Bundle,
  service: ServiceDefinition,
  options: { hookInstance?: string; draftOrders?: Bundle; selections?: readonly string[]; userId?: string } = {},
): Record<string, unknown> {
  const resources = (bundle.entry ?? []).map((e) => e.resource).filter((r): r is FhirResource => r !== undefined);
  const patient = resources.find((r) => r.resourceType === 'Patient');
  if (!patient?.id) throw new Error('the Bundle holds no Patient with an id');
  const prefetch: Record<string, unknown> = {};
  for (const [key, template] of Object.entries(service.prefetch)) {
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
      entry: matches.map((resource) => ({ fullUrl: `urn:uuid:${resource.id ?? randomUUID()}`, resource })),
    };
  }
  const context: Record<string, unknown> = { userId: options.userId ?? 'Practitioner/example-oncologist', patientId: patient.id };
  if (service.hook === 'order-select') {
    context.draftOrders = options.draftOrders ?? { resourceType: 'Bundle', type: 'collection', entry: [] };
    context.selections = options.selections ?? [];
  }
  // order-sign: the orders being signed, all of them; the hook has no selections.
  if (service.hook === 'order-sign') context.draftOrders = options.draftOrders ?? { resourceType: 'Bundle', type: 'collection', entry: [] };
  return { hookInstance: options.hookInstance ?? randomUUID(), hook: service.hook, context, prefetch };
}
