import path from 'node:path';
import type { PatientIdMode } from '../observability/pseudonymize.ts';
import type { LogLevel } from '../observability/logger.ts';
import { EnvReader, type Env } from '../util/env-parsers.ts';
import { isLoopbackHost } from '../auth/loopback.ts';
import { DEFAULT_MAX_CALL_BYTES, DEFAULT_MAX_RESPONSE_BYTES } from '../gather/fhir-http.ts';

/** CTC_SANDBOX as set: `auto` serves the sandbox only when the service binds a loopback address. */
export type SandboxSetting = 'auto' | 'on' | 'off';

/** Settings of the HTTP service and its pipeline. Documented in README.md#configuration. */
export interface ServerConfig {
  readonly host: string;
  readonly port: number;
  readonly bodyLimitBytes: number;
  readonly requestTimeoutMs: number;
  readonly fhirDeadlineMs: number;
  readonly maxResourcesPerKey: number;
  readonly maxFhirPages: number;
  /** Bytes one FHIR fallback response may have; more aborts the read (docs/limits.md). */
  readonly fhirMaxResponseBytes: number;
  /** Bytes all FHIR fallback responses of one call may have together. */
  readonly fhirMaxCallBytes: number;
  readonly corsOrigins: readonly string[];
  readonly logLevel: LogLevel;
  readonly patientIdMode: PatientIdMode;
  /** CTC_PSEUDONYM_SECRET; when unset, compose.ts uses a random secret kept in the data directory. */
  readonly pseudonymSecret: string | undefined;
  readonly rulesDir: string;
  readonly servicesDir: string;
  readonly fixturesDir: string;
  /** Whether the sandbox is served: `sandboxSetting` resolved against `host` (docs/sandbox.md). */
  readonly sandbox: boolean;
  readonly sandboxSetting: SandboxSetting;
  /** Largest JSON body the unauthenticated sandbox API reads (its explain and timeline cost CPU). */
  readonly sandboxBodyLimitBytes: number;
  readonly adminToken: string | undefined;
  readonly watchRules: boolean;
  /** Run service calls' parse, pipeline and answer on a second thread (src/calls/pipeline-thread.ts). */
  readonly pipelineThread: boolean;
}

export function parseServerConfig(env: Env, root: string): { value: ServerConfig; problems: string[] } {
  const read = new EnvReader(env);
  const host = read.string('CTC_HOST', '127.0.0.1');
  const sandboxSetting = sandboxSettingOf(read.oneOf('CTC_SANDBOX', ['auto', 'on', 'off', 'true', 'false', '1', '0'], 'auto'));
  const value: ServerConfig = {
    host,
    port: read.integer('PORT', 3000, 0, 65535),
    bodyLimitBytes: read.integer('CTC_BODY_LIMIT_BYTES', 5 * 1024 * 1024, 1024, 512 * 1024 * 1024),
    requestTimeoutMs: read.integer('CTC_REQUEST_TIMEOUT_MS', 10_000, 100, 600_000),
    fhirDeadlineMs: read.integer('CTC_FHIR_DEADLINE_MS', 2_000, 50, 60_000),
    maxResourcesPerKey: read.integer('CTC_MAX_RESOURCES_PER_KEY', 20_000, 1, 1_000_000),
    maxFhirPages: read.integer('CTC_MAX_FHIR_PAGES', 20, 1, 1_000),
    fhirMaxResponseBytes: read.integer('CTC_FHIR_MAX_RESPONSE_BYTES', DEFAULT_MAX_RESPONSE_BYTES, 1024, 1024 * 1024 * 1024),
    fhirMaxCallBytes: read.integer('CTC_FHIR_MAX_CALL_BYTES', DEFAULT_MAX_CALL_BYTES, 1024, 1024 * 1024 * 1024),
    corsOrigins: read
      .string('CTC_CORS_ORIGINS', '*')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    logLevel: read.oneOf('LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info'),
    patientIdMode: read.oneOf('CTC_PATIENT_ID_MODE', ['pseudonymize', 'clear', 'omit'], 'pseudonymize'),
    pseudonymSecret: read.optionalString('CTC_PSEUDONYM_SECRET'),
    rulesDir: path.resolve(root, read.string('CTC_RULES_DIR', 'rules')),
    servicesDir: path.resolve(root, read.string('CTC_SERVICES_DIR', 'cds-hooks')),
    fixturesDir: path.resolve(root, read.string('CTC_FIXTURES_DIR', 'fhir-fixtures')),
    sandbox: sandboxSetting === 'on' || (sandboxSetting === 'auto' && isLoopbackHost(host)),
    sandboxSetting,
    sandboxBodyLimitBytes: read.integer('CTC_SANDBOX_BODY_LIMIT_BYTES', 512 * 1024, 1024, 64 * 1024 * 1024),
    adminToken: read.optionalString('CTC_ADMIN_TOKEN'),
    watchRules: read.flag('CTC_WATCH_RULES', true),
    pipelineThread: read.flag('CTC_PIPELINE_THREAD', true),
  };
  return { value, problems: read.problems };
}

function sandboxSettingOf(raw: string): SandboxSetting {
  if (raw === 'auto') return 'auto';
  return raw === 'on' || raw === 'true' || raw === '1' ? 'on' : 'off';
}
