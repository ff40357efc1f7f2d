import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import path from 'node:path';
import { PROJECT_ROOT } from '../src/config/config.ts';

/** A server process the bench started, after it logged its `ready` line. */
export interface ReadyProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly baseUrl: string;
  /** Milliseconds from spawn() to the ready line, measured here. */
  readonly readyMs: number;
  /** The ready line itself (the service adds startupMs, ruleSetVersion…). */
  readonly readyLine: Record<string, unknown>;
  /** Every later JSON log line is passed to these listeners (the pipe is always drained). */
  onLine(listener: (entry: Record<string, unknown>) => void): () => void;
  stop(): Promise<number | null>;
}

interface SpawnOptions {
  readonly script: string;
  readonly env?: Readonly<Record<string, string>>;
  /** Extra node flags, e.g. --cpu-prof. */
  readonly nodeArgs?: readonly string[];
  /** Run through tsx (as `npm start` does) or plain node (a precompiled file). */
  readonly tsx?: boolean;
  readonly timeoutMs?: number;
}

/** Starts `node [--import tsx] <script>` on 127.0.0.1 and resolves when it logs `{"event":"ready","port":…}`. */
export function spawnReady(options: SpawnOptions): Promise<ReadyProcess> {
  const started = performance.now();
  const args = [
    ...(options.tsx === false ? [] : ['--import', 'tsx']),
    ...(options.nodeArgs ?? []),
    path.resolve(PROJECT_ROOT, options.script),
  ];
  const child = spawn(process.execPath, args, {
    cwd: PROJECT_ROOT,
    env: { ...process.env, PORT: '0', CTC_HOST: '127.0.0.1', CTC_WATCH_RULES: 'off', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const { stdout, pid } = child;
  if (!stdout || pid === undefined) {
    child.kill('SIGKILL');
    return Promise.reject(new Error(`${options.script} did not start (no process id or no stdout pipe)`));
  }
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const listeners = new Set<(entry: Record<string, unknown>) => void>();
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${options.script} did not become ready: ${stderr}`));
    }, options.timeoutMs ?? 30_000);
    let ready = false;
    void exited.then((code) => {
      clearTimeout(timer);
      if (!ready) reject(new Error(`${options.script} exited with ${String(code)} before ready: ${stderr}`));
    });
    createInterface({ input: stdout }).on('line', (line) => {
      let entry: Record<string, unknown>;
      try {
        entry = JSON.parse(line) as Record<string, unknown>;
      } catch {
        return;
      }
      for (const listener of listeners) listener(entry);
      if (ready || entry.event !== 'ready' || typeof entry.port !== 'number') return;
      ready = true;
      clearTimeout(timer);
      resolve({
        child,
        pid,
        baseUrl: `http://127.0.0.1:${entry.port}`,
        readyMs: performance.now() - started,
        readyLine: entry,
        onLine: (listener) => {
          listeners.add(listener);
          return () => listeners.delete(listener);
        },
        stop: () => {
          if (child.exitCode === null) child.kill('SIGTERM');
          return exited;
        },
      });
    });
  });
}
