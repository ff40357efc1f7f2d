import type { Resource } from 'fhir/r4';

// CDS Hooks 2.0 protocol types. Values that came from the network are only as narrow as
// the ajv schemas in ./schemas prove them to be; FHIR content inside stays loosely typed.

/** Named extension members, keyed by reverse-domain names. https://cds-hooks.hl7.org/2.0/#extensions */
export type Extension = Readonly<Record<string, unknown>>;

/** A FHIR resource we have not narrowed yet (prefetch values, draft orders). */
export type UnvalidatedResource = Readonly<{ resourceType: string; id?: string } & Record<string, unknown>>;

/** https://cds-hooks.hl7.org/2.0/#fhir-resource-access */
interface FhirAuthorization {
  readonly access_token: string;
  readonly token_type: 'Bearer';
  readonly expires_in: number;
  readonly scope: string;
  readonly subject: string;
  readonly patient?: string;
  readonly extension?: Extension;
}

/** The members of a service request that every hook shares. https://cds-hooks.hl7.org/2.0/#http-request_1 */
interface CdsRequestEnvelope {
  readonly hookInstance: string;
  readonly fhirServer?: string;
  readonly fhirAuthorization?: FhirAuthorization;
  /** null means the client had no data for that key. https://cds-hooks.hl7.org/2.0/#prefetch-template */
  readonly prefetch?: Readonly<Record<string, Readonly<Record<string, unknown>> | null>>;
  readonly extension?: Extension;
}

/**
 * A request for a hook this service answers, narrowed by `hook`: validateRequest has checked its
 * context against that hook's schema (./schemas/context-*.schema.json).
 */
export type CdsRequest = PatientViewRequest | OrderSelectRequest | OrderSignRequest;

export interface PatientViewRequest extends CdsRequestEnvelope {
  readonly hook: 'patient-view';
  readonly context: PatientViewContext;
}

export interface OrderSelectRequest extends CdsRequestEnvelope {
  readonly hook: 'order-select';
  readonly context: OrderSelectContext;
}

export interface OrderSignRequest extends CdsRequestEnvelope {
  readonly hook: 'order-sign';
  readonly context: OrderSignContext;
}

/** A well-formed request for a hook with no context schema here: its context is not checked, and no service answers it. */
export interface OtherHookRequest extends CdsRequestEnvelope {
  readonly hook: string;
  readonly context: Readonly<Record<string, unknown>>;
}

// The contexts are type aliases, not interfaces, so that each is also a plain record: a prefetch
// token (`{{context.x}}`) may name any member, including ones these types do not list.

/** https://cds-hooks.hl7.org/hooks/patient-view/ */
export type PatientViewContext = {
  readonly userId: string;
  readonly patientId: string;
  readonly encounterId?: string;
};

/** A Bundle of draft orders, checked only for shape (resourceType on every entry). */
export interface DraftOrdersBundle {
  readonly resourceType: 'Bundle';
  readonly entry: readonly { readonly resource: UnvalidatedResource }[];
}

/** https://cds-hooks.hl7.org/hooks/order-select/ */
export type OrderSelectContext = {
  readonly userId: string;
  readonly patientId: string;
  readonly encounterId?: string;
  readonly selections: readonly string[];
  readonly draftOrders: DraftOrdersBundle;
};

/** https://cds-hooks.hl7.org/hooks/order-sign/ */
export type OrderSignContext = {
  readonly userId: string;
  readonly patientId: string;
  readonly encounterId?: string;
  readonly draftOrders: DraftOrdersBundle;
};

export type HookContext = PatientViewContext | OrderSelectContext | OrderSignContext;

/** https://cds-hooks.hl7.org/2.0/#coding */
export interface Coding {
  readonly system: string;
  readonly code: string;
  readonly display?: string;
}

/** https://cds-hooks.hl7.org/2.0/#source */
export interface Source {
  readonly label: string;
  readonly url?: string;
  readonly icon?: string;
  readonly topic?: Coding;
  readonly extension?: Extension;
}

/** https://cds-hooks.hl7.org/2.0/#action */
export interface Action {
  readonly type: 'create' | 'update' | 'delete';
  readonly description: string;
  readonly resource?: Resource;
  readonly resourceId?: string;
  readonly extension?: Extension;
}

/** https://cds-hooks.hl7.org/2.0/#suggestion */
export interface Suggestion {
  readonly label: string;
  readonly uuid?: string;
  readonly isRecommended?: boolean;
  readonly actions?: readonly Action[];
  readonly extension?: Extension;
}

/** https://cds-hooks.hl7.org/2.0/#link */
export interface Link {
  readonly label: string;
  readonly url: string;
  readonly type: 'absolute' | 'smart';
  readonly appContext?: string;
  readonly autolaunchable?: boolean;
  readonly extension?: Extension;
}

/** https://cds-hooks.hl7.org/2.0/#card-attributes */
export interface Card {
  readonly uuid?: string;
  readonly summary: string;
  readonly detail?: string;
  readonly indicator: 'info' | 'warning' | 'critical';
  readonly source: Source;
  readonly suggestions?: readonly Suggestion[];
  readonly selectionBehavior?: 'at-most-one' | 'any';
  /** Each reason must carry a display (cds-resp-4). */
  readonly overrideReasons?: readonly Coding[];
  readonly links?: readonly Link[];
  readonly extension?: Extension;
}

/** https://cds-hooks.hl7.org/2.0/#cds-service-response */
export interface CdsResponse {
  readonly cards: readonly Card[];
  readonly systemActions?: readonly Action[];
  readonly extension?: Extension;
}

/**
 * One service as the discovery response describes it. https://cds-hooks.hl7.org/2.0/#response
 * Published from a service file's ServiceDefinition (src/services/service-registry.ts), without its private members.
 */
export interface DiscoveryService {
  readonly hook: string;
  readonly title?: string;
  readonly description: string;
  readonly id: string;
  readonly prefetch?: Readonly<Record<string, string>>;
  readonly usageRequirements?: string;
  readonly extension?: Extension;
}

/** https://cds-hooks.hl7.org/2.0/#discovery */
export interface DiscoveryResponse {
  readonly services: readonly DiscoveryService[];
  readonly extension?: Extension;
}
