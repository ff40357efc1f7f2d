import fc from 'fast-check';
import { Entries } from './json-text.ts';
import { envelope, hostileValue, orHostile, PROTO_KEYS, weirdString } from './hostile-values.ts';
import {
  anyResource,
  codeableConcept,
  condition,
  medicationAdministration,
  medicationRequest,
  observation,
  PATIENT_ID,
  patient,
  prefetchValue,
  procedure,
} from './fhir-arbitraries.ts';

export const PATIENT_VIEW = { id: 'ctc-advisor-patient-view', hook: 'patient-view' } as const;
export const ORDER_SELECT = { id: 'ctc-advisor-order-select', hook: 'order-select' } as const;

interface RequestOptions {
  /** fhirServer values to draw from; each must be harmless to contact (loopback, closed port, non-http scheme). */
  readonly fhirServers: readonly string[];
}

const hookInstance = orHostile(fc.uuid({ version: 4 }), 0.5);

const userId = orHostile(
  fc.oneof(
    { weight: 5, arbitrary: fc.constant('Practitioner/example-oncologist') },
    { weight: 1, arbitrary: fc.constantFrom('PractitionerRole/1', 'Patient/1', 'Practitioner/', 'Device/1') },
  ),
  0.5,
);
const patientId = orHostile(
  fc.oneof({ weight: 6, arbitrary: fc.constant(PATIENT_ID) }, { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z0-9.-]{1,70}$/) }),
  0.5,
);

export const patientViewContext = envelope({ userId, patientId }, { encounterId: orHostile(fc.constantFrom('enc-1', 'enc.2')) });

const serviceRequest = (id: string) =>
  envelope(
    { resourceType: orHostile(fc.constant('ServiceRequest'), 0.2), id: orHostile(fc.constant(id), 0.2) },
    {
      status: orHostile(fc.constantFrom('draft', 'active')),
      code: codeableConcept('order'),
      subject: orHostile(fc.constant({ reference: `Patient/${PATIENT_ID}` })),
    },
  );

/** Two draft orders, sr-1 and sr-2; selections name one or both (and, rarely, one that is not there). */
export const orderSelectContext = envelope(
  {
    userId,
    patientId,
    selections: orHostile(fc.subarray(['ServiceRequest/sr-1', 'ServiceRequest/sr-2'], { minLength: 1 }), 0.3),
    draftOrders: orHostile(
      envelope(
        {
          resourceType: orHostile(fc.constant('Bundle'), 0.2),
          entry: orHostile(
            fc.tuple(serviceRequest('sr-1'), serviceRequest('sr-2')).map((rs) => rs.map((resource) => ({ resource }))),
            0.3,
          ),
        },
        {},
      ),
      0.3,
    ),
  },
  {},
);

const fhirAuthorization = orHostile(
  envelope(
    {
      access_token: orHostile(fc.constantFrom('token-abc', 'with\r\nInjected: header', 'ümlaut', ' ')),
      token_type: orHostile(fc.constant('Bearer')),
      expires_in: orHostile(fc.integer({ min: -1, max: 3600 })),
      scope: orHostile(fc.constant('patient/*.read')),
      subject: orHostile(fc.constant('ctc-advisor')),
    },
    { patient: orHostile(fc.constant(PATIENT_ID)) },
  ),
);

/** Prefetch with keys left out, nulls, OperationOutcomes, odd Bundles and a stray extra key or two. */
const prefetch = fc
  .tuple(
    envelope(
      { conditions: prefetchValue(condition), observations: prefetchValue(observation) },
      {
        patient: prefetchValue(patient),
        medicationRequests: prefetchValue(medicationRequest),
        medicationAdministrations: prefetchValue(medicationAdministration),
        procedures: prefetchValue(procedure),
      },
    ),
    fc.array(
      fc.tuple(fc.oneof(fc.constantFrom(...PROTO_KEYS), fc.string({ maxLength: 8 })), fc.oneof(prefetchValue(anyResource), hostileValue)),
      { maxLength: 1 },
    ),
  )
  .map(([known, extra]) =>
    extra.length > 0 && !(known instanceof Entries) ? new Entries([...Object.entries(known as object), ...extra]) : known,
  );

/** A request body for `service`: mostly the right envelope, with hostility in every member. */
export function requestBody(service: { hook: string }, context: fc.Arbitrary<unknown>, options: RequestOptions): fc.Arbitrary<unknown> {
  const fhirServer = fc.oneof(
    { weight: 2, arbitrary: fc.constant(null) },
    {
      weight: 1,
      arbitrary: fc.oneof({ weight: 15, arbitrary: fc.constantFrom(...options.fhirServers) }, { weight: 1, arbitrary: weirdString }),
    },
  );
  return fc
    .tuple(
      envelope(
        {
          hook: orHostile(
            fc.oneof(
              { weight: 8, arbitrary: fc.constant(service.hook) },
              { weight: 1, arbitrary: fc.constantFrom('patient-view', 'order-select', 'order-sign', 'PATIENT-VIEW') },
            ),
            0.3,
          ),
          hookInstance,
          context: orHostile(context, 0.3),
          prefetch: orHostile(prefetch, 0.3),
        },
        {
          extension: orHostile(fc.dictionary(fc.constantFrom('org.example.x', ...PROTO_KEYS), hostileValue, { maxKeys: 2 }), 0.2),
        },
      ),
      fhirServer,
      fc.option(fhirAuthorization, { freq: 2 }),
    )
    .map(([body, server, auth]) => {
      if (server === null || body instanceof Entries || typeof body !== 'object' || body === null) return body;
      return { ...(body as object), fhirServer: server, ...(auth === null ? {} : { fhirAuthorization: auth }) };
    });
}
