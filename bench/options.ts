import { parseArgs } from '../src/cli/parse-args.ts';

/** Command-line flags of `npm run bench`. */
export interface BenchOptions {
  readonly mode: 'main' | 'soak' | 'profile';
  readonly quick: boolean;
  readonly durationSec: number;
  readonly warmupSec: number;
  readonly rounds: number;
  readonly scalingCalls: number;
  readonly startupRuns: number;
  readonly reloadSamples: number;
  readonly authCalls: number;
  readonly soakCalls: number;
  /** --profile only: which scenario to put the profiled service under. */
  readonly scenario: 'typical' | 'heavy' | 'fhir-fallback';
}

export const USAGE = `npm run bench [-- flags]
  (no flag)     throughput matrix (floor vs service), scaling, stages, auth-on run, start-up, reload: ≈5 min
  --quick       the same with 2 s runs (smoke use): ≈1.5 min
  --rounds N    alternate floor and service N times per cell and report medians (default 1)
  --duration S  seconds per measured run (default 10, --quick 2)
  --soak        only the soak: 100,000 typical calls at c=10, RSS at 50k and 100k (--quick: 10,000): ≈10 min
  --profile     only a profiled run: c=10, service under node --cpu-prof
  --scenario X  with --profile: typical (default), heavy or fhir-fallback`;

/** The CLI's own test, so `npm run bench -- --help` behaves as `ctc-advisor <command> --help`. */
export { asksForHelp } from '../src/cli/parse-args.ts';

export function parseOptions(argv: readonly string[]): BenchOptions {
  const args = parseArgs(argv, { options: ['rounds', 'duration', 'scenario'], flags: ['quick', 'soak', 'profile', 'help'] });
  if (typeof args === 'string') throw new Error(`${args}\n${USAGE}`);
  if (args.flags.has('help')) throw new Error(USAGE);
  if (args.positionals.length > 0) throw new Error(`unexpected argument ${args.positionals.join(' ')}\n${USAGE}`);
  const has = (flag: string) => args.flags.has(flag);
  const value = (name: string): number | undefined => {
    const raw = args.options[name];
    if (raw === undefined) return undefined;
    const v = Number(raw);
    if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} needs a positive number\n${USAGE}`);
    return v;
  };
  const quick = has('quick');
  const scenario = args.options.scenario ?? 'typical';
  if (!['typical', 'heavy', 'fhir-fallback'].includes(scenario)) throw new Error(`--scenario is typical, heavy or fhir-fallback\n${USAGE}`);
  return {
    mode: has('soak') ? 'soak' : has('profile') ? 'profile' : 'main',
    quick,
    durationSec: value('duration') ?? (quick ? 2 : 10),
    warmupSec: quick ? 1 : 3,
    rounds: value('rounds') ?? 1,
    scalingCalls: quick ? 5 : 15,
    startupRuns: quick ? 3 : 5,
    reloadSamples: quick ? 5 : 10,
    authCalls: quick ? 1_000 : 5_000,
    soakCalls: quick ? 10_000 : 100_000,
    scenario: scenario as BenchOptions['scenario'],
  };
}
