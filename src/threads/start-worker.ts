import { Worker, type ResourceLimits } from 'node:worker_threads';

/** A worker thread's entry: its TypeScript source, and the file esbuild bundles it to beside main.js. */
interface WorkerEntry {
  /** Relative to the calling module, e.g. `./sqlite-worker-main.ts`. */
  readonly source: string;
  /** Relative to dist/server/main.js, e.g. `./sqlite-worker.js` (scripts/build-server.mjs). */
  readonly bundled: string;
}

/**
 * Starts a worker thread from source (tsx, vitest) or from the esbuild bundle. From source the entry is
 * TypeScript and the fresh isolate needs tsx's loader; tsx's `--import tsx` registers only on the main
 * thread in Node 20, so a small bootstrap registers it through `tsx/esm/api`. In the bundle every
 * module's `import.meta.url` is main.js's, so `callerUrl` then locates the bundled entry.
 */
export function startWorker(callerUrl: string, entry: WorkerEntry, workerData: unknown, resourceLimits?: ResourceLimits): Worker {
  const options = { workerData, ...(resourceLimits ? { resourceLimits } : {}) };
  if (!callerUrl.endsWith('.ts')) return new Worker(new URL(entry.bundled, callerUrl), options);
  const source = new URL(entry.source, callerUrl).href;
  const bootstrap = `import { register } from ${JSON.stringify(import.meta.resolve('tsx/esm/api'))};
register();
await import(${JSON.stringify(source)});`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(bootstrap)}`), options);
}
