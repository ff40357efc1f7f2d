import { createHash } from 'node:crypto';
import type { Migration } from './migration.ts';

type MigrationDialect = 'sqlite' | 'postgres';

/** A row of `schema_migrations`: no checksum for steps applied before checksums were recorded. */
export interface AppliedMigration {
  readonly version: number;
  readonly checksum: string | null;
}

interface MigrationPlan {
  /** Applied before checksums were recorded: their checksum is recorded now, from the files as they are. */
  readonly unrecorded: readonly Migration[];
  /** Not applied yet, in order. */
  readonly pending: readonly Migration[];
}

/** SHA-256 (hex) of the SQL text a dialect runs for the step, exactly as it is applied. */
export function migrationChecksum(migration: Migration, dialect: MigrationDialect): string {
  return createHash('sha256').update(migration[dialect]).digest('hex');
}

/**
 * Compares the steps a database has applied with the files: a step whose SQL changed since it was
 * applied stops start-up, naming every such file (a released step is never edited: the databases
 * that ran it would differ from those that run the edited text). Steps recorded without a checksum
 * were applied before this check existed; they are trusted on first use and checked from then on.
 */
export function planMigrations(
  migrations: readonly Migration[],
  applied: readonly AppliedMigration[],
  dialect: MigrationDialect,
): MigrationPlan {
  const recorded = new Map(applied.map((row) => [row.version, row.checksum]));
  const unrecorded: Migration[] = [];
  const pending: Migration[] = [];
  const edited: string[] = [];
  for (const migration of migrations) {
    if (!recorded.has(migration.version)) {
      pending.push(migration);
      continue;
    }
    const stored = recorded.get(migration.version);
    const current = migrationChecksum(migration, dialect);
    if (stored === null || stored === undefined) unrecorded.push(migration);
    else if (stored !== current)
      edited.push(
        `migration ${migration.version} (src/store/migrations/${migration.file}) was edited after this database applied it: ` +
          `its ${dialect} SQL now has sha256 ${current}, the database recorded sha256 ${stored}`,
      );
  }
  if (edited.length > 0)
    throw new Error(
      `Refusing to start: ${edited.join('; ')}. A released migration must not change: restore the file as it was ` +
        'released and add a new migration for the change (docs/store.md).',
    );
  return { unrecorded, pending };
}
