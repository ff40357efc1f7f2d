import type BetterSqlite3 from 'better-sqlite3';
import type { Logger } from 'pino';
import { migrationChecksum, planMigrations, type AppliedMigration } from './migrations/migration-checksum.ts';
import { migrations as released } from './migrations/migration-list.ts';
import type { Migration } from './migrations/migration.ts';

/**
 * Applies pending migrations in one IMMEDIATE transaction: a second process opening the same
 * file waits on the write lock (busy_timeout) and then finds nothing left to do. Refuses to start,
 * changing nothing, if the SQL of a step the database applied has changed since (planMigrations).
 */
export function migrateSqlite(db: BetterSqlite3.Database, logger?: Logger, migrations: readonly Migration[] = released): number[] {
  const run = db.transaction(() => {
    db.exec(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL, checksum TEXT)',
    );
    // Databases created before checksums have the table without the column.
    const columns = db.prepare('PRAGMA table_info(schema_migrations)').all() as { name: string }[];
    if (!columns.some((column) => column.name === 'checksum')) db.exec('ALTER TABLE schema_migrations ADD COLUMN checksum TEXT');
    const applied = db.prepare('SELECT version, checksum FROM schema_migrations').all() as AppliedMigration[];
    const { unrecorded, pending } = planMigrations(migrations, applied, 'sqlite');
    // Trust on first use: steps applied before checksums get the checksum of their file as it is now.
    const remember = db.prepare('UPDATE schema_migrations SET checksum = ? WHERE version = ?');
    for (const migration of unrecorded) remember.run(migrationChecksum(migration, 'sqlite'), migration.version);
    const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at, checksum) VALUES (?, ?, ?, ?)');
    for (const migration of pending) {
      db.exec(migration.sqlite);
      record.run(migration.version, migration.name, new Date().toISOString(), migrationChecksum(migration, 'sqlite'));
    }
    return { recorded: unrecorded.map((m) => m.version), done: pending.map((m) => m.version) };
  });
  const { recorded, done } = run.immediate();
  if (recorded.length > 0)
    logger?.info({ store: 'sqlite', migrations: recorded }, 'schema migration checksums recorded (applied before checksums)');
  if (done.length > 0) logger?.info({ store: 'sqlite', migrations: done }, 'schema migrations applied');
  return done;
}
