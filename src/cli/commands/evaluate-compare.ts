import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CliIo } from '../command.ts';
import type { RuleSet } from '../../rule-set/rule-set.ts';
import type { HookName } from '../../rules/rule-file.ts';
import type { ServiceRegistry } from '../../services/service-registry.ts';
import type { Card } from '../../validate/cds-hooks-types.ts';
import { handleServiceCall } from '../../service-call.ts';
import { offlinePipeline } from '../../simulate/offline-pipeline.ts';
import { RULE_EXTENSION } from '../../cards/render-card.ts';
import { requestFor, type Population } from './evaluate-population.ts';
import { entryOf } from '../../util/map-entry.ts';
import { textTable } from '../text-table.ts';

/** How many example patient ids a rule's row carries: enough to open a few in `explain`, no more. */
const EXAMPLES = 5;
/** A progress line on stderr every this many patients, for populations at least this big. */
export const PROGRESS_EVERY = 1_000;

interface Side {
  readonly version: string;
  readonly status: string;
  /** Patients the rule gives a card (returned when active, logged when shadow). */
  readonly patients: number;
}

interface Change {
  readonly count: number;
  readonly examples: readonly string[];
}

export interface RuleComparison {
  readonly id: string;
  readonly baseline: Side | null;
  readonly proposed: Side | null;
  /** Card with the proposed rules, none with the baseline. */
  readonly newly: Change;
  /** Card with the baseline, none with the proposed rules. */
  readonly lost: Change;
  /** A card on both sides, with another indicator. */
  readonly indicatorChanged: {
    readonly count: number;
    readonly examples: readonly { readonly patientId: string; readonly from: string; readonly to: string }[];
  };
}

/** What `evaluate --compare` prints as JSON: counts and the export's own patient ids, no other patient data. */
export interface ComparisonReport {
  readonly hook: HookName;
  readonly evaluatedAt: string;
  readonly population: {
    readonly source: string;
    readonly kind: Population['kind'];
    readonly patients: number;
    readonly evaluated: number;
    readonly failed: number;
  };
  readonly baseline: { readonly rules: string; readonly ruleSetVersion: string };
  readonly proposed: { readonly rules: string; readonly ruleSetVersion: string };
  readonly rulesChanged: number;
  readonly rules: readonly RuleComparison[];
  readonly failures: readonly { readonly patient: string; readonly error: string }[];
}

interface CompareOptions {
  readonly population: Population;
  readonly source: string;
  readonly baseline: { readonly label: string; readonly ruleSet: RuleSet };
  readonly proposed: { readonly label: string; readonly ruleSet: RuleSet };
  readonly services: ServiceRegistry;
  readonly hook: HookName;
  readonly at: Date;
  readonly io: CliIo;
}

/** Per patient, the rules giving a card and its indicator; one request built per patient serves both rule sets. */
export async function compareRuleSets(options: CompareOptions): Promise<ComparisonReport> {
  const { population, services, hook, at, io } = options;
  const service = services.services.find((s) => s.hook === hook);
  if (!service) throw new Error(`no service answers the ${hook} hook`);
  const pipelines = [
    offlinePipeline(options.baseline.ruleSet, services, at),
    offlinePipeline(options.proposed.ruleSet, services, at),
  ] as const;
  const newly = new Map<string, string[]>();
  const lost = new Map<string, string[]>();
  const changed = new Map<string, { patientId: string; from: string; to: string }[]>();
  const reach = [new Map<string, number>(), new Map<string, number>()] as const;
  const failures: { patient: string; error: string }[] = [];
  const push = <T>(map: Map<string, T[]>, id: string, value: T) => {
    entryOf(map, id, () => []).push(value);
  };
  const total = population.patients.length;
  const started = Date.now();
  let done = 0;
  for (const patient of population.patients) {
    done++;
    if (total >= PROGRESS_EVERY && done % PROGRESS_EVERY === 0)
      io.err(`evaluate: ${done}/${total} patients, ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const input = patient.load();
    if (typeof input === 'string') {
      failures.push({ patient: patient.label, error: input });
      continue;
    }
    try {
      const body = requestFor(input, service);
      const [before, after] = await Promise.all([
        handleServiceCall(pipelines[0], service.id, body),
        handleServiceCall(pipelines[1], service.id, body),
      ]);
      const patientId = after.trace.patientId ?? patient.label;
      const cardsBefore = indicatorsByRule(before.trace.cards, before.trace.shadowCards);
      const cardsAfter = indicatorsByRule(after.trace.cards, after.trace.shadowCards);
      for (const [id] of cardsBefore) reach[0].set(id, (reach[0].get(id) ?? 0) + 1);
      for (const [id, indicator] of cardsAfter) {
        reach[1].set(id, (reach[1].get(id) ?? 0) + 1);
        const was = cardsBefore.get(id);
        if (was === undefined) push(newly, id, patientId);
        else if (was !== indicator) push(changed, id, { patientId, from: was, to: indicator });
      }
      for (const [id] of cardsBefore) if (!cardsAfter.has(id)) push(lost, id, patientId);
    } catch (error) {
      failures.push({ patient: patient.label, error: (error as Error).message });
    }
  }
  const side = (set: RuleSet, counts: ReadonlyMap<string, number>, id: string): Side | null => {
    const loaded = set.byId.get(id);
    return loaded?.rule.hooks.includes(hook)
      ? { version: loaded.rule.version, status: loaded.rule.status, patients: counts.get(id) ?? 0 }
      : null;
  };
  const ids = [
    ...new Set(
      [...options.baseline.ruleSet.rules, ...options.proposed.ruleSet.rules]
        .filter((r) => r.rule.hooks.includes(hook))
        .map((r) => r.rule.id),
    ),
  ].sort();
  const rules = ids.map((id): RuleComparison => {
    const change = (list: readonly string[] | undefined): Change => ({
      count: list?.length ?? 0,
      examples: (list ?? []).slice(0, EXAMPLES),
    });
    const shifts = changed.get(id) ?? [];
    return {
      id,
      baseline: side(options.baseline.ruleSet, reach[0], id),
      proposed: side(options.proposed.ruleSet, reach[1], id),
      newly: change(newly.get(id)),
      lost: change(lost.get(id)),
      indicatorChanged: { count: shifts.length, examples: shifts.slice(0, EXAMPLES) },
    };
  });
  return {
    hook,
    evaluatedAt: at.toISOString(),
    population: {
      source: options.source,
      kind: population.kind,
      patients: total,
      evaluated: total - failures.length,
      failed: failures.length,
    },
    baseline: { rules: options.baseline.label, ruleSetVersion: options.baseline.ruleSet.version },
    proposed: { rules: options.proposed.label, ruleSetVersion: options.proposed.ruleSet.version },
    rulesChanged: rules.filter(isChanged).length,
    rules,
    failures,
  };
}

function indicatorsByRule(cards: readonly Card[], shadowCards: readonly Card[]): Map<string, string> {
  const byRule = new Map<string, string>();
  for (const card of [...cards, ...shadowCards]) {
    const id = (card.extension?.[RULE_EXTENSION] as { id?: unknown } | undefined)?.id;
    if (typeof id === 'string' && !byRule.has(id)) byRule.set(id, card.indicator);
  }
  return byRule;
}

/** A rule whose cards, indicator, version or status differ between the two rule sets. */
function isChanged(rule: RuleComparison): boolean {
  return (
    rule.newly.count > 0 ||
    rule.lost.count > 0 ||
    rule.indicatorChanged.count > 0 ||
    rule.baseline?.version !== rule.proposed?.version ||
    rule.baseline?.status !== rule.proposed?.status
  );
}

/** The terminal table: changed rules, then a count of the unchanged ones; example ids under each changed row. */
export function comparisonTable(report: ComparisonReport): string[] {
  const sideText = (s: Side | null) => (s ? `${s.version} ${s.status}` : '(absent)');
  const changedRules = report.rules.filter(isChanged);
  const head = ['rule', 'baseline', 'proposed', 'before', 'after', 'newly', 'lost', 'indicator'];
  const rows = changedRules.map((r) => [
    r.id,
    sideText(r.baseline),
    sideText(r.proposed),
    String(r.baseline?.patients ?? 0),
    String(r.proposed?.patients ?? 0),
    `+${r.newly.count}`,
    `-${r.lost.count}`,
    String(r.indicatorChanged.count),
  ]);
  const table = textTable(head, rows, 3);
  const { population: p } = report;
  const out = [
    `${p.evaluated} patient(s) evaluated (${p.kind === 'bulk-ndjson' ? 'FHIR Bulk Data NDJSON export' : 'folder of bundles'} ${p.source}, hook ${report.hook})${p.failed > 0 ? `, ${p.failed} could not be` : ''}`,
    `baseline: ${report.baseline.rules} (rule set ${report.baseline.ruleSetVersion})`,
    `proposed: ${report.proposed.rules} (rule set ${report.proposed.ruleSetVersion})`,
    '',
  ];
  if (changedRules.length === 0) return [...out, `no rule changes its cards (${report.rules.length} rules compared)`];
  out.push(...table.header);
  for (const [i, r] of changedRules.entries()) {
    out.push(table.lines[i] ?? '');
    if (r.newly.count > 0) out.push(`    newly: ${examples(r.newly)}`);
    if (r.lost.count > 0) out.push(`    lost: ${examples(r.lost)}`);
    if (r.indicatorChanged.count > 0)
      out.push(
        `    indicator: ${r.indicatorChanged.examples.map((e) => `${e.patientId} (${e.from} → ${e.to})`).join(', ')}${r.indicatorChanged.count > r.indicatorChanged.examples.length ? ', …' : ''}`,
      );
  }
  out.push('', `${changedRules.length} rule(s) changed, ${report.rules.length - changedRules.length} unchanged`);
  return out;
}

function examples(change: Change): string {
  return `${change.examples.join(', ')}${change.count > change.examples.length ? ', …' : ''}`;
}

/**
 * `--compare` names a rules folder, or a git ref (`HEAD`, `main`, a tag) whose copy of the proposed
 * rules folder is written to a temporary folder. The caller removes it (`dispose`).
 */
export function resolveCompareRules(spec: string, proposedDir: string): { dir: string; label: string; dispose(): void } | string {
  if (existsSync(spec) && statSync(spec).isDirectory())
    return { dir: path.resolve(spec), label: path.relative(process.cwd(), path.resolve(spec)) || '.', dispose: () => undefined };
  const git = (args: readonly string[], cwd: string) =>
    execFileSync('git', args, { cwd, maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
  let top: string;
  try {
    top = git(['rev-parse', '--show-toplevel'], proposedDir).toString().trim();
  } catch {
    return `--compare ${spec}: no such folder, and ${proposedDir} is not in a git repository`;
  }
  try {
    git(['rev-parse', '--verify', '--quiet', `${spec}^{commit}`], top);
  } catch {
    return `--compare ${spec}: neither a folder nor a git ref`;
  }
  const rel = path.relative(realpathSync(top), realpathSync(proposedDir)).split(path.sep).join('/');
  const names = git(['ls-tree', '-r', '-z', '--name-only', spec, '--', rel || '.'], top)
    .toString()
    .split('\0')
    .filter((n) => n.length > 0);
  if (names.length === 0) return `--compare ${spec}: ${rel}/ does not exist at that ref`;
  const tmp = mkdtempSync(path.join(tmpdir(), 'ctc-compare-'));
  const dir = path.join(tmp, 'rules');
  for (const name of names) {
    const target = path.join(dir, path.relative(rel, name));
    mkdirSync(path.dirname(target), { recursive: true });
    // rules/terminology.json is over a megabyte: the buffer above is sized for it.
    writeFileSync(target, git(['show', `${spec}:${name}`], top));
  }
  return { dir, label: `${spec}:${rel}`, dispose: () => rmSync(tmp, { recursive: true, force: true }) };
}
