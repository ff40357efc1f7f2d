import { parseArgs as parseArgsNode, type ParseArgsConfig } from 'node:util';
import { HOOK_NAMES, type HookName } from '../rules/rule-file.ts';

/** Parsed command line: positionals, `--name value` options and bare `--flag`s. */
interface ParsedArgs {
  readonly positionals: readonly string[];
  readonly options: Readonly<Record<string, string>>;
  readonly flags: ReadonlySet<string>;
}

/**
 * node:util `parseArgs`, strict: `--name value` and `--name=value`, `--` ends the options (what follows is
 * positional, even when it starts with a dash), options not named in the spec are errors. A string is a
 * usage error to print. `--help` is answered by runCli before a command parses its arguments.
 */
export function parseArgs(argv: readonly string[], spec: { options?: readonly string[]; flags?: readonly string[] }): ParsedArgs | string {
  const config: NonNullable<ParseArgsConfig['options']> = {};
  for (const name of spec.options ?? []) config[name] = { type: 'string' };
  for (const name of spec.flags ?? []) config[name] = { type: 'boolean' };
  let parsed: { values: Record<string, string | boolean | undefined>; positionals: string[] };
  try {
    parsed = parseArgsNode({ args: [...argv], options: config, strict: true, allowPositionals: true }) as typeof parsed;
  } catch (error) {
    return parseArgsProblem(error);
  }
  const options: Record<string, string> = {};
  const flags = new Set<string>();
  for (const [name, value] of Object.entries(parsed.values)) {
    if (typeof value === 'string') options[name] = value;
    else if (value === true) flags.add(name);
  }
  return { positionals: parsed.positionals, options, flags };
}

/** `--help` or `-h` before a `--`: the caller prints the usage and exits 0 (the CLI's commands, the bench scripts). */
export function asksForHelp(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end < 0 ? argv : argv.slice(0, end)).some((a) => a === '--help' || a === '-h');
}

/** node:util's error in this CLI's words: `unknown option --x`, `--x needs a value`. */
function parseArgsProblem(error: unknown): string {
  const { code, message } = error as { code?: string; message?: string };
  const option = /'(-[^'\s]+)/.exec(message ?? '')?.[1] ?? '';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option ${option}`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    // A boolean flag given a value (--json=yes) or a value-taking option without one (or followed by a dash).
    return /does not take an argument/.test(message ?? '')
      ? `${option} takes no value`
      : `${option} needs a value (write ${option}=<value> for a value starting with a dash)`;
  }
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return `unexpected argument: ${message ?? ''}`;
  return message ?? String(error);
}

type Parsed<T> = { readonly value: T | undefined } | { readonly error: string };

/** `--at 2026-03-01` or a full ISO date-time. */
function parseAt(value: string | undefined): Parsed<Date> {
  if (value === undefined) return { value: undefined };
  const date = new Date(value);
  return /^\d{4}-\d{2}-\d{2}/.test(value) && !Number.isNaN(date.getTime())
    ? { value: date }
    : { error: `--at ${value} is not a date (YYYY-MM-DD or ISO date-time)` };
}

const HOOKS: readonly string[] = HOOK_NAMES;

function parseHook(value: string | undefined): Parsed<HookName> {
  if (value === undefined) return { value: undefined };
  return HOOKS.includes(value) ? { value: value as HookName } : { error: `--hook must be one of ${HOOKS.join(', ')}` };
}

/** The shared options of explain and evaluate, or the first usage error. */
export function parseEvaluationArgs(
  argv: readonly string[],
  extraOptions: readonly string[],
  flags: readonly string[],
): { args: ParsedArgs; at: Date | undefined; hook: HookName | undefined } | string {
  const args = parseArgs(argv, { options: ['at', 'hook', 'rules', ...extraOptions], flags: ['draft', ...flags] });
  if (typeof args === 'string') return args;
  const at = parseAt(args.options.at);
  if ('error' in at) return at.error;
  const hook = parseHook(args.options.hook);
  if ('error' in hook) return hook.error;
  if (args.positionals.length !== 1) return 'give exactly one file or folder';
  return { args, at: at.value, hook: hook.value };
}
