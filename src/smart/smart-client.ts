import path from 'node:path';
import { PROJECT_ROOT } from '../config/config.ts';
import { readJsonFile } from '../util/json-file.ts';

/** The SMART client description EHR admins register (config/smart-client.json, docs/smart-app.md). */
export interface SmartClientFile {
  readonly client_id: string;
  readonly client_name: string;
  readonly launch_path: string;
  readonly redirect_paths: readonly string[];
  readonly token_endpoint_auth_method: 'none';
  readonly grant_types: readonly string[];
  readonly response_types: readonly string[];
  readonly pkce: 'S256';
  readonly scopes: { readonly v2: readonly string[]; readonly v1: readonly string[] };
  readonly required_resources: readonly string[];
}

/** The same description with absolute URLs, as `/smart/client.json` serves it to the app and to admins. */
export type SmartClient = Omit<SmartClientFile, 'launch_path' | 'redirect_paths' | 'scopes'> & {
  readonly launch_uri: string;
  readonly redirect_uris: readonly string[];
  readonly scopes: { readonly v2: string; readonly v1: string };
};

const SMART_CLIENT_FILE = path.join(PROJECT_ROOT, 'config', 'smart-client.json');

export function loadSmartClient(publicBaseUrl: string, file = SMART_CLIENT_FILE): SmartClient {
  const raw = readJsonFile(file) as SmartClientFile;
  const base = publicBaseUrl.replace(/\/+$/, '');
  return {
    client_id: raw.client_id,
    client_name: raw.client_name,
    launch_uri: `${base}${raw.launch_path}`,
    redirect_uris: raw.redirect_paths.map((p) => `${base}${p}`),
    token_endpoint_auth_method: raw.token_endpoint_auth_method,
    grant_types: raw.grant_types,
    response_types: raw.response_types,
    pkce: raw.pkce,
    scopes: { v2: raw.scopes.v2.join(' '), v1: raw.scopes.v1.join(' ') },
    required_resources: raw.required_resources,
  };
}
