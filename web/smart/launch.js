// SMART App Launch 2.0, EHR launch: the EHR opens /smart/launch?iss=…&launch=…. fhirclient discovers the
// server's .well-known/smart-configuration and redirects to its authorization endpoint with PKCE (S256)
// and `launch`; the scopes are the narrowest reads that work, in v2 syntax unless the server says v1 only.
import FHIR from 'fhirclient';
import { failureOf, NOT_LAUNCHED } from '../../src/smart/smart-failure.ts';
import { scopesFor } from '../../src/smart/smart-scopes.ts';
import { fetchOwnJson, showFailure, showStatus } from './smart-page.js';

async function launch() {
  const params = new URLSearchParams(location.search);
  const iss = params.get('iss');
  if (!iss || !params.get('launch')) {
    showFailure(NOT_LAUNCHED);
    return;
  }
  const client = await fetchOwnJson('/smart/client.json');
  let configuration;
  try {
    const response = await fetch(`${iss.replace(/\/+$/, '')}/.well-known/smart-configuration`, { headers: { accept: 'application/json' } });
    configuration = response.ok ? await response.json() : undefined;
  } catch (error) {
    showFailure(failureOf(error, { fhirBase: iss, expiresAt: undefined, nowSeconds: Date.now() / 1000 }));
    return;
  }
  showStatus('Asking the EHR for permission to read this patient’s results…');
  await FHIR.oauth2.authorize({
    clientId: client.client_id,
    scope: scopesFor(client.scopes, configuration),
    redirectUri: client.redirect_uris[0],
    iss,
    launch: params.get('launch'),
    pkceMode: 'required',
  });
}

launch().catch((error) =>
  showFailure(
    failureOf(error, {
      fhirBase: new URLSearchParams(location.search).get('iss') ?? undefined,
      expiresAt: undefined,
      nowSeconds: Date.now() / 1000,
    }),
  ),
);
