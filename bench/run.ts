import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFhirServer } from '../tests/support/fhir-server.ts';
import { LoadDriver } from './driver-client.ts';
import { USAGE, asksForHelp, parseOptions, type BenchOptions } from './options.ts';
import {
  FHIR_ACCESS_TOKEN,
  PATIENT_VIEW_PATH,
  fallbackRequest,
  heavyPatient,
  prefetchRequest,
  typicalPatient,
  type Payload,
} from './payloads.ts';
import { allResources } from './synthetic-patient.ts';
import { buildServerBundle, startFloor, startService } from './targets.ts';
import { runMatrix } from './throughput.ts';
import { runScaling } from './scaling.ts';
import { measureReload, measureStartup } from './startup.ts';
import { runWithAuth } from './auth-run.ts';
import { measureStages } from './stages.ts';
import { runSoak } from './soak.ts';
import { profileThreads, summarizeProfile } from './profile-summary.ts';
import { budgetLines, checkBudgets } from './budgets.ts';
import { authLines, matrixHeader, matrixRow, profileLines, scalingLines, soakLines, stageLines, startupLines } from './report.ts';

const RESULTS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');
const say = (line = '') => process.stdout.write(`${line}\n`);

function machine() {
  return {
    nproc: os.availableParallelism(),
    cpu: os.cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 1024 ** 3),
    node: process.version,
    platform: `${os.type()} ${os.release()}`,
  };
}

/** One call per scenario before timing: a bench that measures 4xx answers measures nothing. */
async function checkAnswers(serviceUrl: string, payloads: readonly Payload[]): Promise<void> {
  for (const p of payloads) {
    const res = await fetch(`${serviceUrl}${PATIENT_VIEW_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: p.body,
    });
    const body = (await res.json()) as { cards?: unknown[] };
    if (res.status !== 200) throw new Error(`${p.name}: the service answered ${res.status}: ${JSON.stringify(body).slice(0, 500)}`);
    say(`  ${p.name}: 200, ${body.cards?.length ?? 0} card(s), ${(Buffer.byteLength(p.body) / 1024).toFixed(0)} KB body`);
  }
}

async function main(options: BenchOptions): Promise<Record<string, unknown>> {
  const driver = new LoadDriver();
  const typical = typicalPatient();
  const fhir = await startFhirServer({ resources: allResources(typical), requiredBearerToken: FHIR_ACCESS_TOKEN });
  const floor = await startFloor();
  const service = await startService();
  try {
    const typicalCall = prefetchRequest('typical', typical);
    const heavyCall = prefetchRequest('heavy', heavyPatient());
    const scenarios = [typicalCall, heavyCall, fallbackRequest('fhir-fallback', typical, fhir.baseUrl)];
    say(
      `service ${service.baseUrl} (pid ${service.pid}, rule set ${String(service.readyLine.ruleSetVersion)}, auth off), floor ${floor.baseUrl}`,
    );
    await checkAnswers(service.baseUrl, scenarios);
    say(`\nthroughput: ${options.durationSec} s per run, ${options.rounds} round(s), floor and service alternating`);
    say(matrixHeader());
    const matrix = await runMatrix(driver, { floor, service }, scenarios, {
      durationSec: options.durationSec,
      warmupSec: options.warmupSec,
      rounds: options.rounds,
      connections: [1, 10],
      onRow: (row) => say(matrixRow(row)),
    });
    const peakRssMb = service.peakRssMb();
    say(`  service peak RSS during the matrix: ${peakRssMb} MB`);
    say('\nscaling (one call at a time, full prefetch):');
    const scaling = await runScaling(service.baseUrl, [100, 1_000, 10_000], options.scalingCalls);
    for (const l of scalingLines(scaling)) say(l);
    say('\npipeline stages in process (median ms per call, no HTTP, no store):');
    const stages = {
      typical: await measureStages(typicalCall, options.quick ? 50 : 300),
      heavy: await measureStages(heavyCall, options.quick ? 5 : 30),
    };
    for (const l of stageLines(stages)) say(l);
    const reload = await measureReload(service, options.reloadSamples);
    await service.close();
    await floor.stop();
    await fhir.stop();

    say('\nauthentication on (CTC_AUTH=required, dev client):');
    const auth = await runWithAuth(driver, typicalCall, options.authCalls);
    const authOff = matrix.find((r) => r.scenario === 'typical' && r.connections === 10);
    for (const l of authLines(auth, authOff)) say(l);

    say('\nstart-up and reload:');
    const bundle = await measureStartup(options.startupRuns, 'bundle');
    const tsx = await measureStartup(options.startupRuns, 'tsx');
    for (const l of startupLines([bundle, tsx], reload)) say(l);
    const budgets = checkBudgets({
      matrix,
      readyMs: bundle.medianReadyMs,
      reloadMs: Math.max(reload.inProcessMedianMs, reload.sighupMedianMs),
    });
    say('\nbudgets (issue 9; the soak budget is checked by --soak):');
    for (const l of budgetLines(budgets)) say(l);
    return { kind: 'main', options, matrix, peakRssMb, scaling, stages, reload, auth, startup: [bundle, tsx], budgets };
  } finally {
    driver.close();
    await service.close();
    await floor.stop();
    await fhir.stop();
  }
}

async function soak(options: BenchOptions): Promise<Record<string, unknown>> {
  const driver = new LoadDriver();
  const service = await startService();
  try {
    const payload = prefetchRequest('typical', typicalPatient());
    await checkAnswers(service.baseUrl, [payload]);
    say(`soak: ${options.soakCalls} typical calls at c=10 against pid ${service.pid}`);
    const result = await runSoak(driver, service, payload, options.soakCalls);
    for (const l of soakLines(result)) say(l);
    const last = result.rssMb.at(-1);
    if (!last) throw new Error('the soak recorded no RSS reading');
    const budgets = checkBudgets({ soakRssMb: last.rssMb });
    for (const l of budgetLines(budgets)) say(l);
    if (result.errors + result.timeouts + result.non2xx > 0) process.exitCode = 1;
    return { kind: 'soak', options, soak: result, budgets };
  } finally {
    driver.close();
    await service.close();
  }
}

async function profile(options: BenchOptions): Promise<Record<string, unknown>> {
  const driver = new LoadDriver();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ctc-bench-prof-'));
  const spawnedAt = performance.now();
  // Through tsx, so the profile's frames name src/ files rather than the bundle.
  const service = await startService({ mode: 'tsx', nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`] });
  const typical = typicalPatient();
  const fhir = await startFhirServer({ resources: allResources(typical), requiredBearerToken: FHIR_ACCESS_TOKEN });
  const payload =
    options.scenario === 'heavy'
      ? prefetchRequest('heavy', heavyPatient())
      : options.scenario === 'fhir-fallback'
        ? fallbackRequest('fhir-fallback', typical, fhir.baseUrl)
        : prefetchRequest('typical', typical);
  let skipMs = 0;
  try {
    await checkAnswers(service.baseUrl, [payload]);
    // Start-up and the warm-up are left out of the summary; the load is what we profile.
    await driver.run({
      baseUrl: service.baseUrl,
      path: PATIENT_VIEW_PATH,
      body: payload.body,
      connections: 10,
      durationSec: options.warmupSec,
    });
    skipMs = performance.now() - spawnedAt;
    const load = await driver.run({
      baseUrl: service.baseUrl,
      path: PATIENT_VIEW_PATH,
      body: payload.body,
      connections: 10,
      durationSec: options.durationSec,
    });
    say(`profiled load (${payload.name}): ${load.requestsPerSec.toFixed(0)} req/s (slower than unprofiled)`);
  } finally {
    driver.close();
    await service.close(); // the profile is written when the process exits
    await fhir.stop();
  }
  // One profile per thread: the event loop's, the pipeline thread's and the SQLite store's.
  const threads = profileThreads(dir);
  const origin = threads.find((t) => t.thread === 'event loop');
  if (!origin) throw new Error(`no profile of the event loop in ${dir}`);
  const summaries = threads
    .filter((t) => t.thread !== 'module loader')
    .map((t) => {
      // Each thread's profile starts when the thread does: skip the same start-up and warm-up span.
      const summary = summarizeProfile(t.file, skipMs - (t.startTimeUs - origin.startTimeUs) / 1000);
      say(`\n${t.thread}:`);
      for (const l of profileLines(summary)) say(l);
      say(`  raw profile: ${t.file} (open in Chrome DevTools → Performance)`);
      return { thread: t.thread, file: t.file, profile: summary };
    });
  return {
    kind: 'profile',
    options,
    scenario: payload.name,
    profile: summaries.find((s) => s.thread === 'event loop')?.profile,
    threads: summaries,
  };
}

if (asksForHelp(process.argv.slice(2))) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const options = parseOptions(process.argv.slice(2));
say(`CTC Advisor bench (${options.mode}${options.quick ? ', quick' : ''}) on ${JSON.stringify(machine())}\n`);
const run = { main, soak, profile }[options.mode];
// The service runs as `npm start` runs it: the bundle built from the current src/.
buildServerBundle();
run(options)
  .then((result) => {
    mkdirSync(RESULTS_DIR, { recursive: true });
    const name = options.mode === 'main' ? 'latest.json' : `latest-${options.mode}.json`;
    writeFileSync(
      path.join(RESULTS_DIR, name),
      `${JSON.stringify({ at: new Date().toISOString(), machine: machine(), ...result }, null, 2)}\n`,
    );
    say(`\nwritten: bench/results/${name}`);
    process.exit(process.exitCode ?? 0);
  })
  .catch((error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
