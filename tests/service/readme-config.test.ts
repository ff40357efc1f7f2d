import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config/config.ts';

// The three configuration loaders are the only readers of the environment (style.md); the README
// table must name exactly the variables they read, with the defaults they fall back to.
const LOADERS = ['src/config/server-config.ts', 'src/auth/auth-config.ts', 'src/store/store-config.ts'];

function variablesRead(): Set<string> {
  const names = new Set<string>();
  for (const file of LOADERS) {
    const source = readFileSync(path.join(PROJECT_ROOT, file), 'utf8');
    for (const m of source.matchAll(/read\s*\.\w+\('([A-Z_]+)'|env\['([A-Z_]+)'\]/g)) names.add((m[1] ?? m[2]) as string);
  }
  return names;
}

function readmeTable(): Map<string, string> {
  const readme = readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Configuration'), readme.indexOf('## Where things are'));
  return new Map([...section.matchAll(/^\| `([A-Z_]+)` \| ([^|]+) \|/gm)].map((m) => [m[1] as string, (m[2] as string).trim()]));
}

describe('README configuration table', () => {
  it('lists exactly the variables the configuration loaders read', () => {
    expect([...readmeTable().keys()].sort()).toEqual([...variablesRead()].sort());
  });

  it('states the defaults the server loader falls back to', () => {
    const source = readFileSync(path.join(PROJECT_ROOT, 'src/config/server-config.ts'), 'utf8');
    const table = readmeTable();
    for (const m of source.matchAll(/read\s*\.(?:string|oneOf)\('([A-Z_]+)', (?:\[[^\]]*\], )?'([^']*)'\)/g)) {
      const documented = table.get(m[1] as string);
      expect(documented, m[1]).toBe(`\`${m[2]}\``);
    }
  });
});
