import { describe, expect, it } from 'vitest';
import { asksForHelp, parseOptions } from '../../bench/options.ts';
import { parseCompareArgs } from '../../bench/compare-setup.ts';

// issue 18: the bench parsers are node:util parseArgs like the CLI's: --name=value, --, --help.
describe('npm run bench options', () => {
  it('take --name value and --name=value alike', () => {
    expect(parseOptions(['--rounds=3', '--scenario=heavy', '--profile'])).toMatchObject({ rounds: 3, scenario: 'heavy', mode: 'profile' });
    expect(parseOptions(['--rounds', '3', '--scenario', 'heavy', '--profile'])).toEqual(
      parseOptions(['--rounds=3', '--scenario=heavy', '--profile']),
    );
  });

  it('refuse unknown flags, values where none belong and bad numbers, with the usage', () => {
    expect(() => parseOptions(['--fast'])).toThrow(/unknown option --fast[\s\S]*npm run bench/);
    expect(() => parseOptions(['--quick=yes'])).toThrow(/--quick takes no value/);
    expect(() => parseOptions(['--rounds=0'])).toThrow(/--rounds needs a positive number/);
    expect(() => parseOptions(['--scenario', 'huge'])).toThrow(/--scenario is typical, heavy or fhir-fallback/);
  });

  it('--help (not after --) asks for the usage, which run.ts prints with exit 0', () => {
    expect(asksForHelp(['--quick', '--help'])).toBe(true);
    expect(asksForHelp(['-h'])).toBe(true);
    expect(asksForHelp(['--', '--help'])).toBe(false);
  });
});

describe('npm run bench:compare arguments', () => {
  it('take --rounds=N, and -- before a ref that starts with a dash', () => {
    expect(parseCompareArgs(['--rounds=5', 'HEAD'])).toEqual({ refs: ['HEAD'], rounds: 5, durationSec: 10 });
    expect(parseCompareArgs(['HEAD', '--', '-weird-ref'])).toEqual({ refs: ['HEAD', '-weird-ref'], rounds: 3, durationSec: 10 });
  });
});
