import type BetterSqlite3 from 'better-sqlite3';
import type { Logger } from 'pino';
import { migrations } from './migrations/migration-list.ts';

/**
 * Applies pending migrations in one IMMEDIATE transaction: a second process opening the same
 * file waits on the write lock (busy_timeout) and then finds nothing left to do.
 */
export function migrateSqlite(db: BetterSqlite3.Database, logger?: Logger): number[] {
  const run = db.transaction((): number[] => {
    db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
    const rows = db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[];
    const applied = new Set(rows.map((row) => row.version));
    const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
    const done: number[] = [];
    for (const migration of migrations) {
      if (applied.has(migration.version)) continue;
      db.exec(migration.sqlite);
      record.run(migration.version, migration.name, new Date().toISOString());
      done.push(migration.version);
    }
    return done;
  });
  const done = run.immediate();
  if (done.length > 0) logger?.info({ store: 'sqlite', migrations: done }, 'schema migrations applied');
  return done;
}
