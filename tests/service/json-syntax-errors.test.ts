import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config/config.ts';
import { loadRuleSet } from '../../src/rule-set/rule-set.ts';
import { RuleSetError, type RuleProblem } from '../../src/rules/rule-problems.ts';
import type { RuleSetStatus } from '../../src/rule-set/rule-set-holder.ts';
import { formatProblem } from '../../src/cli/source-lines.ts';
import { loadSmartClient } from '../../src/smart/smart-client.ts';
import { bundleOpenApi } from '../../src/http/routes/openapi.ts';
import { ensureDevClient } from '../../src/auth/dev-client.ts';
import { loadServiceRegistry } from '../../src/services/service-registry.ts';
import { loadTrustedClientsFile, TrustedClientsError } from '../../src/auth/trusted-clients.ts';
import { requestFromFile } from '../../src/simulate/offline-pipeline.ts';
import { readExplainInput } from '../../src/cli/load-for-cli.ts';
import { startTestService } from '../support/test-service.ts';
import { tempRules } from '../rules/support.ts';

/** A file whose syntax error (a comma before `}`) is at line 4, column 1: what every loader must say. */
const BROKEN = '{\n  "id": "broken",\n  "version": "1.0.0",\n}\n';
const AT = { line: 4, column: 1 };
const REASON = 'Expected double-quoted property name';

/** Every file the service reads at start reports a JSON syntax error with the file, its line and its column. */
describe('a JSON syntax error in a file the service loads names the file and the line', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ctc-json-syntax-'));
    dirs.push(dir);
    return dir;
  };
  const rulesCopy = () => {
    const copy = tempRules();
    dirs.push(copy.dir);
    return copy.dir;
  };
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  const servicesCopy = () => {
    const dir = tempDir();
    cpSync(path.join(PROJECT_ROOT, 'cds-hooks'), dir, { recursive: true });
    return dir;
  };
  const trustedClientsProblems = async (file: string): Promise<readonly string[]> => {
    try {
      await loadTrustedClientsFile(file);
    } catch (error) {
      if (error instanceof TrustedClientsError) return error.problems;
      throw error;
    }
    throw new Error('the trusted clients loaded');
  };

  const loadProblemsOf = (dir: string): readonly RuleProblem[] => {
    try {
      loadRuleSet(dir);
    } catch (error) {
      if (error instanceof RuleSetError) return error.problems;
      throw error;
    }
    throw new Error('the rule set loaded');
  };

  it.each(['ctc-count/broken.json', 'references.json', 'topics.json', 'source-attributes.json', 'terminology.json'])(
    'rules/%s: the problem carries line and column; the error message and `rules check` lines say them',
    (name) => {
      const dir = rulesCopy();
      const file = path.join(dir, name);
      writeFileSync(file, BROKEN);
      let thrown: unknown;
      try {
        loadRuleSet(dir);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(RuleSetError);
      const problems = (thrown as RuleSetError).problems;
      expect(problems).toContainEqual({ file, pointer: '', message: `not valid JSON: ${REASON}`, ...AT });
      expect((thrown as RuleSetError).message).toContain(`${file}:4:1: not valid JSON: ${REASON}`);
      const problem = problems.find((p) => p.file === file);
      expect(problem && formatProblem(problem, dir)).toBe(`${name}:4: not valid JSON: ${REASON} (column 1)`);
    },
  );

  it('/status/rules shows where a reloaded rule file stops being JSON', async () => {
    const dir = rulesCopy();
    const svc = await startTestService({ env: { CTC_RULES_DIR: dir } });
    try {
      const file = path.join(dir, 'ctc-count/broken.json');
      writeFileSync(file, BROKEN);
      expect(svc.service.rules.reload()).toBe(false);
      const status = (await request(svc.app).get('/status/rules')).body as RuleSetStatus;
      expect(status.lastReload?.problems).toContainEqual({ file, pointer: '', message: `not valid JSON: ${REASON}`, ...AT });
    } finally {
      await svc.close();
    }
  });

  it('a rule file that ends early points past its last character', () => {
    const dir = rulesCopy();
    const file = path.join(dir, 'ctc-count/cut-short.json');
    writeFileSync(file, '{\n  "id": "cut-short",\n  "tests": [\n');
    expect(loadProblemsOf(dir)).toContainEqual({
      file,
      pointer: '',
      message: 'not valid JSON: Unexpected end of JSON input',
      line: 3,
      column: 13,
    });
  });

  it('a service definition (cds-hooks/*.json): every problem is listed, the syntax error with its line and column', () => {
    const dir = servicesCopy();
    const file = path.join(dir, 'patient-view.json');
    writeFileSync(file, BROKEN);
    writeFileSync(path.join(dir, 'cut-short.json'), '{\n  "id": "cut-short",\n');
    expect(() => loadServiceRegistry(dir)).toThrow(
      `invalid service definitions:\n  ${path.join(dir, 'cut-short.json')}:2:21: not valid JSON: `,
    );
    expect(() => loadServiceRegistry(dir)).toThrow(`\n  ${file}:4:1: not valid JSON: ${REASON}`);
  });

  it('the service definition schema (cds-hooks/service-definition.schema.json)', () => {
    const dir = servicesCopy();
    const file = path.join(dir, 'service-definition.schema.json');
    writeFileSync(file, BROKEN);
    expect(() => loadServiceRegistry(dir)).toThrow(`${file}:4:1: not valid JSON: ${REASON}`);
  });

  it('the trusted clients file (CTC_TRUSTED_CLIENTS_FILE) and a key set it names (jwksFile)', async () => {
    const dir = tempDir();
    const clients = path.join(dir, 'clients.json');
    writeFileSync(clients, BROKEN);
    expect(await trustedClientsProblems(clients)).toEqual([`${clients}: not valid JSON at line 4, column 1: ${REASON}`]);
    writeFileSync(clients, JSON.stringify({ clients: [{ iss: 'https://ehr.example', jwksFile: 'ehr.jwks.json' }] }, null, 2));
    writeFileSync(path.join(dir, 'ehr.jwks.json'), BROKEN);
    expect(await trustedClientsProblems(clients)).toContain(
      `${path.join(dir, 'ehr.jwks.json')}: not valid JSON at line 4, column 1: ${REASON}`,
    );
  });

  it('a rule test fixture and a file given to explain or evaluate (the CLI reads them the same way)', () => {
    const file = path.join(tempDir(), 'patient.json');
    writeFileSync(file, BROKEN);
    expect(() => requestFromFile(file, 'patient-view', loadServiceRegistry(path.join(PROJECT_ROOT, 'cds-hooks')))).toThrow(
      `${file}:4:1: not valid JSON: ${REASON}`,
    );
    expect(readExplainInput(file)).toBe(`${file}:4:1: not valid JSON: ${REASON}`);
  });

  it('the SMART client description (config/smart-client.json)', () => {
    const file = path.join(tempDir(), 'smart-client.json');
    writeFileSync(file, BROKEN);
    expect(() => loadSmartClient('http://127.0.0.1:3000', file)).toThrow(`${file}:4:1: not valid JSON: ${REASON}`);
  });

  it('the OpenAPI document and the schemas it embeds', () => {
    const dir = tempDir();
    const file = path.join(dir, 'api.openapi.json');
    writeFileSync(file, BROKEN);
    expect(() => bundleOpenApi(file)).toThrow(`${file}:4:1: not valid JSON: ${REASON}`);
    writeFileSync(file, JSON.stringify({ openapi: '3.1.0', components: { schemas: { x: { $ref: 'x.schema.json' } } } }));
    writeFileSync(path.join(dir, 'x.schema.json'), BROKEN);
    expect(() => bundleOpenApi(file)).toThrow(`${path.join(dir, 'x.schema.json')}:4:1: not valid JSON: ${REASON}`);
  });

  it('the development client key in the data directory', async () => {
    const dataDir = tempDir();
    const file = path.join(dataDir, 'dev-client', 'private.jwk.json');
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    writeFileSync(file, BROKEN, { mode: 0o600 });
    await expect(ensureDevClient(dataDir)).rejects.toThrow(`${file}:4:1: not valid JSON: ${REASON}`);
  });

  it.each([
    ['CTC_SERVICES_DIR', 'a service definition', (dir: string) => path.join(dir, 'patient-view.json'), `:4:1: not valid JSON: ${REASON}`],
    [
      'CTC_TRUSTED_CLIENTS_FILE',
      'the trusted clients file',
      (dir: string) => path.join(dir, 'clients.json'),
      `: not valid JSON at line 4, column 1`,
    ],
  ])(
    'start-up (`src/main.ts`) with %s naming %s that is not JSON stops and logs the file and line',
    async (variable, _what, brokenIn, said) => {
      const dir = variable === 'CTC_SERVICES_DIR' ? servicesCopy() : tempDir();
      const file = brokenIn(dir);
      writeFileSync(file, BROKEN);
      const run = await startMain({ [variable]: variable === 'CTC_SERVICES_DIR' ? dir : file, CTC_DATA_DIR: tempDir() });
      expect(run.code).toBe(1);
      const fatal = logLines(run.stdout).find((l) => l.msg === 'start-up failed');
      expect(fatal?.err?.message).toContain(`${file}${said}`);
    },
  );

  it('start-up (`src/main.ts`) stops and logs the rule file with its line and column', async () => {
    const dir = rulesCopy();
    const file = path.join(dir, 'ctc-count/broken.json');
    writeFileSync(file, BROKEN);
    const run = await startMain({ CTC_RULES_DIR: dir, CTC_DATA_DIR: tempDir() });
    expect(run.code).toBe(1);
    const fatal = logLines(run.stdout).find((l) => l.msg === 'rule set is invalid; not starting');
    expect(fatal?.problems).toContainEqual({ file, pointer: '', message: `not valid JSON: ${REASON}`, ...AT });
  });
});

interface LogLine {
  readonly msg?: string;
  readonly problems?: RuleProblem[];
  readonly err?: { readonly message?: string };
}

function logLines(stdout: string): LogLine[] {
  return stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as LogLine);
}

/** `src/main.ts` as `npm run dev` starts it, until it exits (a start-up failure) or 30 s pass. */
function startMain(env: Readonly<Record<string, string>>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'src/main.ts')], {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      PORT: '0',
      CTC_HOST: '127.0.0.1',
      CTC_WATCH_RULES: 'off',
      CTC_PIPELINE_THREAD: 'off',
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  return new Promise((resolve) =>
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    }),
  );
}
