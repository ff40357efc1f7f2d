/**
 * Stored feedback is text an EHR sent (override codes and displays): printed raw, an escape sequence in it
 * would reach the operator's terminal (retitle it, hide lines, fake output). C0 and C1 control characters,
 * DEL and the bidirectional overrides (which reorder what the eye sees) are shown as `\u` escapes instead.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this pattern's purpose.
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

const escaped = (c: string): string => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** Text for a terminal line: every unprintable character as a visible `\uXXXX`. */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, escaped);
}

/** Inside JSON strings JSON.stringify already escapes C0; outside them C0 is only the layout's newlines. */
const UNPRINTABLE_IN_JSON = /[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** JSON for a terminal: JSON.stringify leaves DEL, C1 and bidi overrides raw; this escapes those too (still valid JSON, same value). */
export function printableJson(json: string): string {
  return json.replace(UNPRINTABLE_IN_JSON, escaped);
}
