import { HOOK_NAMES, type HookName } from '../rules/rule-file.ts';

/** Parsed command line: positionals, `--name value` options and bare `--flag`s. */
export interface ParsedArgs {
  readonly positionals: readonly string[];
  readonly options: Readonly<Record<string, string>>;
  readonly flags: ReadonlySet<string>;
}

/** A string is a usage error to print; options not named in the spec are errors too. */
export function parseArgs(argv: readonly string[], spec: { options?: readonly string[]; flags?: readonly string[] }): ParsedArgs | string {
  const positionals: string[] = [];
  const options: Record<string, string> = {};
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const name = arg.slice(2);
    if (spec.flags?.includes(name)) flags.add(name);
    else if (spec.options?.includes(name)) {
      const value = argv[++i];
      if (value === undefined || value.startsWith('--')) return `${arg} needs a value`;
      options[name] = value;
    } else return `unknown option ${arg}`;
  }
  return { positionals, options, flags };
}

export type Parsed<T> = { readonly value: T | undefined } | { readonly error: string };

/** `--at 2026-03-01` or a full ISO date-time. */
export function parseAt(value: string | undefined): Parsed<Date> {
  if (value === undefined) return { value: undefined };
  const date = new Date(value);
  return /^\d{4}-\d{2}-\d{2}/.test(value) && !Number.isNaN(date.getTime()) ? { value: date } : { error: `--at ${value} is not a date (YYYY-MM-DD or ISO date-time)` };
}

const HOOKS: readonly string[] = HOOK_NAMES;

export function parseHook(value: string | undefined): Parsed<HookName> {
  if (value === undefined) return { value: undefined };
  return HOOKS.includes(value) ? { value: value as HookName } : { error: `--hook must be one of ${HOOKS.join(', ')}` };
}

/** The shared options of explain and evaluate, or the first usage error. */
export function parseEvaluationArgs(argv: readonly string[], extraOptions: readonly string[], flags: readonly string[]): { args: ParsedArgs; at: Date | undefined; hook: HookName | undefined } | string {
  const args = parseArgs(argv, { options: ['at', 'hook', 'rules', ...extraOptions], flags: ['draft', ...flags] });
  if (typeof args === 'string') return args;
  const at = parseAt(args.options.at);
  if ('error' in at) return at.error;
  const hook = parseHook(args.options.hook);
  if ('error' in hook) return hook.error;
  if (args.positionals.length !== 1) return 'give exactly one file or folder';
  return { args, at: at.value, hook: hook.value };
}
