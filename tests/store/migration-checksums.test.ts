import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import Database from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import type { Migration } from '../../src/store/migrations/migration.ts';
import { migrations } from '../../src/store/migrations/migration-list.ts';
import { openStore } from '../../src/store/open-store.ts';
import { migratePostgres } from '../../src/store/postgres-migrate.ts';
import { migrateSqlite } from '../../src/store/sqlite-migrate.ts';
import type { StoreConfig } from '../../src/store/store-config.ts';
import { countRows, type RawStoreSql } from '../support/raw-store-sql.ts';
import { postgresHarness, sqliteHarness, suiteStores } from '../support/store-harness.ts';

const MIGRATIONS_DIR = new URL('../../src/store/migrations/', import.meta.url);

/** Computed here, not with the code under test: SHA-256 of the exact SQL text of the dialect. */
const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

interface Row {
  readonly version: number;
  readonly checksum: string | null;
  readonly applied_at: unknown;
}

describe('migration files', () => {
  it('each migration names its own file, numbered by its version', async () => {
    const files = readdirSync(MIGRATIONS_DIR).filter((name) => /^\d{3}-.*\.ts$/.test(name));
    expect(migrations.map((m) => m.file)).toEqual(files.sort());
    for (const migration of migrations) {
      expect(migration.file.startsWith(`${String(migration.version).padStart(3, '0')}-`)).toBe(true);
      const module = (await import(new URL(migration.file, MIGRATIONS_DIR).href)) as Record<string, unknown>;
      expect(Object.values(module)).toContain(migration);
    }
  });
});

describe.each([sqliteHarness('worker'), sqliteHarness('caller'), postgresHarness()])('migration checksums on $label', (harness) => {
  const dialect = harness.name;
  const { open, raw } = suiteStores(harness);
  const rows = (sql: RawStoreSql): Promise<Row[]> =>
    sql.rows<Row>('SELECT version, checksum, applied_at FROM schema_migrations ORDER BY version');
  const expected = (list: readonly Migration[]): { version: number; checksum: string }[] =>
    list.map((m) => ({ version: m.version, checksum: sha256(m[dialect]) }));

  /** Runs the migrations of the given (edited) list on the database, as start-up would with those files. */
  const migrateWith = async (config: StoreConfig, list: readonly Migration[]): Promise<number[]> => {
    if (config.kind === 'sqlite') {
      const db = new Database(config.file);
      try {
        return migrateSqlite(db, undefined, list);
      } finally {
        db.close();
      }
    }
    const pool = new pg.Pool({ connectionString: config.databaseUrl, max: 1 });
    try {
      return await migratePostgres(pool, undefined, list);
    } finally {
      await pool.end();
    }
  };

  it('a fresh database records the SHA-256 of each step’s SQL as applied, and opening again changes nothing', async () => {
    const config = await harness.freshConfig();
    await (await open(config)).close();
    const sql = await raw(config);
    const first = await rows(sql);
    expect(first.map(({ version, checksum }) => ({ version, checksum }))).toEqual(expected(migrations));

    await open(config);
    expect(await rows(sql)).toEqual(first);
  });

  it('an edited applied step is refused with its file and both checksums, and nothing changes', async () => {
    const config = await harness.freshConfig();
    await (await open(config)).close();
    const sql = await raw(config);
    const before = await rows(sql);
    const original = migrations[2] as Migration;
    const edited: Migration = { ...original, [dialect]: `${original[dialect]}\n-- edited after release` };
    const next: Migration = {
      version: 99,
      file: '099-next.ts',
      name: 'next',
      sqlite: 'CREATE TABLE next (id INTEGER);',
      postgres: 'CREATE TABLE next (id INTEGER);',
    };

    const refused = migrateWith(config, [...migrations.slice(0, 2), edited, ...migrations.slice(3), next]);

    await expect(refused).rejects.toThrow(
      `migration 3 (src/store/migrations/003-jwt-replay.ts) was edited after this database applied it: ` +
        `its ${dialect} SQL now has sha256 ${sha256(edited[dialect])}, the database recorded sha256 ${sha256(original[dialect])}. ` +
        'A released migration must not change: restore the file as it was released and add a new migration for the change',
    );
    // Refused before anything ran: the next step was not applied.
    expect(await rows(sql)).toEqual(before);
    expect(await migrateWith(config, [...migrations, next])).toEqual([99]);
  });

  it('start-up is refused when a recorded checksum no longer matches the file, naming every such file', async () => {
    const config = await harness.freshConfig();
    await (await open(config)).close();
    const sql = await raw(config);
    const zeros = '0'.repeat(64);
    await sql.run('UPDATE schema_migrations SET checksum = ? WHERE version IN (2, 5)', [zeros]);

    const attempt = openStore(config, undefined, harness.openOptions);

    await expect(attempt).rejects.toThrow(/^Refusing to start: migration 2 \(src\/store\/migrations\/002-drop-evaluation-rule-index\.ts\)/);
    await expect(attempt).rejects.toThrow(
      `the database recorded sha256 ${zeros}; migration 5 (src/store/migrations/005-offered-choices.ts)`,
    );
    await expect(attempt).rejects.toThrow(`its ${dialect} SQL now has sha256 ${sha256((migrations[1] as Migration)[dialect])}`);
  });

  it('a database from before checksums (no checksum column) upgrades, keeps its data, and is checked from then on', async () => {
    const config = await harness.freshConfig();
    const sql = await raw(config);
    // As the store did before this change: the table without the column, steps 1–3 applied.
    await sql.migrate(migrations.filter((m) => m.version <= 3));
    const expires = new Date(Date.now() + 3_600_000);
    await sql.run('INSERT INTO jwt_replay (key, expires_at) VALUES (?, ?)', [
      'seen-before',
      dialect === 'sqlite' ? expires.toISOString() : expires,
    ]);

    const store = await open(config);

    // Steps 1–3 trusted on first use (the files as they are now), 4–5 applied and recorded.
    expect((await rows(sql)).map(({ version, checksum }) => ({ version, checksum }))).toEqual(expected(migrations));
    expect(await countRows(sql, 'jwt_replay')).toBe(1);
    expect(await store.rememberJti('seen-before', expires)).toBe('replayed');
    expect(await store.rememberJti('new', expires)).toBe('fresh');
    await store.close();

    const original = migrations[0] as Migration;
    const edited: Migration = { ...original, [dialect]: `${original[dialect]} ` };
    await expect(migrateWith(config, [edited, ...migrations.slice(1)])).rejects.toThrow(
      /migration 1 \(src\/store\/migrations\/001-initial\.ts\) was edited/,
    );
  });
});
