import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import type { Coding } from './cds-hooks-types.ts';
import { problemsFromAjv } from './problems-from-ajv.ts';
import type { Problem, ValidationResult } from './validation-result.ts';
import feedbackSchema from './schemas/feedback.schema.json' with { type: 'json' };

/** https://cds-hooks.hl7.org/2.0/#feedback */
interface FeedbackRequest {
  readonly feedback: readonly FeedbackItem[];
}

/** CDS Hooks 2.0 §Feedback: one clinician action on one card. */
export interface FeedbackItem {
  readonly card: string;
  readonly outcome: 'accepted' | 'overridden';
  readonly acceptedSuggestions?: readonly { readonly id: string }[];
  readonly overrideReason?: { readonly reason?: Coding; readonly userComment?: string };
  /** RFC 3339 instant, kept as sent. */
  readonly outcomeTimestamp: string;
  readonly extension?: Readonly<Record<string, unknown>>;
}

// strictRequired is off because the if/then invariants name members defined one level up.
const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true, verbose: true });
addFormats.default(ajv, ['uuid', 'date-time']);
const feedbackValidator = ajv.compile<FeedbackRequest>(feedbackSchema);

// The if/then invariants surface as a plain "is required"; give them their spec wording.
const INVARIANTS: readonly { readonly path: RegExp; readonly message: string }[] = [
  { path: /^\/feedback\/\d+\/acceptedSuggestions$/, message: 'is required when outcome is accepted (cds-fb-2)' },
  { path: /^\/feedback\/\d+\/overrideReason\/userComment$/, message: 'is required when overrideReason has no reason (cds-fb-3)' },
];

/**
 * Checks a feedback body against CDSHooksFeedback and cds-fb-1..3. Card and suggestion uuids
 * come back lower-case without a `urn:uuid:` prefix, the form in which the service issued them.
 */
export function validateFeedback(body: unknown): ValidationResult<FeedbackRequest> {
  if (feedbackValidator(body)) return { ok: true, value: { feedback: body.feedback.map(normalizeItem) } };
  return { ok: false, problems: problemsFromAjv(feedbackValidator.errors).map(withInvariantWording) };
}

function withInvariantWording(problem: Problem): Problem {
  if (problem.message !== 'is required') return problem;
  const invariant = INVARIANTS.find((entry) => entry.path.test(problem.path));
  return invariant ? { path: problem.path, message: invariant.message } : problem;
}

function normalizeItem(item: FeedbackItem): FeedbackItem {
  const normalized: FeedbackItem = { ...item, card: normalizeUuid(item.card) };
  if (!item.acceptedSuggestions) return normalized;
  return { ...normalized, acceptedSuggestions: item.acceptedSuggestions.map((s) => ({ ...s, id: normalizeUuid(s.id) })) };
}

function normalizeUuid(value: string): string {
  return value.replace(/^urn:uuid:/i, '').toLowerCase();
}
