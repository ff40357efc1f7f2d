import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseStoreConfig } from '../../src/store/store-config.ts';

describe('parseStoreConfig', () => {
  it('defaults to SQLite in ./data with a year of retention', () => {
    expect(parseStoreConfig({})).toEqual({
      value: { kind: 'sqlite', dataDir: resolve('data'), file: resolve('data', 'ctc-advisor.sqlite'), retentionDays: 365 },
      problems: [],
    });
  });

  it('chooses PostgreSQL when DATABASE_URL is set', () => {
    const { value, problems } = parseStoreConfig({ DATABASE_URL: 'postgresql://ctc@db:5432/ctc', CTC_DECISION_RETENTION_DAYS: '90' });
    expect(problems).toEqual([]);
    expect(value).toEqual({ kind: 'postgres', databaseUrl: 'postgresql://ctc@db:5432/ctc', retentionDays: 90 });
  });

  it('reports every problem at once', () => {
    const { problems } = parseStoreConfig({ DATABASE_URL: 'mysql://x', CTC_DECISION_RETENTION_DAYS: '0.5' });
    expect(problems).toHaveLength(2);
    expect(problems.join('\n')).toMatch(/DATABASE_URL/);
    expect(problems.join('\n')).toMatch(/CTC_DECISION_RETENTION_DAYS/);
  });

  it.each(['0', '-3', 'forever', '1e400'])('rejects retention %s', (raw) => {
    expect(parseStoreConfig({ CTC_DECISION_RETENTION_DAYS: raw }).problems).toHaveLength(1);
  });
});
