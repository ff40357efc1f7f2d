import type { Problem } from '../validate/validation-result.ts';

/**
 * The one error catalog: code → HTTP status → message. Every error body is
 * `{ error, message, problems? }` (JSON, never HTML, never a stack trace). docs/api-errors.md
 * is checked against this table by a test.
 */
export const ERRORS = {
  invalid_json: { status: 400, message: 'The request body is not valid JSON.' },
  invalid_request: { status: 400, message: 'The request does not follow CDS Hooks 2.0.' },
  hook_mismatch: { status: 400, message: 'The request names a hook this service does not answer.' },
  invalid_feedback: { status: 400, message: 'The feedback body does not follow CDS Hooks 2.0.' },
  unauthorized: { status: 401, message: 'Unauthorized.' },
  forbidden: { status: 403, message: 'Forbidden.' },
  unknown_service: { status: 404, message: 'No CDS service has this id.' },
  not_found: { status: 404, message: 'Not found.' },
  method_not_allowed: { status: 405, message: 'This method is not allowed on this route.' },
  payload_too_large: { status: 413, message: 'The request body is larger than the configured limit.' },
  unknown_card: { status: 422, message: 'Feedback names cards this service did not issue (or has purged); nothing was stored.' },
  unoffered_choice: { status: 422, message: 'Feedback names a suggestion or override reason its card did not offer; nothing was stored.' },
  unsupported_media_type: { status: 415, message: 'Send the request body as application/json.' },
  precondition_failed: { status: 412, message: 'Required FHIR data could be obtained neither from prefetch nor from the FHIR server.' },
  request_timeout: { status: 503, message: 'The request took longer than the configured limit.' },
  internal: { status: 500, message: 'Internal error.' },
} as const satisfies Readonly<Record<string, { status: number; message: string }>>;

export type ErrorCode = keyof typeof ERRORS;

/** The JSON body every error answers with; also how an ApiError crosses between threads (plain data). */
export interface ApiErrorBody {
  readonly error: ErrorCode;
  readonly message: string;
  readonly problems?: readonly Problem[];
}

export class ApiError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    readonly problems?: readonly Problem[],
    detail?: string,
  ) {
    super(detail ?? ERRORS[code].message);
    this.status = ERRORS[code].status;
  }

  toBody(): ApiErrorBody {
    return { error: this.code, message: this.message, ...(this.problems?.length ? { problems: this.problems } : {}) };
  }

  static fromBody(body: ApiErrorBody): ApiError {
    return new ApiError(body.error, body.problems, body.message);
  }
}
