import path from 'node:path';
import type { Resource, ServiceRequest } from 'fhir/r4';
import type { Terminology } from '../../src/normalize/terminology.ts';
import { loadTerminology } from '../../src/rule-set/load-terminology.ts';
import { buildClinicalPicture, type ClinicalPicture } from '../../src/normalize/clinical-picture.ts';
import { computeFacts } from '../../src/facts/fact-catalog.ts';
import type { FactValue } from '../../src/facts/fact-definition.ts';

export const RULES_DIR = path.resolve(import.meta.dirname, '../../rules');
export const terminology: Terminology = loadTerminology(path.join(RULES_DIR, 'terminology.json'));
/** Every test evaluates at this pinned time. */
export const AT = new Date('2026-03-01T00:00:00Z');
export const PID = 'p1';

export function picture(resources: readonly Resource[], map: Terminology = terminology): ClinicalPicture {
  return buildClinicalPicture({ resources, patientId: PID, at: AT }, map);
}

export function facts(resources: readonly Resource[], map: Terminology = terminology): Record<string, FactValue> {
  return computeFacts(picture(resources, map));
}

/** The facts at order-select: `resources` are the chart, `order` the draft order being selected. */
export function factsWithDraftOrder(resources: readonly Resource[], order: ServiceRequest): Record<string, FactValue> {
  const orders = [{ ref: `ServiceRequest/${order.id}`, resource: order as unknown as Record<string, unknown> }];
  return computeFacts(buildClinicalPicture({ resources, patientId: PID, at: AT, orders }, terminology));
}

export function noteCodes(p: ClinicalPicture): string[] {
  return p.notes.map((n) => n.code);
}
