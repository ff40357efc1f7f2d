import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config/config.ts';
import { loadServiceRegistry } from '../../src/services/service-registry.ts';

/** A service file that fails its schema stops start-up with the file and each problem in the service's one ajv wording. */
describe('an invalid service definition', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ctc-service-definition-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('names the file and every problem by its pointer', () => {
    copyFileSync(path.join(PROJECT_ROOT, 'cds-hooks', 'service-definition.schema.json'), path.join(dir, 'service-definition.schema.json'));
    const file = path.join(dir, 'patient-view.json');
    const definition = {
      id: 'ctc-advisor-patient-view',
      hook: 'patient-view',
      title: 'CTC Advisor',
      description: 'x',
      prefetch: { patient: 7 },
      requiredData: ['patient'],
      prefecth: {},
    };
    writeFileSync(file, JSON.stringify(definition));
    expect(() => loadServiceRegistry(dir)).toThrow(
      ['invalid service definitions:', `${file}: /prefecth is not allowed here`, `${file}: /prefetch/patient must be a string`].join(
        '\n  ',
      ),
    );
  });
});
