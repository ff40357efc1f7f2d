/**
 * What the SMART app tells a person when it cannot draw the timeline (issue 19): one message per cause
 * a clinician or an EHR admin can act on, never a blank page. Pure, so it is tested without a browser;
 * web/smart/app.js and launch.js show the result.
 */
type SmartFailureKind =
  | 'not-launched'
  | 'denied'
  | 'authorization-error'
  | 'missing-scopes'
  | 'no-patient'
  | 'expired'
  | 'token-refused'
  | 'forbidden'
  | 'unreachable'
  | 'fhir-error'
  | 'unexpected';

interface SmartFailure {
  readonly kind: SmartFailureKind;
  readonly title: string;
  readonly message: string;
}

const RELAUNCH = 'Open the timeline again from the CTC/DTC card in the patient\u2019s chart.';
const ADMIN = 'Ask your EHR administrator to grant the read scopes listed in the app\u2019s registration (docs/smart-app.md).';

/** The authorization server sent the app back with `error` (RFC 6749 §4.1.2.1). */
export function authorizationFailure(error: string, description: string | null): SmartFailure {
  if (error === 'access_denied') {
    return {
      kind: 'denied',
      title: 'Access to the chart was not granted',
      message: `The EHR denied the timeline access to this patient\u2019s record, so nothing was read. ${RELAUNCH} If you did not decline, ask your EHR administrator to allow the app (docs/smart-app.md).`,
    };
  }
  const why = description ? ` (${description})` : '';
  return {
    kind: 'authorization-error',
    title: 'The EHR could not authorize the timeline',
    message: `The EHR\u2019s authorization server answered \u201c${error}\u201d${why}. ${RELAUNCH}`,
  };
}

/** Resource types the app must read but the granted scopes do not cover, in v2 (`.rs`, `.r`) or v1 (`.read`) syntax. */
export function missingReadScopes(granted: string, types: readonly string[]): string[] {
  const scopes = new Set(granted.split(/\s+/).filter(Boolean));
  const reads = (type: string): boolean =>
    [type, '*'].some((t) =>
      ['patient', 'user'].some((ctx) => [...scopes].some((s) => s.startsWith(`${ctx}/${t}.`) && readsIn(s.slice(`${ctx}/${t}.`.length)))),
    );
  return types.filter((t) => !reads(t));
}

/** v1 `read`/`*`, or v2 permissions that include `r` (read) and `s` (search): `rs`, `cruds`. */
function readsIn(permission: string): boolean {
  const bare = permission.split('?')[0] ?? '';
  return bare === 'read' || bare === '*' || (/^c?r?u?d?s?$/.test(bare) && bare.includes('r') && bare.includes('s'));
}

export function missingScopesFailure(types: readonly string[]): SmartFailure {
  return {
    kind: 'missing-scopes',
    title: 'The timeline was not allowed to read the results it needs',
    message: `The EHR granted no read access to ${types.join(', ')} for this patient, so the timeline cannot be drawn without the patient\u2019s ${resourcesInWords(types)}. ${ADMIN}`,
  };
}

/** What a clinician calls each FHIR resource type the app reads (the type itself is for the EHR administrator). */
const RESOURCE_WORDS: Readonly<Record<string, string>> = {
  Patient: 'patient details',
  Observation: 'lab results',
  Condition: 'diagnoses',
  MedicationRequest: 'medication orders',
  MedicationAdministration: 'medications given',
  Procedure: 'procedures',
};

/** `lab results, procedures`: FHIR resource types in words a clinician reads. */
export function resourcesInWords(types: readonly string[]): string {
  return types.map((t) => RESOURCE_WORDS[t] ?? t).join(', ');
}

/** The page was opened directly, not launched by the EHR (no `iss`/`launch`, or fhirclient found no state). */
export const NOT_LAUNCHED: SmartFailure = {
  kind: 'not-launched',
  title: 'Open the timeline from the EHR',
  message: `This page was opened without a launch from the EHR, so it has no patient and no permission to read. ${RELAUNCH}`,
};

export const NO_PATIENT: SmartFailure = {
  kind: 'no-patient',
  title: 'No patient in context',
  message: `The EHR launched the timeline without a patient. ${RELAUNCH}`,
};

/** What went wrong while finishing sign-in or reading FHIR, from the error fhirclient threw. */
export function failureOf(
  error: unknown,
  ctx: { readonly fhirBase: string | undefined; readonly expiresAt: number | undefined; readonly nowSeconds: number },
): SmartFailure {
  const status = typeof error === 'object' && error !== null ? (error as { status?: unknown }).status : undefined;
  const text = error instanceof Error ? error.message : String(error);
  const server = ctx.fhirBase ? `the EHR\u2019s FHIR server (${ctx.fhirBase})` : 'the EHR\u2019s FHIR server';
  if (/No 'state' parameter found|No state found/i.test(text)) return NOT_LAUNCHED;
  if (status === 401) {
    if (ctx.expiresAt !== undefined && ctx.expiresAt <= ctx.nowSeconds) {
      return {
        kind: 'expired',
        title: 'Your session with the EHR has expired',
        message: `The access the EHR gave the timeline has expired (${server} answered 401). ${RELAUNCH}`,
      };
    }
    return {
      kind: 'token-refused',
      title: 'The EHR\u2019s FHIR server refused the timeline\u2019s access',
      message: `${capital(server)} answered 401 Unauthorized: the access token was not accepted, or has expired. ${RELAUNCH}`,
    };
  }
  if (status === 403) {
    return {
      kind: 'forbidden',
      title: 'The timeline was not allowed to read this patient\u2019s results',
      message: `${capital(server)} answered 403 Forbidden. ${ADMIN}`,
    };
  }
  if (typeof status === 'number') {
    return {
      kind: 'fhir-error',
      title: 'The EHR\u2019s FHIR server could not answer',
      message: `${capital(server)} answered HTTP ${status}. Try again in a moment; if it persists, tell your EHR administrator.`,
    };
  }
  if (error instanceof TypeError || /Failed to fetch|NetworkError|Load failed/i.test(text)) {
    return {
      kind: 'unreachable',
      title: 'The EHR\u2019s FHIR server cannot be reached',
      message: `The timeline could not connect to ${server}. Check the network connection and try again; if it persists, tell your EHR administrator.`,
    };
  }
  return {
    kind: 'unexpected',
    title: 'The timeline could not be shown',
    message: `Something unexpected happened: ${text.split('\n')[0] ?? ''}. ${RELAUNCH}`,
  };
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
