/**
 * `Date.parse`, with the form nearly every EHR sends (`2024-05-01T09:30:00Z`) read digit by digit:
 * Date.parse was a tenth of the picture's time. Any other text, or a field out of range, goes to
 * Date.parse itself, so every answer is Date.parse's (tests/normalize/instant.test.ts checks both ways).
 */
export function parseInstant(text: string): number {
  if (typeof text !== 'string' || text.length !== 20 || text.charCodeAt(19) !== 90 /* Z */) return Date.parse(text);
  if (text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || text.charCodeAt(10) !== 84 || text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) return Date.parse(text);
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  const second = digits(text, 17, 2);
  // Years below 100 would be read as 19xx by Date.UTC; days 29–31 roll over in both, as V8 does.
  if (year < 100 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return Date.parse(text);
  return Date.UTC(year, month - 1, day, hour, minute, second);
}

/** The decimal number in `length` characters from `from`, or -1 if one of them is not a digit 0–9. */
function digits(text: string, from: number, length: number): number {
  let n = 0;
  for (let i = from; i < from + length; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}
