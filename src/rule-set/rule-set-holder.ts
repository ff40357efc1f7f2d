import { watch, type FSWatcher } from 'node:fs';
import type { Logger } from 'pino';
import { loadRuleSet, type RuleSet } from './rule-set.ts';
import { loadProblems, type RuleProblem } from '../rules/rule-problems.ts';

export interface RuleSetStatus {
  readonly version: string;
  readonly ruleCount: number;
  readonly loadedAt: string;
  readonly lastReload: {
    readonly at: string;
    readonly ok: boolean;
    readonly durationMs: number;
    readonly problems?: readonly RuleProblem[];
  } | null;
}

/**
 * Holds the serving rule set. A reload loads and checks the whole directory; only a fully valid
 * set is swapped in (one reference assignment, so a request sees either the old or the new set,
 * never a mix). An invalid set leaves the old one serving and the problems visible at /status/rules.
 */
export class RuleSetHolder {
  private currentSet: RuleSet;
  private last: RuleSetStatus['lastReload'] = null;
  private watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly reloadListeners: ((set: RuleSet) => void)[] = [];

  constructor(
    private readonly dir: string,
    private readonly logger: Logger,
  ) {
    this.currentSet = loadRuleSet(dir);
  }

  readonly current = (): RuleSet => this.currentSet;

  reload(): boolean {
    const started = performance.now();
    const at = new Date().toISOString();
    try {
      const next = loadRuleSet(this.dir);
      const changed = next.version !== this.currentSet.version;
      this.currentSet = next;
      this.last = { at, ok: true, durationMs: round(performance.now() - started) };
      this.logger.info(
        { event: 'rules-reloaded', ruleSetVersion: next.version, changed, durationMs: this.last.durationMs },
        'rule set reloaded',
      );
      for (const listener of this.reloadListeners) listener(next);
      return true;
    } catch (error) {
      const problems = loadProblems(error, this.dir);
      this.last = { at, ok: false, durationMs: round(performance.now() - started), problems };
      this.logger.error(
        { event: 'rules-reload-failed', ruleSetVersion: this.currentSet.version, problems },
        'rule set reload failed; previous rule set keeps serving',
      );
      return false;
    }
  }

  /** Called after each successful reload (SIGHUP, watch), with the set now serving; the pipeline thread reloads its own. */
  onReload(listener: (set: RuleSet) => void): void {
    this.reloadListeners.push(listener);
  }

  status(): RuleSetStatus {
    return {
      version: this.currentSet.version,
      ruleCount: this.currentSet.rules.length,
      loadedAt: this.currentSet.loadedAt,
      lastReload: this.last,
    };
  }

  /** Editors write files in bursts (temp file, rename): settle for a moment before reloading. */
  watch(debounceMs = 150): void {
    this.watcher = watch(this.dir, { recursive: true }, () => {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.reload(), debounceMs);
    });
    this.watcher.on('error', (error) => this.logger.warn({ err: error }, 'rules watcher error'));
  }

  close(): void {
    clearTimeout(this.timer);
    this.watcher?.close();
  }
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
