import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { createLocalJWKSet, exportJWK, generateKeyPair, jwtVerify, type JWK } from 'jose';
import { Provider, errors, type KoaContextLike, type TokenLike } from 'oidc-provider';
import { listenOnLoopback } from './free-port.ts';

/**
 * A real OAuth 2.0 authorization server on loopback for the SMART app's tests (issue 19): oidc-provider,
 * configured as an EHR's SMART server. Authorization code with PKCE (required), the `launch` parameter,
 * SMART v2 and v1 read scopes for one resource server (the test FHIR server) with JWT access tokens, and
 * auto-consent (or refusal) in place of a login page.
 *
 * The one adapter: oidc-provider has no setting for extra token-response members, so a post-middleware
 * (oidc-provider's documented `provider.use` extension point) adds SMART's `patient` and `appContext` to
 * the token endpoint's JSON. The same patient goes into the access token as a claim (`extraTokenClaims`),
 * so the FHIR server can keep the token to that patient.
 */
export interface SmartLaunchContext {
  readonly patient: string;
  /** The card link's appContext, passed to the app in the token response (CDS Hooks 2.0 Link). */
  readonly appContext?: string;
}

interface SmartAuthServerOptions {
  /** The FHIR base URL: the `iss` of launches and the audience of access tokens. */
  readonly fhirBaseUrl: string;
  readonly clientId: string;
  readonly redirectUris: readonly string[];
  readonly accessTokenTtlSeconds?: number;
}

export interface SmartAuthServer {
  readonly issuer: string;
  /** A launch id the EHR puts in the launch URL, bound to a patient and the card's appContext. */
  newLaunch(context: SmartLaunchContext): string;
  /** What the "user" answers at the next authorizations: consent, or decline (`access_denied`). */
  setDecision(decision: 'consent' | 'deny'): void;
  /** Which scope syntaxes the server's smart-configuration advertises (the provider accepts both). */
  setAdvertisedPermissions(versions: readonly ('v1' | 'v2')[]): void;
  /** The lifetime of access tokens issued from now on (seconds). */
  setAccessTokenTtl(seconds: number): void;
  /** Scopes the "EHR" leaves out of the next grants although the app asked for them (an admin's narrower policy). */
  setWithheldScopes(scopes: readonly string[]): void;
  /** The FHIR server's `.well-known/smart-configuration` for this server. */
  smartConfiguration(): Readonly<Record<string, unknown>>;
  /** The FHIR server's access check: a valid JWT from this server, a read scope for the type, the launch's patient. */
  checkAccess(request: {
    readonly authorization: string | undefined;
    readonly url: URL;
  }): Promise<{ readonly status: 401 | 403; readonly text: string } | undefined>;
  /** Every access token the token endpoint issued. */
  readonly issuedTokens: readonly string[];
  stop(): Promise<void>;
}

const RESOURCE_TYPES = ['Patient', 'Observation', 'Condition', 'MedicationRequest', 'MedicationAdministration', 'Procedure'];
const V2_SCOPES = RESOURCE_TYPES.map((t) => `patient/${t}.${t === 'Patient' ? 'r' : 'rs'}`);
const V1_SCOPES = RESOURCE_TYPES.map((t) => `patient/${t}.read`);
const ACCOUNT = 'clinician-1';

export async function startSmartAuthServer(options: SmartAuthServerOptions): Promise<SmartAuthServer> {
  const launches = new Map<string, SmartLaunchContext>();
  const launchByGrant = new Map<string, SmartLaunchContext>();
  const issuedTokens: string[] = [];
  let decision: 'consent' | 'deny' = 'consent';
  let withheld = new Set<string>();
  let accessTokenTtl = options.accessTokenTtlSeconds ?? 300;
  let advertised: readonly ('v1' | 'v2')[] = ['v1', 'v2'];
  const resource = options.fhirBaseUrl;
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = 'smart-test-key';
  const privateJwk: JWK = { ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' };
  const publicJwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  const jwks = createLocalJWKSet({ keys: [publicJwk] });

  let provider: Provider | undefined;
  let issuer = '';
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(error instanceof Error ? error.message : String(error));
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!provider) throw new Error('the provider is not ready');
    if ((req.url ?? '').startsWith('/interaction/')) {
      await interact(provider, req, res);
      return;
    }
    provider.callback()(req, res);
  }

  /** The EHR's login and consent screens, answered at once: the clinician is signed in and consents (or declines). */
  async function interact(p: Provider, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const details = await p.interactionDetails(req, res);
    if (decision === 'deny') {
      await p.interactionFinished(
        req,
        res,
        { error: 'access_denied', error_description: 'The user declined to share the record.' },
        { mergeWithLastSubmission: false },
      );
      return;
    }
    const launchId = details.params.launch;
    const launch = typeof launchId === 'string' ? launches.get(launchId) : undefined;
    if (!launch) {
      await p.interactionFinished(
        req,
        res,
        { error: 'invalid_request', error_description: 'unknown or missing launch' },
        { mergeWithLastSubmission: false },
      );
      return;
    }
    const clientId = String(details.params.client_id);
    const grant = new p.Grant({ accountId: ACCOUNT, clientId });
    const oidcScopes = details.prompt.details.missingOIDCScope ?? [];
    if (oidcScopes.length > 0) grant.addOIDCScope(oidcScopes.join(' '));
    for (const [indicator, scopes] of Object.entries(details.prompt.details.missingResourceScopes ?? {})) {
      grant.addResourceScope(indicator, scopes.filter((scope) => !withheld.has(scope)).join(' '));
      // Recorded as refused, so the provider does not ask again for what was withheld.
      const refused = scopes.filter((scope) => withheld.has(scope));
      if (refused.length > 0) grant.rejectResourceScope(indicator, refused.join(' '));
    }
    const grantId = await grant.save();
    launchByGrant.set(grantId, launch);
    await p.interactionFinished(req, res, { login: { accountId: ACCOUNT }, consent: { grantId } }, { mergeWithLastSubmission: false });
  }

  const listening = await listenOnLoopback(server);
  issuer = `http://127.0.0.1:${listening.port}`;
  provider = new Provider(issuer, {
    clients: [
      {
        client_id: options.clientId,
        token_endpoint_auth_method: 'none',
        redirect_uris: [...options.redirectUris],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    jwks: { keys: [privateJwk] },
    cookies: { keys: [randomBytes(16).toString('hex')] },
    scopes: ['openid', 'launch', 'fhirUser'],
    claims: { openid: ['sub'], fhirUser: ['fhirUser'] },
    findAccount: (_ctx: unknown, id: string) => ({
      accountId: id,
      claims: () => ({ sub: id, fhirUser: `${resource}/Practitioner/${id}` }),
    }),
    extraParams: ['launch'],
    pkce: { required: () => true },
    ttl: { AccessToken: () => accessTokenTtl, AuthorizationCode: 60, Grant: 600, Interaction: 600, Session: 600, IdToken: 300 },
    // Errors shown to the browser as JSON (a test reads them; no HTML error page to look at).
    renderError: (ctx: { type: string; body: unknown }, out: Readonly<Record<string, unknown>>) => {
      ctx.type = 'json';
      ctx.body = out;
    },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    clientBasedCORS: (_ctx: unknown, origin: string, client: { redirectUris: string[] }) =>
      client.redirectUris.some((uri) => new URL(uri).origin === origin),
    // A grant only from this authorization's own consent, never the session's last one: every launch meets
    // the consent step (where the test decides), as each launch context is new.
    loadExistingGrant: (ctx: {
      oidc: { result?: { consent?: { grantId?: string } }; provider: { Grant: { find(id: string): Promise<unknown> } } };
    }) => {
      const grantId = ctx.oidc.result?.consent?.grantId;
      return grantId ? ctx.oidc.provider.Grant.find(grantId) : undefined;
    },
    extraTokenClaims: (_ctx: unknown, token: TokenLike) => {
      const launch = token.grantId ? launchByGrant.get(token.grantId) : undefined;
      return launch ? { patient: launch.patient } : undefined;
    },
    features: {
      devInteractions: { enabled: false },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => resource,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx: unknown, indicator: string) => {
          if (indicator !== resource) throw new errors.InvalidTarget();
          return {
            scope: [...V2_SCOPES, ...V1_SCOPES].join(' '),
            audience: resource,
            accessTokenFormat: 'jwt',
            accessTokenTTL: accessTokenTtl,
            jwt: { sign: { alg: 'RS256' } },
          };
        },
      },
    },
  });
  // SMART's launch context in the token response: the smallest adapter (see above).
  provider.use(async (ctx: KoaContextLike, next) => {
    await next();
    if (ctx.oidc?.route !== 'token' || ctx.status !== 200 || typeof ctx.body !== 'object' || ctx.body === null) return;
    const body = ctx.body as Record<string, unknown>;
    const grantId = ctx.oidc.entities.AuthorizationCode?.grantId;
    const launch = grantId ? launchByGrant.get(grantId) : undefined;
    if (typeof body.access_token === 'string') issuedTokens.push(body.access_token);
    if (launch)
      Object.assign(body, { patient: launch.patient, ...(launch.appContext !== undefined ? { appContext: launch.appContext } : {}) });
  });

  return {
    issuer,
    issuedTokens,
    newLaunch: (context) => {
      const id = randomBytes(12).toString('base64url');
      launches.set(id, context);
      return id;
    },
    setDecision: (next) => {
      decision = next;
    },
    setAdvertisedPermissions: (versions) => {
      advertised = [...versions];
    },
    setAccessTokenTtl: (seconds) => {
      accessTokenTtl = seconds;
    },
    setWithheldScopes: (scopes) => {
      withheld = new Set(scopes);
    },
    smartConfiguration: () => ({
      issuer,
      authorization_endpoint: `${issuer}/auth`,
      token_endpoint: `${issuer}/token`,
      jwks_uri: `${issuer}/jwks`,
      grant_types_supported: ['authorization_code'],
      response_types_supported: ['code'],
      code_challenge_methods_supported: ['S256'],
      token_endpoint_auth_methods_supported: ['none'],
      scopes_supported: [
        'openid',
        'fhirUser',
        'launch',
        ...(advertised.includes('v2') ? V2_SCOPES : []),
        ...(advertised.includes('v1') ? V1_SCOPES : []),
      ],
      capabilities: [
        'launch-ehr',
        'client-public',
        'context-ehr-patient',
        'sso-openid-connect',
        'permission-patient',
        ...advertised.map((v) => `permission-${v}`),
      ],
    }),
    checkAccess: async ({ authorization, url }) => {
      const token = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
      if (!token) return { status: 401, text: 'a bearer token is required' };
      let payload: Record<string, unknown>;
      try {
        ({ payload } = await jwtVerify(token, jwks, { issuer, audience: resource, typ: 'at+jwt' }));
      } catch (error) {
        return { status: 401, text: `the access token was refused: ${(error as Error).message}` };
      }
      const path = url.pathname.slice(new URL(resource).pathname.length).replace(/^\/+/, '');
      const [type, id] = path.split('/');
      const scopes = String(payload.scope ?? '').split(' ');
      const readable = scopes.some((s) => s === `patient/${type}.rs` || s === `patient/${type}.r` || s === `patient/${type}.read`);
      if (!type || !readable) return { status: 403, text: `no read scope for ${type ?? 'this request'}` };
      const patient =
        type === 'Patient' ? id : (url.searchParams.get('patient') ?? url.searchParams.get('subject')?.replace(/^Patient\//, ''));
      if (patient !== payload.patient) return { status: 403, text: 'the token is for another patient' };
      return undefined;
    },
    stop: listening.stop,
  };
}
