/** The fields of a server's `.well-known/smart-configuration` that choose the scope syntax (SMART App Launch 2.0 §Capabilities). */
interface SmartConfigurationLike {
  readonly capabilities?: unknown;
  readonly scopes_supported?: unknown;
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

/**
 * The scopes the app asks for: SMART v2 (`patient/Observation.rs`) unless the server says it speaks v1
 * only: `permission-v1` without `permission-v2`, or only `.read`/`.*` resource scopes in `scopes_supported`.
 * A server that says nothing gets v2, the current syntax.
 */
export function scopesFor(scopes: { readonly v2: string; readonly v1: string }, configuration: SmartConfigurationLike | undefined): string {
  const capabilities = strings(configuration?.capabilities);
  if (capabilities.includes('permission-v2')) return scopes.v2;
  if (capabilities.includes('permission-v1')) return scopes.v1;
  const resourceScopes = strings(configuration?.scopes_supported).filter((s) => /^(patient|user|system)\//.test(s));
  const v1Only = resourceScopes.length > 0 && resourceScopes.every((s) => /\.(read|write|\*)$/.test(s));
  return v1Only ? scopes.v1 : scopes.v2;
}
