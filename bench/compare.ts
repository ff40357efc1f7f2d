import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../src/config/config.ts';
import { COMPARE_USAGE, buildAt, parseCompareArgs } from './compare-setup.ts';
import { asksForHelp } from './options.ts';
import { LoadDriver } from './driver-client.ts';
import { PATIENT_VIEW_PATH, prefetchRequest, typicalPatient } from './payloads.ts';
import { spawnReady, type ReadyProcess } from './processes.ts';
import { benchServiceEnv, startFloor, untilCallsSettled } from './targets.ts';
import { median } from './throughput.ts';

interface Turn {
  readonly requestsPerSec: number;
  readonly p99: number;
  readonly mainCpuMs: number;
  readonly processCpuMs: number;
  readonly failed: number;
}

const say = (line = '') => process.stdout.write(`${line}\n`);

/** CPU ms so far of a process's main thread and of all its threads (/proc, 10 ms ticks). */
function cpuMs(pid: number): { main: number; all: number } {
  let main = 0;
  let all = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ms = (Number(fields[11]) + Number(fields[12])) * 10;
      all += ms;
      if (tid === String(pid)) main += ms;
    } catch {
      // A thread that ended between the listing and the read.
    }
  }
  return { main, all };
}

/**
 * `npm run bench:compare -- <commit> [<commit>…]`: the typical patient at c=10 against the floor and
 * the service as built from each commit (`worktree` = the working tree), all in one run, taking turns
 * round by round. On a shared machine whose speed drifts by ±10% within minutes, figures from separate
 * runs cannot show a 5% change; turns within one run can. Each commit is checked out with `git archive`
 * into a temp directory that borrows this checkout's node_modules, and built with its own
 * scripts/build-server.mjs (commits from before that script existed cannot be compared).
 * Prints per target the median requests/s, its ratio to the floor, p99, and CPU ms per call of the
 * event loop (the main thread) and of the whole process; writes bench/results/latest-compare.json.
 */
async function main(): Promise<void> {
  if (asksForHelp(process.argv.slice(2))) {
    process.stdout.write(`${COMPARE_USAGE}\n`);
    return;
  }
  const { refs, rounds, durationSec } = parseCompareArgs(process.argv.slice(2));
  const workDir = mkdtempSync(path.join(tmpdir(), 'ctc-compare-'));
  const started: { name: string; server: ReadyProcess }[] = [];
  const driver = new LoadDriver();
  try {
    const bundles = refs.map((ref) => ({ name: ref, script: buildAt(ref, workDir) }));
    started.push({ name: 'floor', server: await startFloor() });
    for (const { name, script } of bundles) {
      const dataDir = mkdtempSync(path.join(workDir, 'data-'));
      const server = await spawnReady({
        script,
        tsx: false,
        env: benchServiceEnv(dataDir),
      });
      await untilCallsSettled(server.baseUrl);
      started.push({ name, server });
    }
    const payload = prefetchRequest('typical', typicalPatient());
    const spec = { path: PATIENT_VIEW_PATH, body: payload.body, connections: 10 };
    say(
      `typical patient, c=10, ${durationSec} s per turn, ${rounds} round(s); targets take turns: ${started.map((s) => s.name).join(', ')}`,
    );
    for (const { server } of started) await driver.run({ ...spec, baseUrl: server.baseUrl, durationSec: 3 });

    const turns = new Map<string, Turn[]>(started.map((s) => [s.name, []]));
    const turnsOf = (name: string): Turn[] => {
      const list = turns.get(name);
      if (!list) throw new Error(`no turns kept for ${name}`);
      return list;
    };
    for (let round = 0; round < rounds; round++) {
      for (const { name, server } of started) {
        const before = cpuMs(server.pid);
        const summary = await driver.run({ ...spec, baseUrl: server.baseUrl, durationSec });
        const after = cpuMs(server.pid);
        const answered = summary.ok + summary.non2xx;
        const turn = {
          requestsPerSec: summary.requestsPerSec,
          p99: summary.latencyMs.p99,
          mainCpuMs: (after.main - before.main) / answered,
          processCpuMs: (after.all - before.all) / answered,
          failed: summary.errors + summary.timeouts + summary.non2xx,
        };
        turnsOf(name).push(turn);
        say(
          `  round ${round + 1} ${name.padEnd(14)} ${turn.requestsPerSec.toFixed(0).padStart(6)} req/s  p99 ${turn.p99} ms  CPU ms/call ${turn.mainCpuMs.toFixed(3)} main, ${turn.processCpuMs.toFixed(3)} process${turn.failed ? `  FAILED ${turn.failed}` : ''}`,
        );
      }
    }
    const floorRate = median(turnsOf('floor').map((t) => t.requestsPerSec));
    const results = [...turns].map(([name, list]) => ({
      name,
      requestsPerSec: median(list.map((t) => t.requestsPerSec)),
      ratioToFloor: median(list.map((t) => t.requestsPerSec)) / floorRate,
      p99: median(list.map((t) => t.p99)),
      mainCpuMs: median(list.map((t) => t.mainCpuMs)),
      processCpuMs: median(list.map((t) => t.processCpuMs)),
      failed: list.reduce((sum, t) => sum + t.failed, 0),
    }));
    say('\nmedians:');
    for (const r of results) {
      say(
        `  ${r.name.padEnd(14)} ${r.requestsPerSec.toFixed(0).padStart(6)} req/s  ${(r.ratioToFloor * 100).toFixed(1).padStart(5)}% of the floor  p99 ${r.p99} ms  CPU ms/call ${r.mainCpuMs.toFixed(3)} main, ${r.processCpuMs.toFixed(3)} process${r.failed ? `  FAILED ${r.failed}` : ''}`,
      );
    }
    const out = path.join(PROJECT_ROOT, 'bench/results/latest-compare.json');
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(
      out,
      `${JSON.stringify({ at: new Date().toISOString(), kind: 'compare', rounds, durationSec, refs, results, turns: Object.fromEntries(turns) }, null, 2)}\n`,
    );
    say(`\nwritten: ${path.relative(PROJECT_ROOT, out)}`);
  } finally {
    driver.close();
    for (const { server } of started) await server.stop();
    rmSync(workDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
