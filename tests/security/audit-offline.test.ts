import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config/config.ts';
import { installedTreeProblems, lockfileFindings, type Lockfile } from '../../scripts/audit-offline.ts';

const SHA = 'sha512-AAAA';

describe('npm run audit:offline: the lockfile checks that need no advisory database', () => {
  it('passes the committed lockfile: registry sources, sha512 integrity, install scripts only where allowed', () => {
    const lock = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package-lock.json'), 'utf8')) as Lockfile;
    const { allowScripts } = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
      allowScripts: Record<string, boolean>;
    };
    const findings = lockfileFindings(lock, allowScripts);
    expect(findings.problems).toEqual([]);
    expect(findings.installScripts).toEqual(Object.keys(allowScripts).sort());
    expect(findings.packages).toBeGreaterThan(findings.production);
  });

  it('names a package from git or a tarball URL, one without sha512 integrity, and an install script not in allowScripts', () => {
    const lock: Lockfile = {
      lockfileVersion: 3,
      packages: {
        '': {},
        'node_modules/ok': { integrity: SHA },
        'node_modules/from-git': { resolved: 'git+ssh://git@github.com/x/y.git#abc', integrity: SHA },
        'node_modules/from-tarball': { resolved: 'https://evil.example/p.tgz', integrity: SHA },
        'node_modules/weak': { integrity: 'sha1-AAAA' },
        'node_modules/none': {},
        'node_modules/a/node_modules/@s/scripted': { integrity: SHA, hasInstallScript: true },
        'node_modules/allowed': { integrity: SHA, hasInstallScript: true },
        'node_modules/local': { link: true },
      },
    };
    const findings = lockfileFindings(lock, { allowed: true });
    expect(findings.installScripts).toEqual(['@s/scripted', 'allowed']);
    expect(findings.problems).toEqual([
      'node_modules/from-git: resolved from git+ssh://git@github.com/x/y.git#abc, not https://registry.npmjs.org/',
      'node_modules/from-tarball: resolved from https://evil.example/p.tgz, not https://registry.npmjs.org/',
      'node_modules/weak: no sha512 integrity (sha1-AAAA)',
      'node_modules/none: no sha512 integrity (none)',
      'node_modules/a/node_modules/@s/scripted: runs an install script but is not in package.json allowScripts',
    ]);
  });

  it('reads npm ls: a peer left uninstalled by legacy-peer-deps is expected, any other problem is named', () => {
    const lock: Lockfile = {
      lockfileVersion: 3,
      packages: {
        'node_modules/expo-random': { version: '14.0.1', integrity: SHA, peerDependencies: { expo: '*' } },
        'node_modules/a/node_modules/@s/helper': { version: '1.0.0', integrity: SHA, peerDependencies: { '@s/host': '^2' } },
        'node_modules/plain': { version: '2.0.0', integrity: SHA },
      },
    };
    const ls = (problems: string[]) => JSON.stringify({ name: 'x', problems });
    expect(installedTreeProblems(ls([]), lock)).toEqual([]);
    expect(installedTreeProblems(JSON.stringify({ name: 'x' }), lock)).toEqual([]);
    expect(
      installedTreeProblems(
        ls([
          'missing: expo@*, required by expo-random@14.0.1',
          'missing: @s/host@^2, required by @s/helper@1.0.0',
          'missing: left-pad@^1, required by plain@2.0.0',
          'missing: expo@*, required by expo-random@13.0.0',
          'invalid: jose@5.0.0 node_modules/jose',
          'extraneous: stray@1.0.0 node_modules/stray',
        ]),
        lock,
      ),
    ).toEqual([
      'npm ls --all: missing: left-pad@^1, required by plain@2.0.0',
      'npm ls --all: missing: expo@*, required by expo-random@13.0.0',
      'npm ls --all: invalid: jose@5.0.0 node_modules/jose',
      'npm ls --all: extraneous: stray@1.0.0 node_modules/stray',
    ]);
    expect(installedTreeProblems('npm error', lock)).toEqual(['npm ls --all --json did not answer JSON']);
  });
});
