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

export function parseOptions(argv: readonly string[]): BenchOptions {
  const has = (flag: string) => argv.includes(flag);
  const value = (flag: string): number | undefined => {
    const i = argv.indexOf(flag);
    if (i < 0) return undefined;
    const v = Number(argv[i + 1]);
    if (!Number.isFinite(v) || v <= 0) throw new Error(`${flag} needs a positive number\n${USAGE}`);
    return v;
  };
  const known = new Set(['--quick', '--soak', '--profile', '--rounds', '--duration', '--scenario', '--help']);
  const unknown = argv.filter((a, i) => a.startsWith('--') && !known.has(a) && !['--rounds', '--duration', '--scenario'].includes(argv[i - 1] ?? ''));
  if (unknown.length > 0 || has('--help')) throw new Error(`${unknown.length ? `unknown flag ${unknown.join(' ')}\n` : ''}${USAGE}`);
  const quick = has('--quick');
  const scenario = argv[argv.indexOf('--scenario') + 1] ?? 'typical';
  if (has('--scenario') && !['typical', 'heavy', 'fhir-fallback'].includes(scenario)) throw new Error(`--scenario is typical, heavy or fhir-fallback\n${USAGE}`);
  return {
    mode: has('--soak') ? 'soak' : has('--profile') ? 'profile' : 'main',
    quick,
    durationSec: value('--duration') ?? (quick ? 2 : 10),
    warmupSec: quick ? 1 : 3,
    rounds: value('--rounds') ?? 1,
    scalingCalls: quick ? 5 : 15,
    startupRuns: quick ? 3 : 5,
    reloadSamples: quick ? 5 : 10,
    authCalls: quick ? 1_000 : 5_000,
    soakCalls: quick ? 10_000 : 100_000,
    scenario: has('--scenario') ? (scenario as BenchOptions['scenario']) : 'typical',
  };
}
