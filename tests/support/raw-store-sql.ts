import { mkdirSync } from 'node:fs';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { Migration } from '../../src/store/migrations/migration.ts';
import type { StoreConfig } from '../../src/store/store-config.ts';

/** SQL behind the store's back, on either back end; statements use `?` placeholders. */
export interface RawStoreSql {
  readonly dialect: 'sqlite' | 'postgres';
  rows<T>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  run(sql: string, params?: readonly unknown[]): Promise<void>;
  /**
   * Applies these migrations and records them in `schema_migrations` as the store did before it
   * recorded checksums (no `checksum` column): opening the store then upgrades the table.
   */
  migrate(migrations: readonly Migration[]): Promise<void>;
  close(): Promise<void>;
}

export async function openRawStoreSql(config: StoreConfig): Promise<RawStoreSql> {
  return config.kind === 'sqlite' ? rawSqlite(config.dataDir, config.file) : rawPostgres(config.databaseUrl);
}

/** Counts rows of a table (name from the test, never from input). */
export async function countRows(raw: RawStoreSql, table: string): Promise<number> {
  const [row] = await raw.rows<{ n: number | string }>(`SELECT COUNT(*) AS n FROM ${table}`);
  return Number(row?.n);
}

function rawSqlite(dataDir: string, file: string): RawStoreSql {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  return {
    dialect: 'sqlite',
    async rows<T>(sql: string, params: readonly unknown[] = []) {
      return db.prepare(sql).all(...params) as T[];
    },
    async run(sql, params = []) {
      db.prepare(sql).run(...params);
    },
    async migrate(migrations) {
      db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
      for (const m of migrations) {
        db.exec(m.sqlite);
        db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
          m.version,
          m.name,
          new Date().toISOString(),
        );
      }
    },
    async close() {
      db.close();
    },
  };
}

async function rawPostgres(url: string): Promise<RawStoreSql> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const numbered = (sql: string): string => {
    let n = 0;
    return sql.replace(/\?/g, () => `$${++n}`);
  };
  return {
    dialect: 'postgres',
    async rows<T>(sql: string, params: readonly unknown[] = []) {
      return (await client.query(numbered(sql), [...params])).rows as T[];
    },
    async run(sql, params = []) {
      await client.query(numbered(sql), [...params]);
    },
    async migrate(migrations) {
      await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`);
      for (const m of migrations) {
        await client.query(m.postgres);
        await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      }
    },
    async close() {
      await client.end();
    },
  };
}
