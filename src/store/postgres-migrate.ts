import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { migrationChecksum, planMigrations, type AppliedMigration } from './migrations/migration-checksum.ts';
import { migrations as released } from './migrations/migration-list.ts';
import type { Migration } from './migrations/migration.ts';

/** Arbitrary constant shared by every instance of this service: "CTC_MIGR" folded into a bigint. */
const MIGRATION_LOCK_KEY = 4_354_341_737;

/**
 * Applies pending migrations in one transaction under a transaction-scoped advisory lock, so
 * instances starting together against one database take turns and the later ones find no work.
 * Refuses to start, changing nothing, if the SQL of a step the database applied has changed since
 * (planMigrations).
 */
export async function migratePostgres(pool: Pool, logger?: Logger, migrations: readonly Migration[] = released): Promise<number[]> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now(), checksum TEXT)`);
    // Databases created before checksums have the table without the column.
    await client.query('ALTER TABLE schema_migrations ADD COLUMN IF NOT EXISTS checksum TEXT');
    const { rows } = await client.query<AppliedMigration>('SELECT version, checksum FROM schema_migrations');
    const { unrecorded, pending } = planMigrations(migrations, rows, 'postgres');
    // Trust on first use: steps applied before checksums get the checksum of their file as it is now.
    for (const migration of unrecorded) {
      await client.query('UPDATE schema_migrations SET checksum = $1 WHERE version = $2', [
        migrationChecksum(migration, 'postgres'),
        migration.version,
      ]);
    }
    for (const migration of pending) {
      await client.query(migration.postgres);
      await client.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [
        migration.version,
        migration.name,
        migrationChecksum(migration, 'postgres'),
      ]);
    }
    await client.query('COMMIT');
    const recorded = unrecorded.map((m) => m.version);
    const done = pending.map((m) => m.version);
    if (recorded.length > 0)
      logger?.info({ store: 'postgres', migrations: recorded }, 'schema migration checksums recorded (applied before checksums)');
    if (done.length > 0) logger?.info({ store: 'postgres', migrations: done }, 'schema migrations applied');
    return done;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
