import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from './support/run-cli.ts';

const out = mkdtempSync(path.join(tmpdir(), 'ctc-docs-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('rules docs (the real CLI as a child process)', { timeout: 120_000 }, () => {
  it('regenerates the catalog; the committed docs/rules/ must match (run `ctc-advisor rules docs` after changing rules)', async () => {
    const run = await runCli(['rules', 'docs', '--out', out]);
    expect(run.code).toBe(0);
    for (const file of ['README.md', 'index.html']) {
      expect(readFileSync(path.join(ROOT, 'docs/rules', file), 'utf8'), `docs/rules/${file} is stale`).toBe(
        readFileSync(path.join(out, file), 'utf8'),
      );
    }
  });

  it("states each rule's conditions in words, evidence, references, status, version and test count", () => {
    const markdown = readFileSync(path.join(out, 'README.md'), 'utf8');
    const section = markdown.slice(markdown.indexOf('## mbc-cellsearch-ctc-elevated'));
    expect(section).toMatch(
      /^Status \*\*active\*\* · version \d+\.\d+\.\d+ · hooks patient-view · topic `ctc-count-prognosis` · \d+ tests/m,
    );
    expect(section).toContain('  - Latest CTC count ≥ 5 per 7.5 mL');
    expect(section).toContain('  - Latest CTC assay is cellsearch');
    expect(section).toMatch(/### Evidence\n\n- .+ \*\(prognostic, unfavourable; cohort; level CIViC B\)\*/);
    expect(section).toContain('- `cristofanilli-2004-nejm`: ');
    const html = readFileSync(path.join(out, 'index.html'), 'utf8');
    expect(html).toContain('<section id="mbc-cellsearch-ctc-elevated">');
    expect(html).toContain('Latest CTC count ≥ 5 per 7.5 mL');
    // Static page: nothing is loaded from elsewhere.
    expect(html).not.toMatch(/<script|<link|src=/);
  });
});
