import type { MatrixRow } from './throughput.ts';
import type { ScalingResult } from './scaling.ts';
import type { StartupResult, ReloadResult } from './startup.ts';
import type { AuthRunResult } from './auth-run.ts';
import type { SoakResult } from './soak.ts';
import type { ProfileSummary } from './profile-summary.ts';
import type { StageCosts } from './stages.ts';

const n = (v: number, digits = 1) => v.toFixed(digits);

export function matrixHeader(): string {
  return [
    'scenario'.padEnd(18),
    'c'.padStart(3),
    'target'.padEnd(8),
    'req/s'.padStart(8),
    'p50'.padStart(7),
    'p97.5'.padStart(7),
    'p99'.padStart(7),
    'errors'.padStart(7),
    'non2xx'.padStart(7),
    'cpu ms'.padStart(7),
    'ratio'.padStart(7),
    'cpu ratio'.padStart(9),
  ].join(' ');
}

export function matrixRow(row: MatrixRow): string {
  const line = (target: 'floor' | 'service') => {
    const s = row[target];
    return [
      row.scenario.padEnd(18),
      String(row.connections).padStart(3),
      target.padEnd(8),
      n(s.requestsPerSec, 0).padStart(8),
      n(s.latencyMs.p50, 2).padStart(7),
      n(s.latencyMs.p97_5, 2).padStart(7),
      n(s.latencyMs.p99, 2).padStart(7),
      String(s.errors + s.timeouts).padStart(7),
      String(s.non2xx).padStart(7),
      n(s.cpuMsPerRequest ?? NaN, 3).padStart(7),
      (target === 'service' ? `${n(row.ratio * 100, 0)}%` : '').padStart(7),
      (target === 'service' ? `${n(row.cpuRatio * 100, 0)}%` : '').padStart(9),
    ].join(' ');
  };
  return `${line('floor')}\n${line('service')}`;
}

export function scalingLines(s: ScalingResult): string[] {
  return [
    ...s.points.map(
      (p) =>
        `  ${String(p.observations).padStart(6)} Observations (${n(p.bodyBytes / 1024 / 1024, 2)} MB body): median ${n(p.medianMs, 2)} ms per call, ${n(p.perObservationUs, 1)} µs per Observation`,
    ),
    ...s.marginalUs.map((m) => `  marginal ${m.from}→${m.to}: ${n(m.perObservationUs, 1)} µs per added Observation`),
    `  growth of marginal cost (last ÷ first): ${n(s.growth, 2)} (≈1 = linear)`,
  ];
}

export function startupLines(startup: readonly StartupResult[], reload: ReloadResult | undefined): string[] {
  return [
    ...startup.map(
      (s) =>
        `  start-up (${s.mode}, median of ${s.runs.length}): ${n(s.medianReadyMs, 0)} ms spawn→ready; ${n(s.medianLoggedStartupMs, 0)} ms inside main()`,
    ),
    ...(reload
      ? [
          `  rule-set reload (median of ${reload.samples}): ${n(reload.inProcessMedianMs, 1)} ms in process; ${n(reload.sighupMedianMs, 1)} ms by SIGHUP in the service`,
        ]
      : []),
  ];
}

export function authLines(auth: AuthRunResult, authOff: MatrixRow | undefined): string[] {
  const s = auth.summary;
  return [
    `  typical, c=${auth.connections}, ${auth.calls} calls, one pre-minted ES384 token each: ${n(s.requestsPerSec, 0)} req/s, p50 ${n(s.latencyMs.p50, 2)} / p97.5 ${n(s.latencyMs.p97_5, 2)} / p99 ${n(s.latencyMs.p99, 2)} ms, errors ${s.errors + s.timeouts}, non2xx ${s.non2xx}`,
    ...(authOff
      ? [
          `  vs auth off: ${n((s.requestsPerSec / authOff.service.requestsPerSec) * 100, 0)}% of the throughput, p50 +${n(s.latencyMs.p50 - authOff.service.latencyMs.p50, 2)} ms`,
        ]
      : []),
  ];
}

export function soakLines(soak: SoakResult): string[] {
  return [
    `  ${soak.calls} calls at c=${soak.connections}: errors ${soak.errors}, timeouts ${soak.timeouts}, non2xx ${soak.non2xx}`,
    `  RSS: ${soak.rssMb.map((r) => `${n(r.rssMb, 1)} MB after ${r.afterCalls}`).join(', ')}; peak ${n(soak.peakRssMb, 1)} MB`,
  ];
}

export function profileLines(p: ProfileSummary): string[] {
  return [
    `  ${p.totalMs} ms profiled, ${n(p.idlePercent, 1)}% idle; self time of the busy rest:`,
    '  by area:',
    ...p.byArea.slice(0, 15).map((l) => `    ${n(l.percent, 1).padStart(5)}%  ${l.name}`),
    '  top functions:',
    ...p.topFunctions.map((l) => `    ${n(l.percent, 1).padStart(5)}%  ${l.name}`),
  ];
}

export function stageLines(stages: Readonly<Record<string, StageCosts>>): string[] {
  return Object.entries(stages).map(([name, costs]) => {
    const total = Object.values(costs).reduce((a, b) => a + b, 0);
    return `  ${name.padEnd(8)} ${Object.entries(costs)
      .map(([stage, ms]) => `${stage} ${n(ms, 3)}`)
      .join(' · ')} = ${n(total, 2)} ms`;
  });
}
