import { pino } from 'pino';
import path from 'node:path';
import { PROJECT_ROOT } from '../src/config/config.ts';
import { RuleSetHolder } from '../src/rule-set/rule-set-holder.ts';
import { median } from './throughput.ts';
import { startService, type ServiceMode, type ServiceTarget } from './targets.ts';

export interface StartupResult {
  /** spawn() to the ready log line, measured by the bench (node boot + tsx + imports + compose + listen). */
  readonly medianReadyMs: number;
  /** The service's own startupMs (from main() to listening; excludes node boot and module loading). */
  readonly medianLoggedStartupMs: number;
  readonly runs: readonly { readyMs: number; loggedStartupMs: number }[];
  readonly mode: ServiceMode;
}

/** Starts the service `count` times, each with a fresh data dir (so SQLite migrations run, as on first start). */
export async function measureStartup(count: number, mode: ServiceMode): Promise<StartupResult> {
  const runs: { readyMs: number; loggedStartupMs: number }[] = [];
  for (let i = 0; i < count; i++) {
    const service = await startService({ mode });
    runs.push({ readyMs: round(service.readyMs), loggedStartupMs: Number(service.readyLine.startupMs) });
    await service.close();
  }
  return {
    medianReadyMs: round(median(runs.map((r) => r.readyMs))),
    medianLoggedStartupMs: median(runs.map((r) => r.loggedStartupMs)),
    runs,
    mode,
  };
}

export interface ReloadResult {
  /** RuleSetHolder.reload() in this process: read, validate, lint and compile every rule file. */
  readonly inProcessMedianMs: number;
  /** SIGHUP to the running service under no load, durationMs from its `rules-reloaded` log line. */
  readonly sighupMedianMs: number;
  readonly samples: number;
}

export async function measureReload(service: ServiceTarget, samples: number): Promise<ReloadResult> {
  const holder = new RuleSetHolder(path.join(PROJECT_ROOT, 'rules'), pino({ level: 'silent' }));
  const inProcess: number[] = [];
  for (let i = 0; i < samples; i++) {
    if (!holder.reload()) throw new Error('the active rule set does not reload cleanly');
    const { lastReload } = holder.status();
    if (!lastReload) throw new Error('the rule set reloaded but reports no last reload');
    inProcess.push(lastReload.durationMs);
  }
  const logged: number[] = [];
  for (let i = 0; i < samples; i++) {
    const line = new Promise<Record<string, unknown>>((resolve) => {
      const off = service.onLine((entry) => {
        if (entry.event === 'rules-reloaded' || entry.event === 'rules-reload-failed') {
          off();
          resolve(entry);
        }
      });
    });
    service.child.kill('SIGHUP');
    const entry = await line;
    if (entry.event !== 'rules-reloaded') throw new Error('SIGHUP reload failed in the service');
    logged.push(Number(entry.durationMs));
  }
  return { inProcessMedianMs: round(median(inProcess)), sighupMedianMs: round(median(logged)), samples };
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
