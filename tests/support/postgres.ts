import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

/** A real PostgreSQL server for one test suite; each test can ask for a fresh database on it. */
export interface TestPostgres {
  /** Connection URL of the maintenance database (`postgres`). */
  readonly url: string;
  /** Creates an empty database and returns its URL. */
  newDatabase(): Promise<string>;
  stop(): Promise<void>;
}

/**
 * Uses TEST_DATABASE_URL when set (its role needs CREATEDB); otherwise initdb's a cluster in a
 * temp dir and starts it on 127.0.0.1. Missing binaries are an error, never a skip.
 */
export async function startTestPostgres(env: Readonly<Record<string, string | undefined>> = process.env): Promise<TestPostgres> {
  const external = env.TEST_DATABASE_URL;
  if (external) return withDatabases(external, async () => undefined);
  const bin = findPostgresBin();
  const dir = await mkdtemp(join(tmpdir(), 'ctc-pg-'));
  const asOwner = await ownerFor(dir);
  const dataDir = join(dir, 'data');
  try {
    await asOwner(join(bin, 'initdb'), ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
    const port = await startServer(asOwner, bin, dir, dataDir);
    return withDatabases(`postgresql://postgres@127.0.0.1:${port}/postgres`, async () => {
      await asOwner(join(bin, 'pg_ctl'), ['-D', dataDir, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    });
  } catch (error) {
    await asOwner(join(bin, 'pg_ctl'), ['-D', dataDir, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

function findPostgresBin(): string {
  const debianRoot = '/usr/lib/postgresql';
  const debian = existsSync(debianRoot)
    ? readdirSync(debianRoot)
        .sort((a, b) => Number(b) - Number(a))
        .map((version) => join(debianRoot, version, 'bin'))
    : [];
  const candidates = [...debian, ...(process.env.PATH ?? '').split(delimiter)];
  const found = candidates.find((dir) => dir && existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl')));
  if (!found) {
    throw new Error(
      'PostgreSQL server binaries (initdb, pg_ctl) not found under /usr/lib/postgresql/*/bin or on PATH. ' +
        'Run scripts/ensure-postgres.sh, or set TEST_DATABASE_URL to a server you provide.',
    );
  }
  return found;
}

type Runner = (file: string, args: readonly string[]) => Promise<unknown>;

// postgres refuses to run as root, so as root the cluster belongs to the `postgres` user.
async function ownerFor(dir: string): Promise<Runner> {
  if (process.getuid?.() !== 0) return (file, args) => run(file, [...args]);
  const { stdout: uid } = await run('id', ['-u', 'postgres']);
  const { stdout: gid } = await run('id', ['-g', 'postgres']);
  await chown(dir, Number(uid.trim()), Number(gid.trim()));
  return (file, args) => run('runuser', ['-u', 'postgres', '--', file, ...args]);
}

async function startServer(asOwner: Runner, bin: string, dir: string, dataDir: string): Promise<number> {
  let lastError: unknown;
  // The free port can be taken between probing and binding; try a few.
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const port = await freePort();
    try {
      await asOwner(join(bin, 'pg_ctl'), [
        '-D',
        dataDir,
        '-l',
        join(dir, 'server.log'),
        '-w',
        '-t',
        '30',
        '-o',
        `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c max_connections=200`,
        'start',
      ]);
      return port;
    } catch (error) {
      lastError = error;
    }
  }
  throw new Error(`PostgreSQL did not start (see ${join(dir, 'server.log')}): ${String(lastError)}`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function withDatabases(url: string, shutdown: () => Promise<void>): TestPostgres {
  const created: string[] = [];
  const admin = async <T>(work: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  };
  return {
    url,
    async newDatabase(): Promise<string> {
      const name = `ctc_test_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
      await admin((client) => client.query(`CREATE DATABASE ${name}`));
      created.push(name);
      const target = new URL(url);
      target.pathname = `/${name}`;
      return target.toString();
    },
    async stop(): Promise<void> {
      await admin(async (client) => {
        for (const name of created) await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      }).catch(() => undefined);
      await shutdown();
    },
  };
}
