import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Env } from '../util/env-parsers.ts';
import { parseServerConfig, type ServerConfig } from './server-config.ts';
import { parseAuthConfig, authOffProblem, type AuthConfig } from '../auth/auth-config.ts';
import { parseStoreConfig, type StoreConfig } from '../store/store-config.ts';

/** The repository root: rules/, cds-hooks/ and fhir-fixtures/ are found relative to it. */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface Config {
  readonly server: ServerConfig;
  readonly auth: AuthConfig;
  readonly store: StoreConfig;
  readonly dataDir: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

/**
 * The only reader of the environment (README.md#configuration lists every variable).
 * All problems are collected and reported together.
 */
export function loadConfig(env: Env = process.env, root = PROJECT_ROOT): Config {
  // One data directory for the service, its store and the CLI: relative paths resolve against the project root.
  const dataDir = path.resolve(root, env.CTC_DATA_DIR?.trim() || 'data');
  const server = parseServerConfig(env, root);
  const auth = parseAuthConfig({ ...env });
  const store = parseStoreConfig({ ...env, CTC_DATA_DIR: dataDir });
  const problems = [...server.problems, ...auth.problems, ...store.problems];
  if (auth.value.mode === 'off') {
    const problem = authOffProblem(server.value.host);
    if (problem) problems.push(problem);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return { server: server.value, auth: auth.value, store: store.value, dataDir };
}
