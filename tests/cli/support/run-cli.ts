import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
// The bin npx runs (node_modules/.bin/ctc-advisor, scripts/link-cli.mjs): the esbuild bundle, rebuilt before the suite by tests/support/build-bundle.global.ts.
const BIN = path.join(ROOT, 'dist', 'server', 'ctc-advisor.js');

interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly lines: readonly string[];
}

/** The real CLI as a child process (the package's bin, bundled), as an informatician would run it. */
export function runCli(args: readonly string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd: options.cwd ?? ROOT, env: { ...process.env, ...options.env }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr, lines: stdout.split('\n').filter((l) => l.length > 0) });
      },
    );
  });
}

/** A scratch copy of rules/ under `<tmp>/rules`; the CLI runs with cwd `<tmp>` so paths print as `rules/...`. */
export function copyRules(): { dir: string; rulesDir: string; dispose(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'ctc-rules-'));
  const rulesDir = path.join(dir, 'rules');
  cpSync(path.join(ROOT, 'rules'), rulesDir, { recursive: true });
  return { dir, rulesDir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

export type Json = Record<string, unknown>;

/** Rewrites one JSON file through `edit`; returns the text written. */
export function editJson(file: string, edit: (json: Json) => void): string {
  const json = JSON.parse(readFileSync(file, 'utf8')) as Json;
  edit(json);
  const text = `${JSON.stringify(json, null, 2)}\n`;
  writeFileSync(file, text);
  return text;
}

/** The 1-based line of the first occurrence of `needle`, to state the expected `file:line`. */
export function lineOf(text: string, needle: string): number {
  const index = text.indexOf(needle);
  if (index < 0) throw new Error(`"${needle}" is not in the text`);
  return text.slice(0, index).split('\n').length;
}
