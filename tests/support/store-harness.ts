import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { DecisionStore } from '../../src/store/decision-store.ts';
import { openStore, type OpenStoreOptions } from '../../src/store/open-store.ts';
import { parseStoreConfig, type StoreConfig } from '../../src/store/store-config.ts';
import { startTestPostgres, type TestPostgres } from './postgres.ts';
import { openRawStoreSql, type RawStoreSql } from './raw-store-sql.ts';

/** One back end as the shared store suites see it: start once, hand out fresh empty stores. */
interface StoreHarness {
  readonly name: 'sqlite' | 'postgres';
  /** Names the variant in test titles (SQLite runs in a worker thread or in the caller's). */
  readonly label: string;
  /** What `openStore` is given for this variant. */
  readonly openOptions: OpenStoreOptions;
  start(): Promise<void>;
  /** Config for a store nobody has used yet (new data dir or new database). */
  freshConfig(): Promise<StoreConfig>;
  /** Reads `schema_migrations` behind the store's back, to check what was applied. */
  appliedMigrations(config: StoreConfig): Promise<number[]>;
  stop(): Promise<void>;
}

/** SQLite as the service opens it (worker thread), or with `sqliteThread: 'caller'` as the CLI does. */
export function sqliteHarness(thread: NonNullable<OpenStoreOptions['sqliteThread']> = 'worker'): StoreHarness {
  const dirs: string[] = [];
  return {
    name: 'sqlite',
    label: thread === 'worker' ? 'sqlite (worker thread)' : 'sqlite (in the calling thread)',
    openOptions: { sqliteThread: thread },
    async start() {},
    async freshConfig() {
      const dir = await mkdtemp(join(tmpdir(), 'ctc-store-'));
      dirs.push(dir);
      return parseStoreConfig({ CTC_DATA_DIR: join(dir, 'data', 'nested') }).value;
    },
    async appliedMigrations(config) {
      if (config.kind !== 'sqlite') throw new Error('not a sqlite config');
      const db = new Database(config.file, { readonly: true });
      try {
        return (db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as { version: number }[]).map((r) => r.version);
      } finally {
        db.close();
      }
    },
    async stop() {
      await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
    },
  };
}

export function postgresHarness(): StoreHarness {
  let server: TestPostgres | undefined;
  return {
    name: 'postgres',
    label: 'postgres',
    openOptions: {},
    async start() {
      server = await startTestPostgres();
    },
    async freshConfig() {
      if (!server) throw new Error('postgres harness not started');
      return parseStoreConfig({ DATABASE_URL: await server.newDatabase() }).value;
    },
    async appliedMigrations(config) {
      if (config.kind !== 'postgres') throw new Error('not a postgres config');
      const client = new pg.Client({ connectionString: config.databaseUrl });
      await client.connect();
      try {
        const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
        return rows.map((r) => r.version);
      } finally {
        await client.end();
      }
    },
    async stop() {
      await server?.stop();
    },
  };
}

/** What a store suite opens in its tests; everything is closed after each test. */
interface SuiteStores {
  /** A store opened as this harness opens it. */
  open(config: StoreConfig): Promise<DecisionStore>;
  /** A plain connection to the same database, to read or change it behind the store's back. */
  raw(config: StoreConfig): Promise<RawStoreSql>;
}

/** Starts the harness for the suite and stops it after; closes every store and raw connection a test opened. */
export function suiteStores(harness: StoreHarness): SuiteStores {
  const opened: DecisionStore[] = [];
  const raws: RawStoreSql[] = [];
  beforeAll(() => harness.start());
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
    await Promise.all(raws.splice(0).map((sql) => sql.close()));
  });
  afterAll(() => harness.stop());
  return {
    async open(config) {
      const store = await openStore(config, undefined, harness.openOptions);
      opened.push(store);
      return store;
    },
    async raw(config) {
      const sql = await openRawStoreSql(config);
      raws.push(sql);
      return sql;
    },
  };
}
