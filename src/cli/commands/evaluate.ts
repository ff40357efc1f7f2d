import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type CliCommand, usageError } from '../command.ts';
import type { Card } from '../../validate/cds-hooks-types.ts';
import { explain, type ExplainReport } from '../../explain/explain.ts';
import { loadServiceRegistry } from '../../services/service-registry.ts';
import { RULE_EXTENSION } from '../../cards/render-card.ts';
import { parseEvaluationArgs } from '../parse-args.ts';
import { loadRuleSetForCli, readExplainInput } from '../load-for-cli.ts';

const USAGE = 'evaluate <folder of bundles> [--out results.ndjson] [--at <date>] [--hook <hook>] [--rules <dir>] [--draft]';

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

/** `evaluate`: the reach of every rule over a cohort, before it is switched on. */
export function createEvaluateCommand(root: string): CliCommand {
  return {
    name: 'evaluate',
    summary: 'run every patient of a folder through the rules: ndjson per patient, then how many patients each rule fires for',
    usage: USAGE,
    async run(argv, io) {
      const parsed = parseEvaluationArgs(argv, ['out'], []);
      if (typeof parsed === 'string') {
        return usageError(io, parsed, USAGE);
      }
      const { args, at, hook } = parsed;
      const folder = path.resolve(args.positionals[0] as string);
      let files: string[];
      try {
        files = readdirSync(folder).filter((f) => f.endsWith('.json')).sort().map((f) => path.join(folder, f));
      } catch (error) {
        io.err(`cannot read ${folder}: ${(error as Error).message}`);
        return 2;
      }
      const ruleSet = loadRuleSetForCli(root, args.options.rules, args.flags.has('draft'), io);
      if (!ruleSet) return 1;
      const services = loadServiceRegistry(path.join(root, 'cds-hooks'));
      const effectiveHook = hook ?? 'patient-view';
      const evaluatedAt = at ?? new Date();
      const results: PatientResult[] = [];
      for (const file of files) {
        const input = readExplainInput(file);
        const name = path.relative(process.cwd(), file);
        const failed = (error: string): PatientResult => ({ file: name, patientId: null, hook: effectiveHook, rulesFired: [], cards: [], shadowCards: [], dataQualityNotes: 0, error });
        if (typeof input === 'string') {
          results.push(failed(input));
          continue;
        }
        try {
          results.push(toLine(name, await explain(input, { ruleSet, services, hook: effectiveHook, at: evaluatedAt })));
        } catch (error) {
          results.push(failed((error as Error).message));
        }
      }
      const ndjson = results.map((r) => JSON.stringify(r));
      if (args.options.out) writeFileSync(path.resolve(args.options.out), ndjson.map((l) => `${l}\n`).join(''));
      else for (const line of ndjson) io.out(line);
      const loadedForHook = ruleSet.rules.filter((r) => r.rule.hooks.includes(effectiveHook));
      for (const line of reachTable(results, loadedForHook.map((r) => ({ id: r.rule.id, version: r.rule.version, status: r.rule.status })))) io.out(line);
      const errors = results.filter((r) => r.error !== undefined);
      for (const r of errors) io.err(`${r.file}: ${r.error}`);
      return errors.length > 0 ? 1 : 0;
    },
  };
}

function toLine(file: string, report: ExplainReport): PatientResult {
  return {
    file,
    patientId: report.patientId,
    hook: report.hook,
    rulesFired: report.rules.filter((r) => r.fired).map((r) => ({ id: r.id, version: r.version, status: r.status })),
    cards: report.cards.map(cardLine),
    shadowCards: report.shadowCards.map(cardLine),
    dataQualityNotes: report.notes.length,
  };
}

function cardLine(card: Card): CardLine {
  const rule = card.extension?.[RULE_EXTENSION] as { id?: string } | undefined;
  return { ruleId: rule?.id ?? 'unknown', indicator: card.indicator, summary: card.summary };
}

/** How many patients each rule fires for, every loaded rule listed (a rule that never fires is news too). */
export function reachTable(results: readonly PatientResult[], rules: readonly { id: string; version: string; status: string }[]): string[] {
  const evaluated = results.filter((r) => r.error === undefined).length;
  const rows = rules.map((rule) => {
    const n = results.filter((r) => r.rulesFired.some((f) => f.id === rule.id)).length;
    const share = evaluated === 0 ? '-' : `${Math.round((100 * n) / evaluated)}%`;
    return [rule.id, rule.version, rule.status, String(n), share];
  });
  const head = ['rule', 'version', 'status', 'patients', 'share'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i < 3 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ').trimEnd();
  return ['', `${evaluated} patient(s) evaluated${results.length > evaluated ? `, ${results.length - evaluated} could not be` : ''}`, line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}
