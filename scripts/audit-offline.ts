/**
 * `npm run audit:offline`: the dependency checks that need no advisory database, for machines that
 * cannot reach one (docs/security.md#dependencies). It checks the lockfile and the installed tree and
 * writes a CycloneDX SBOM of the production dependencies for a site that can look them up (npm audit,
 * osv-scanner, grype). Exits 1 when a check fails.
 *
 *   npm run audit:offline [-- --sbom artifacts/sbom.cdx.json]
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REGISTRY = 'https://registry.npmjs.org/';

export interface LockEntry {
  readonly resolved?: string;
  readonly integrity?: string;
  readonly link?: boolean;
  readonly dev?: boolean;
  readonly hasInstallScript?: boolean;
  readonly version?: string;
  readonly peerDependencies?: Readonly<Record<string, string>>;
}

export interface Lockfile {
  readonly lockfileVersion?: number;
  readonly packages?: Readonly<Record<string, LockEntry>>;
}

export interface LockfileFindings {
  readonly packages: number;
  readonly production: number;
  readonly installScripts: readonly string[];
  readonly problems: readonly string[];
}

/** The package name of a lockfile key (`node_modules/a/node_modules/@s/b` → `@s/b`). */
function nameOf(key: string): string {
  return key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length);
}

/**
 * Every installed package must come from the registry (no git, tarball or file sources) with a sha512 integrity, and only the
 * packages in `allowScripts` may run install scripts.
 */
export function lockfileFindings(lock: Lockfile, allowScripts: Readonly<Record<string, boolean>>): LockfileFindings {
  const problems: string[] = [];
  if (lock.lockfileVersion !== 3) problems.push(`lockfileVersion is ${String(lock.lockfileVersion)}, expected 3`);
  const entries = Object.entries(lock.packages ?? {}).filter(([key]) => key !== '');
  const installScripts: string[] = [];
  for (const [key, entry] of entries) {
    if (entry.link) continue;
    // No `resolved` means the configured registry (this lockfile omits it); anything else (git, a tarball URL, file:) is named.
    if (entry.resolved !== undefined && !entry.resolved.startsWith(REGISTRY))
      problems.push(`${key}: resolved from ${entry.resolved}, not ${REGISTRY}`);
    if (!entry.integrity?.startsWith('sha512-')) problems.push(`${key}: no sha512 integrity (${entry.integrity ?? 'none'})`);
    if (entry.hasInstallScript) {
      installScripts.push(nameOf(key));
      if (allowScripts[nameOf(key)] !== true) problems.push(`${key}: runs an install script but is not in package.json allowScripts`);
    }
  }
  return {
    packages: entries.length,
    production: entries.filter(([, e]) => !e.dev).length,
    installScripts: [...new Set(installScripts)].sort(),
    problems,
  };
}

/**
 * What `npm ls --all --json` found wrong with the installed tree. With `legacy-peer-deps` (.npmrc) npm installs no
 * peers by itself, so a peer that a package's lockfile entry lists under `peerDependencies` and that nothing else
 * installed is reported missing by `npm ls`, as intended (expo and react-native); every other problem counts.
 */
export function installedTreeProblems(lsJson: string, lock: Lockfile): string[] {
  let problems: unknown;
  try {
    problems = (JSON.parse(lsJson) as { problems?: unknown }).problems ?? [];
  } catch {
    return ['npm ls --all --json did not answer JSON'];
  }
  if (!Array.isArray(problems)) return ['npm ls --all --json: problems is not a list'];
  const entries = Object.entries(lock.packages ?? {});
  const uninstalledPeer = (problem: string): boolean => {
    const m = /^missing: (.+?)@[^@]*, required by (.+)@([^@]+)$/.exec(problem);
    if (!m) return false;
    const [, peer, requirer, version] = m as unknown as [string, string, string, string];
    return entries.some(
      ([key, entry]) => nameOf(key) === requirer && entry.version === version && entry.peerDependencies?.[peer] !== undefined,
    );
  };
  return problems
    .map(String)
    .filter((problem) => !uninstalledPeer(problem))
    .map((problem) => `npm ls --all: ${problem}`);
}

function main(argv: readonly string[]): number {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const sbomArg = argv.indexOf('--sbom');
  const sbomFile = path.resolve(root, sbomArg >= 0 ? (argv[sbomArg + 1] ?? '') : 'artifacts/sbom.cdx.json');
  const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { allowScripts?: Record<string, boolean> };
  const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as Lockfile;
  const findings = lockfileFindings(lock, manifest.allowScripts ?? {});
  const problems = [...findings.problems];

  // The installed tree must be the lockfile's: nothing missing, invalid or extraneous.
  const ls = spawnSync('npm', ['ls', '--all', '--json'], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const treeProblems = installedTreeProblems(ls.stdout, lock);
  problems.push(...treeProblems);

  const sbom = spawnSync('npm', ['sbom', '--sbom-format', 'cyclonedx', '--omit', 'dev', '--package-lock-only'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (sbom.status === 0) {
    mkdirSync(path.dirname(sbomFile), { recursive: true });
    writeFileSync(sbomFile, sbom.stdout);
  } else problems.push(`npm sbom failed: ${sbom.stderr.trim().split('\n')[0] ?? ''}`);

  process.stdout.write(
    `lockfile: ${findings.packages} packages (${findings.production} production), all from the registry with sha512 integrity unless listed below\n` +
      `install scripts: ${findings.installScripts.join(', ') || 'none'} (allowScripts: ${Object.keys(manifest.allowScripts ?? {}).join(', ') || 'none'})\n` +
      `installed tree: ${treeProblems.length === 0 ? 'matches the lockfile (npm ls --all)' : 'DOES NOT match the lockfile'}\n` +
      (sbom.status === 0 ? `SBOM (production dependencies, CycloneDX): ${path.relative(root, sbomFile)}\n` : '') +
      'Advisories are not checked here: run `npm audit --omit=dev` where the registry is reachable, or scan the SBOM there.\n',
  );
  for (const problem of problems) process.stderr.write(`problem: ${problem}\n`);
  return problems.length > 0 ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exit(main(process.argv.slice(2)));
