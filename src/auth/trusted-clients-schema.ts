/**
 * JSON Schema of a trusted-clients file (format documented in docs/trusted-clients.md).
 * Rules that need a sentence to explain (one key source, refused algorithms, key URLs)
 * are checked in code after this, so the messages can say why.
 */
const stringList = { type: 'array', items: { type: 'string', minLength: 1 }, uniqueItems: true } as const;

const jwkSetSchema = {
  type: 'object',
  required: ['keys'],
  properties: {
    keys: {
      type: 'array',
      minItems: 1,
      items: { type: 'object', required: ['kty'], properties: { kty: { type: 'string' }, kid: { type: 'string' } } },
    },
  },
} as const;

const clientSchema = {
  type: 'object',
  required: ['iss'],
  additionalProperties: false,
  properties: {
    iss: { type: 'string', minLength: 1 },
    jwks: jwkSetSchema,
    jwksFile: { type: 'string', minLength: 1 },
    jwksUrl: { type: 'string', minLength: 1 },
    allowedJku: stringList,
    algorithms: { ...stringList, minItems: 1 },
    tenants: { ...stringList, minItems: 1 },
    // May be empty: a client that always prefetches everything names no FHIR server.
    fhirServers: stringList,
    description: { type: 'string' },
  },
} as const;

export const trustedClientsFileSchema = {
  type: 'object',
  required: ['clients'],
  additionalProperties: false,
  properties: {
    // A human warning logged at every start-up (the sandbox file uses it).
    warning: { type: 'string' },
    clients: { type: 'array', items: clientSchema },
  },
} as const;

export const jwkSetFileSchema = jwkSetSchema;
