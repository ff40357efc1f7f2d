import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERRORS } from '../../src/errors/api-error.ts';
import { PROJECT_ROOT } from '../../src/config/config.ts';

describe('docs/api-errors.md', () => {
  it('lists exactly the codes and statuses of the error catalog', () => {
    const doc = readFileSync(path.join(PROJECT_ROOT, 'docs/api-errors.md'), 'utf8');
    const rows = [...doc.matchAll(/^\| `([a-z_]+)` \| (\d{3}) \|/gm)].map((m) => [m[1], Number(m[2])]);
    expect(Object.fromEntries(rows)).toEqual(Object.fromEntries(Object.entries(ERRORS).map(([code, e]) => [code, e.status])));
  });
});
