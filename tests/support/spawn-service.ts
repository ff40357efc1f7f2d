import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/config/config.ts';

export interface SpawnedService {
  readonly child: ChildProcess;
  readonly baseUrl: string;
  /** Resolves when the process has exited. */
  readonly exited: Promise<number | null>;
}

/**
 * The real service as a separate process (`tsx src/main.ts`) on 127.0.0.1 and a free port,
 * for tests that kill it or run two instances. Resolves when it logs `ready`.
 */
export function spawnService(env: Readonly<Record<string, string>>, timeoutMs = 20_000): Promise<SpawnedService> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'src/main.ts')], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, PORT: '0', CTC_HOST: '127.0.0.1', CTC_WATCH_RULES: 'off', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const { stdout } = child;
  if (!stdout) {
    child.kill('SIGKILL');
    return Promise.reject(new Error('the service was spawned without a stdout pipe'));
  }
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`service did not become ready in ${timeoutMs} ms: ${stderr.slice(-2000)}`));
    }, timeoutMs);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`service exited with ${String(code)} before ready: ${stderr.slice(-2000)}`));
    });
    createInterface({ input: stdout }).on('line', (line) => {
      try {
        const entry = JSON.parse(line) as { event?: string; port?: number };
        if (entry.event === 'ready' && entry.port) {
          clearTimeout(timer);
          resolve({ child, baseUrl: `http://127.0.0.1:${entry.port}`, exited });
        }
      } catch {
        // non-JSON output is ignored
      }
    });
  });
}
