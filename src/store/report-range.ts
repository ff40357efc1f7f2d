import type { ReportRange } from './decision-store.ts';

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

type RangeResult = { readonly ok: true; readonly value: ReportRange } | { readonly ok: false; readonly problems: readonly string[] };

/**
 * Reads the report bounds a person types: a day `YYYY-MM-DD` (UTC; `to` includes that whole
 * day) or an RFC 3339 instant (used as is; `to` is exclusive). Either may be omitted.
 */
export function parseReportRange(from: string | undefined, to: string | undefined): RangeResult {
  const problems: string[] = [];
  const start = from === undefined ? undefined : parseBound('from', from, false, problems);
  const end = to === undefined ? undefined : parseBound('to', to, true, problems);
  if (start && end && start.getTime() >= end.getTime()) problems.push('from must be before to');
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, value: { ...(start ? { from: start } : {}), ...(end ? { to: end } : {}) } };
}

function parseBound(name: string, raw: string, isEnd: boolean, problems: string[]): Date | undefined {
  const day = DAY.exec(raw);
  if (day) {
    const [year, month, date] = [Number(day[1]), Number(day[2]), Number(day[3])];
    const value = new Date(Date.UTC(year, month - 1, date + (isEnd ? 1 : 0)));
    // Date.UTC rolls 2025-02-30 over into March; reject it instead.
    const check = new Date(Date.UTC(year, month - 1, date));
    if (check.getUTCFullYear() === year && check.getUTCMonth() === month - 1 && check.getUTCDate() === date) return value;
  } else if (INSTANT.test(raw) && !Number.isNaN(Date.parse(raw))) {
    return new Date(raw);
  }
  problems.push(`${name} must be a date YYYY-MM-DD or an RFC 3339 date-time (got "${raw}")`);
  return undefined;
}
