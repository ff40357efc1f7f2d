/**
 * The `fhirAuthorization` a CDS client sends beside `fhirServer` so the service may read the chart itself
 * (the FHIR fallback): a bearer token for patient/*.read, bound to `patient` when given.
 */
export function fhirAuthorization(accessToken: string, patient?: string): Record<string, unknown> {
  return {
    access_token: accessToken,
    token_type: 'Bearer',
    expires_in: 300,
    scope: 'patient/*.read',
    subject: 'ctc-advisor',
    ...(patient === undefined ? {} : { patient }),
  };
}
