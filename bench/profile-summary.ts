import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../src/config/config.ts';

interface CpuProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
}

interface CpuProfile {
  readonly nodes: readonly CpuProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
  readonly startTime: number;
}

export interface ProfileLine {
  readonly name: string;
  readonly selfMs: number;
  readonly percent: number;
}

export interface ProfileSummary {
  readonly totalMs: number;
  /** Share of samples where the process was idle (waiting for I/O). */
  readonly idlePercent: number;
  readonly topFunctions: readonly ProfileLine[];
  /** Self time grouped by where the code lives: a src/ folder, a package, or the VM (GC, program). */
  readonly byArea: readonly ProfileLine[];
}

/**
 * Self time per function and per area from a V8 .cpuprofile (written by node --cpu-prof).
 * The profile spans the whole process; samples in the first `skipMs` (start-up) are left out.
 */
export function summarizeProfile(file: string, skipMs: number, top = 20): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  let clock = 0;
  profile.samples.forEach((id, i) => {
    clock += profile.timeDeltas[i] ?? 0;
    if (clock >= skipMs * 1000) selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const functions = new Map<string, number>();
  const areas = new Map<string, number>();
  let totalUs = 0;
  let idleUs = 0;
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (!node) throw new Error(`${file}: a sample of node ${id}, which the profile does not list`);
    const frame = node.callFrame;
    totalUs += us;
    if (frame.functionName === '(idle)') {
      idleUs += us;
      continue;
    }
    const where = shortUrl(frame.url);
    const name = `${frame.functionName || '(anonymous)'} ${where ? `${where}:${frame.lineNumber + 1}` : ''}`.trim();
    functions.set(name, (functions.get(name) ?? 0) + us);
    const area = areaOf(frame.url, frame.functionName);
    areas.set(area, (areas.get(area) ?? 0) + us);
  }
  const busyUs = totalUs - idleUs;
  const lines = (map: Map<string, number>, n: number) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, us]) => ({ name, selfMs: Math.round(us / 100) / 10, percent: Math.round((us / busyUs) * 1000) / 10 }));
  return {
    totalMs: Math.round(totalUs / 1000),
    idlePercent: Math.round((idleUs / totalUs) * 1000) / 10,
    topFunctions: lines(functions, top),
    byArea: lines(areas, 25),
  };
}

function shortUrl(url: string): string {
  return url.replace(/^file:\/\//, '').replace(`${PROJECT_ROOT}/`, '');
}

function areaOf(url: string, functionName: string): string {
  const path = shortUrl(url);
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1];
  if (pkg) return pkg;
  const src = (/^(src\/[^/]+)\//.exec(path) ?? /^(src\/[^/]+\.ts)/.exec(path))?.[1];
  if (src) return src;
  if (path.startsWith('node:')) return `node core (${path.slice(5).split('/')[0]})`;
  if (path === '') return functionName.startsWith('(') ? `V8 ${functionName}` : 'native/builtin';
  return path;
}

interface ThreadProfile {
  readonly file: string;
  /** 'module loader': the thread Node 20 runs tsx's module hooks on (the profile runs src/ through tsx). */
  readonly thread: 'event loop' | 'pipeline thread' | 'store thread' | 'module loader';
  /** The profile's start on the process's monotonic clock (µs), to line threads up. */
  readonly startTimeUs: number;
}

/**
 * The .cpuprofile files node --cpu-prof wrote into `dir`, one per thread (`CPU.<date>.<time>.<pid>.<thread id>.<seq>`,
 * thread id 0 for the main thread), each named by the entry module its frames come from.
 */
export function profileThreads(dir: string): ThreadProfile[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .sort()
    .map((f) => {
      const file = path.join(dir, f);
      const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
      const urls = new Set(profile.nodes.map((n) => n.callFrame.url));
      const has = (name: string) => [...urls].some((u) => u.includes(name));
      const threadId = f.split('.').at(-3);
      const thread =
        threadId === '0'
          ? 'event loop'
          : has('pipeline-thread-main')
            ? 'pipeline thread'
            : has('sqlite-worker-main')
              ? 'store thread'
              : 'module loader';
      return { file, thread, startTimeUs: profile.startTime };
    });
}
