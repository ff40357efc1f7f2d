import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DriverReply, LoadSpec, LoadSummary } from './load-spec.ts';

/** The autocannon process: one child for the whole bench, one run at a time. */
export class LoadDriver {
  private readonly child: ChildProcess;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (s: LoadSummary) => void; reject: (e: Error) => void }>();

  constructor() {
    const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'load-driver.ts');
    this.child = fork(script, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.child.on('message', (reply: DriverReply) => {
      const waiting = this.pending.get(reply.id);
      if (!waiting) return;
      this.pending.delete(reply.id);
      if ('summary' in reply) waiting.resolve(reply.summary);
      else waiting.reject(new Error(`load driver: ${reply.error}`));
    });
    this.child.on('exit', (code) => {
      for (const waiting of this.pending.values()) waiting.reject(new Error(`load driver exited with ${String(code)}`));
      this.pending.clear();
    });
  }

  run(spec: LoadSpec): Promise<LoadSummary> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.send({ id, spec });
    });
  }

  close(): void {
    if (this.child.connected) this.child.disconnect();
  }
}
