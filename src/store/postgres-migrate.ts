import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { migrations } from './migrations/migration-list.ts';

/** Arbitrary constant shared by every instance of this service: "CTC_MIGR" folded into a bigint. */
const MIGRATION_LOCK_KEY = 4_354_341_737;

/**
 * Applies pending migrations in one transaction under a transaction-scoped advisory lock, so
 * instances starting together against one database take turns and the later ones find no work.
 */
export async function migratePostgres(pool: Pool, logger?: Logger): Promise<number[]> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`);
    const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
    const applied = new Set(rows.map((row) => row.version));
    const done: number[] = [];
    for (const migration of migrations) {
      if (applied.has(migration.version)) continue;
      await client.query(migration.postgres);
      await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
      done.push(migration.version);
    }
    await client.query('COMMIT');
    if (done.length > 0) logger?.info({ store: 'postgres', migrations: done }, 'schema migrations applied');
    return done;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
