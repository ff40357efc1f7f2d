import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../src/config/config.ts';
import { parseArgs } from '../src/cli/parse-args.ts';

export const COMPARE_USAGE = 'npm run bench:compare -- <commit|worktree> [<commit|worktree>…] [--rounds N] [--duration S]';

interface CompareOptions {
  /** Commits (anything `git rev-parse` takes) or `worktree`, in the order they take turns after the floor. */
  readonly refs: readonly string[];
  readonly rounds: number;
  readonly durationSec: number;
}

/** The command line of `npm run bench:compare`; throws with the usage for anything else. */
export function parseCompareArgs(argv: readonly string[]): CompareOptions {
  const args = parseArgs(argv, { options: ['rounds', 'duration'] });
  if (typeof args === 'string') {
    // `--rounds` without a value (or with a negative one) is a bad number, in this tool's words.
    const missing = /^(--rounds|--duration) needs a value/.exec(args);
    throw new Error(
      `${missing ? `${missing[1]} needs a positive whole number` : args.replace(/^unknown option/, 'unknown flag')}\n${COMPARE_USAGE}`,
    );
  }
  const whole = (name: 'rounds' | 'duration', fallback: number): number => {
    const raw = args.options[name];
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} needs a positive whole number\n${COMPARE_USAGE}`);
    return value;
  };
  const rounds = whole('rounds', 3);
  const durationSec = whole('duration', 10);
  const refs = [...args.positionals];
  if (refs.length === 0) throw new Error(`name at least one commit or worktree\n${COMPARE_USAGE}`);
  if (new Set(refs).size !== refs.length) throw new Error(`each commit once: ${refs.join(', ')}\n${COMPARE_USAGE}`);
  return { refs, rounds, durationSec };
}

/**
 * The service bundle of one commit (or of the working tree), in a directory of its own under
 * `workDir` holding that commit's files (rules, cds-hooks…) and borrowing this checkout's
 * node_modules, built with the commit's own scripts/build-server.mjs. Returns the bundle's main.js.
 */
export function buildAt(ref: string, workDir: string): string {
  if (ref === 'worktree') {
    execFileSync(process.execPath, [path.join(PROJECT_ROOT, 'scripts/build-server.mjs')], { cwd: PROJECT_ROOT, stdio: 'inherit' });
    return path.join(PROJECT_ROOT, 'dist/server/main.js');
  }
  const commit = execFileSync('git', ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
  }).trim();
  const dir = path.join(workDir, commit.slice(0, 12));
  mkdirSync(dir);
  const archive = path.join(workDir, `${commit}.tar`);
  execFileSync('git', ['archive', '--format=tar', '-o', archive, commit], { cwd: PROJECT_ROOT });
  execFileSync('tar', ['-xf', archive, '-C', dir]);
  if (!existsSync(path.join(dir, 'scripts/build-server.mjs')))
    throw new Error(`${ref} has no scripts/build-server.mjs: it cannot be compared`);
  symlinkSync(path.join(PROJECT_ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  execFileSync(process.execPath, [path.join(dir, 'scripts/build-server.mjs')], { cwd: dir, stdio: 'inherit' });
  return path.join(dir, 'dist/server/main.js');
}
