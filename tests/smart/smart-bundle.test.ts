import path from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config/config.ts';
import { browserOnly } from '../../src/smart/smart-bundle.ts';

const bundle = (entry: string) =>
  build({
    entryPoints: [path.join(PROJECT_ROOT, entry)],
    write: false,
    bundle: true,
    platform: 'browser',
    format: 'esm',
    plugins: [browserOnly],
    logLevel: 'silent',
  });

/** The SMART app's bundle shares src/normalize with the service; the build refuses any Node module that reaches it. */
describe('the SMART browser bundle', () => {
  it('takes the terminology map, which reads no file', async () => {
    const result = await bundle('src/normalize/terminology.ts');
    expect(result.errors).toEqual([]);
  });

  it('fails on a node: import, naming the file that brings it in', async () => {
    // The file loader reads through util/json-file.ts, which imports node:fs.
    await expect(bundle('src/rule-set/load-terminology.ts')).rejects.toThrow(
      "node:fs (imported by src/util/json-file.ts) has no place in the SMART app's browser bundle",
    );
  });
});
