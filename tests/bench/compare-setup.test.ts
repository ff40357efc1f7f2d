import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildAt, parseCompareArgs } from '../../bench/compare-setup.ts';
import { PROJECT_ROOT } from '../../src/config/config.ts';

describe('npm run bench:compare: its command line and its builds', () => {
  const workDir = mkdtempSync(path.join(tmpdir(), 'ctc-compare-test-'));
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  it('takes commits in order, with rounds and seconds per turn', () => {
    expect(parseCompareArgs(['abc123', 'worktree'])).toEqual({ refs: ['abc123', 'worktree'], rounds: 3, durationSec: 10 });
    expect(parseCompareArgs(['--rounds', '5', 'HEAD~1', '--duration', '4', 'HEAD'])).toEqual({
      refs: ['HEAD~1', 'HEAD'],
      rounds: 5,
      durationSec: 4,
    });
  });

  it('refuses an empty list, a repeated commit, an unknown flag and a bad number, with the usage', () => {
    expect(() => parseCompareArgs([])).toThrow(/at least one commit[\s\S]*npm run bench:compare/);
    expect(() => parseCompareArgs(['HEAD', 'HEAD'])).toThrow(/each commit once/);
    expect(() => parseCompareArgs(['HEAD', '--quick'])).toThrow(/unknown flag --quick/);
    for (const bad of ['0', '-2', '1.5', 'many'])
      expect(() => parseCompareArgs(['HEAD', '--rounds', bad])).toThrow(/--rounds needs a positive whole number/);
    expect(() => parseCompareArgs(['HEAD', '--duration'])).toThrow(/--duration needs a positive whole number/);
  });

  it("builds a commit's own bundle beside that commit's files, not the working tree's", () => {
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: PROJECT_ROOT, encoding: 'utf8' }).trim();
    const main = buildAt('HEAD', workDir);
    const root = path.dirname(path.dirname(path.dirname(main)));
    expect(main).toBe(path.join(workDir, head.slice(0, 12), 'dist/server/main.js'));
    expect(existsSync(main)).toBe(true);
    expect(existsSync(path.join(path.dirname(main), 'sqlite-worker.js'))).toBe(true);
    // The commit's rules, as committed, sit where the bundle looks for them (two folders up).
    const committedIndex = execFileSync('git', ['show', 'HEAD:rules/terminology.json'], {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(readFileSync(path.join(root, 'rules/terminology.json'), 'utf8')).toBe(committedIndex);
  });

  it('refuses a name that is no commit', () => {
    expect(() => buildAt('no-such-commit-anywhere', workDir)).toThrow();
  });
});
