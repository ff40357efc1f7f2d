import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { type CliCommand, type CliIo, usageError } from '../command.ts';
import type { Card } from '../../validate/cds-hooks-types.ts';
import { loadServiceRegistry } from '../../services/service-registry.ts';
import { RULE_EXTENSION } from '../../cards/render-card.ts';
import { handleServiceCall, type CallTrace } from '../../service-call.ts';
import { offlinePipeline } from '../../simulate/offline-pipeline.ts';
import { parseEvaluationArgs } from '../parse-args.ts';
import { loadRuleSetForCli } from '../load-for-cli.ts';
import { readPopulation, requestFor, type Population } from './evaluate-population.ts';
import { comparisonTable, compareRuleSets, PROGRESS_EVERY, resolveCompareRules } from './evaluate-compare.ts';
import type { HookName } from '../../rules/rule-file.ts';
import { textTable } from '../text-table.ts';

const USAGE =
  'evaluate <folder: bundles or a FHIR Bulk Data NDJSON export> [--compare <rules dir or git ref>] [--json] [--out <file>] [--at <date>] [--hook <hook>] [--rules <dir>] [--draft]';

/** One ndjson line: what the service would have done for one patient file. */
export interface PatientResult {
  readonly file: string;
  readonly patientId: string | null;
  readonly hook: string;
  readonly rulesFired: readonly { readonly id: string; readonly version: string; readonly status: string }[];
  readonly cards: readonly CardLine[];
  readonly shadowCards: readonly CardLine[];
  readonly dataQualityNotes: number;
  readonly error?: string;
}

interface CardLine {
  readonly ruleId: string;
  readonly indicator: string;
  readonly summary: string;
}

interface EvaluateArgs {
  readonly folder: string;
  readonly out: string | undefined;
  readonly rules: string | undefined;
  readonly compare: string | undefined;
  readonly draft: boolean;
  readonly json: boolean;
  readonly at: Date;
  readonly hook: HookName;
}

function parseEvaluateArgs(argv: readonly string[]): EvaluateArgs | string {
  const parsed = parseEvaluationArgs(argv, ['out', 'compare'], ['json']);
  if (typeof parsed === 'string') return parsed;
  const { args, at, hook } = parsed;
  const { out, rules, compare } = args.options;
  return {
    folder: path.resolve(args.positionals[0] as string),
    out,
    rules,
    compare,
    draft: args.flags.has('draft'),
    json: args.flags.has('json'),
    at: at ?? new Date(),
    hook: hook ?? 'patient-view',
  };
}

/**
 * `evaluate`: the reach of every rule over a population (a folder of bundles, or a FHIR Bulk Data
 * NDJSON export), before it is switched on; with `--compare`, what a rule change does to it.
 */
export function createEvaluateCommand(root: string): CliCommand {
  return {
    name: 'evaluate',
    summary:
      'run every patient of a folder or Bulk Data export through the rules: how many patients each rule fires for, or (--compare) who would newly get or lose each card',
    usage: USAGE,
    async run(argv, io) {
      const args = parseEvaluateArgs(argv);
      if (typeof args === 'string') return usageError(io, args, USAGE);
      let population: Population;
      try {
        population = await readPopulation(args.folder);
      } catch (error) {
        io.err(`cannot read ${args.folder}: ${(error as Error).message}`);
        return 2;
      }
      for (const note of population.notes) io.err(`${path.relative(process.cwd(), args.folder) || '.'}: ${note}`);
      const ruleSet = loadRuleSetForCli(root, args.rules, args.draft, io);
      if (!ruleSet) return 1;
      const services = loadServiceRegistry(path.join(root, 'cds-hooks'));
      if (args.compare !== undefined) return compare(args, population, ruleSet, services, root, io);
      const service = services.services.find((s) => s.hook === args.hook);
      if (!service) return usageError(io, `no service answers the ${args.hook} hook`, USAGE);
      // One pipeline for the whole population: the rule set is loaded once, each patient only runs through it.
      const pipeline = offlinePipeline(ruleSet, services, args.at);
      const results: PatientResult[] = [];
      const total = population.patients.length;
      for (const [i, patient] of population.patients.entries()) {
        if (total >= PROGRESS_EVERY && (i + 1) % PROGRESS_EVERY === 0) io.err(`evaluate: ${i + 1}/${total} patients`);
        const input = patient.load();
        const failed = (error: string): PatientResult => ({
          file: patient.label,
          patientId: null,
          hook: args.hook,
          rulesFired: [],
          cards: [],
          shadowCards: [],
          dataQualityNotes: 0,
          error,
        });
        if (typeof input === 'string') {
          results.push(failed(input));
          continue;
        }
        try {
          const { trace } = await handleServiceCall(pipeline, service.id, requestFor(input, service));
          results.push(toLine(patient.label, trace));
        } catch (error) {
          results.push(failed((error as Error).message));
        }
      }
      const ndjson = results.map((r) => JSON.stringify(r));
      if (args.out) writeFileSync(path.resolve(args.out), ndjson.map((l) => `${l}\n`).join(''));
      else if (!args.json) for (const line of ndjson) io.out(line);
      const loadedForHook = ruleSet.rules
        .filter((r) => r.rule.hooks.includes(args.hook))
        .map((r) => ({ id: r.rule.id, version: r.rule.version, status: r.rule.status }));
      if (args.json) io.out(JSON.stringify(reachSummary(results, loadedForHook), null, 2));
      else for (const line of reachTable(results, loadedForHook)) io.out(line);
      const errors = results.filter((r) => r.error !== undefined);
      for (const r of errors) io.err(`${r.file}: ${r.error}`);
      return errors.length > 0 ? 1 : 0;
    },
  };
}

/** `--compare`: the proposed rules (`--rules`, default rules/) against a baseline folder or git ref. */
async function compare(
  args: EvaluateArgs,
  population: Population,
  proposed: NonNullable<ReturnType<typeof loadRuleSetForCli>>,
  services: ReturnType<typeof loadServiceRegistry>,
  root: string,
  io: CliIo,
): Promise<number> {
  const proposedDir = args.rules ? path.resolve(args.rules) : path.join(root, 'rules');
  const baselineRules = resolveCompareRules(args.compare as string, proposedDir);
  if (typeof baselineRules === 'string') return usageError(io, baselineRules, USAGE);
  try {
    const baseline = loadRuleSetForCli(root, baselineRules.dir, args.draft, io);
    if (!baseline) return 1;
    const report = await compareRuleSets({
      population,
      source: path.relative(process.cwd(), args.folder) || '.',
      baseline: { label: baselineRules.label, ruleSet: baseline },
      proposed: { label: path.relative(process.cwd(), proposedDir) || '.', ruleSet: proposed },
      services,
      hook: args.hook,
      at: args.at,
      io,
    });
    const json = JSON.stringify(report, null, 2);
    if (args.out) writeFileSync(path.resolve(args.out), `${json}\n`);
    if (args.json) io.out(json);
    else for (const line of comparisonTable(report)) io.out(line);
    for (const f of report.failures) io.err(`${f.patient}: ${f.error}`);
    return report.failures.length > 0 ? 1 : 0;
  } finally {
    baselineRules.dispose();
  }
}

function toLine(file: string, trace: CallTrace): PatientResult {
  return {
    file,
    patientId: trace.patientId ?? null,
    hook: trace.evaluation.hook,
    rulesFired: trace.evaluation.fired.map(({ rule }) => ({ id: rule.id, version: rule.version, status: rule.status })),
    cards: trace.cards.map(cardLine),
    shadowCards: trace.shadowCards.map(cardLine),
    dataQualityNotes: trace.notes.length,
  };
}

function cardLine(card: Card): CardLine {
  const rule = card.extension?.[RULE_EXTENSION] as { id?: string } | undefined;
  return { ruleId: rule?.id ?? 'unknown', indicator: card.indicator, summary: card.summary };
}

/** `--json` without `--compare`: the reach table as data. */
function reachSummary(results: readonly PatientResult[], rules: readonly { id: string; version: string; status: string }[]) {
  const evaluated = results.filter((r) => r.error === undefined).length;
  return {
    patients: results.length,
    evaluated,
    rules: rules.map((rule) => ({ ...rule, patients: results.filter((r) => r.rulesFired.some((f) => f.id === rule.id)).length })),
  };
}

/** How many patients each rule fires for, every loaded rule listed (a rule that never fires is news too). */
function reachTable(results: readonly PatientResult[], rules: readonly { id: string; version: string; status: string }[]): string[] {
  const { evaluated, rules: reach } = reachSummary(results, rules);
  const rows = reach.map((rule) => {
    const share = evaluated === 0 ? '-' : `${Math.round((100 * rule.patients) / evaluated)}%`;
    return [rule.id, rule.version, rule.status, String(rule.patients), share];
  });
  const head = ['rule', 'version', 'status', 'patients', 'share'];
  const table = textTable(head, rows, 3);
  return [
    '',
    `${evaluated} patient(s) evaluated${results.length > evaluated ? `, ${results.length - evaluated} could not be` : ''}`,
    ...table.header,
    ...table.lines,
  ];
}
