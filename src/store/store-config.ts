import { join, resolve } from 'node:path';

const SQLITE_FILE_NAME = 'ctc-advisor.sqlite';
const DEFAULT_RETENTION_DAYS = 365;

/** Where decisions and feedback live. PostgreSQL when DATABASE_URL is set, else a SQLite file. */
export type StoreConfig =
  | { readonly kind: 'sqlite'; readonly dataDir: string; readonly file: string; readonly retentionDays: number }
  | { readonly kind: 'postgres'; readonly databaseUrl: string; readonly retentionDays: number };

/**
 * Reads DATABASE_URL, CTC_DATA_DIR (default ./data) and CTC_DECISION_RETENTION_DAYS (default 365).
 * Reports every problem at once; the value is still filled with defaults so callers can list them.
 */
export function parseStoreConfig(env: Readonly<Record<string, string | undefined>>): { value: StoreConfig; problems: string[] } {
  const problems: string[] = [];
  const retentionDays = parseRetention(env['CTC_DECISION_RETENTION_DAYS'], problems);
  const databaseUrl = env['DATABASE_URL']?.trim();
  if (databaseUrl) {
    if (!/^postgres(ql)?:\/\//.test(databaseUrl)) {
      problems.push('DATABASE_URL must be a postgres:// or postgresql:// URL');
    }
    return { value: { kind: 'postgres', databaseUrl, retentionDays }, problems };
  }
  const dataDir = resolve(env['CTC_DATA_DIR']?.trim() || './data');
  return { value: { kind: 'sqlite', dataDir, file: join(dataDir, SQLITE_FILE_NAME), retentionDays }, problems };
}

function parseRetention(raw: string | undefined, problems: string[]): number {
  if (raw === undefined || raw.trim() === '') return DEFAULT_RETENTION_DAYS;
  const days = Number(raw);
  if (!Number.isInteger(days) || days < 1) {
    problems.push(`CTC_DECISION_RETENTION_DAYS must be a whole number of days >= 1 (got "${raw}")`);
    return DEFAULT_RETENTION_DAYS;
  }
  return days;
}
