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

/** `--at 2026-03-01` or a full ISO date-time; undefined when absent, a string when invalid. */
export function parseAt(value: string | undefined): Date | undefined | string {
  if (value === undefined) return undefined;
  const date = new Date(value);
  return /^\d{4}-\d{2}-\d{2}/.test(value) && !Number.isNaN(date.getTime()) ? date : `--at ${value} is not a date (YYYY-MM-DD or ISO date-time)`;
}

export const HOOKS = ['patient-view', 'order-select'] as const;

export function parseHook(value: string | undefined): (typeof HOOKS)[number] | undefined | string {
  if (value === undefined) return undefined;
  return (HOOKS as readonly string[]).includes(value) ? (value as (typeof HOOKS)[number]) : `--hook must be one of ${HOOKS.join(', ')}`;
}
