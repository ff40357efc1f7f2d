// SMART App Launch 2.0, EHR launch: the EHR opens /smart/launch?iss=…&launch=…. fhirclient discovers the
// server's .well-known/smart-configuration and redirects to its authorization endpoint with PKCE (S256)
// and `launch`; the scopes are the narrowest reads that work, in v2 syntax unless the server says v1 only.
import FHIR from 'fhirclient';
import { failureOf } from '../../src/smart/smart-failure.ts';
import { fetchOwnJson, showFailure, showStatus } from './smart-page.js';

/** v2 (`patient/Observation.rs`) unless the server advertises only v1 (`patient/Observation.read`). */
function scopesFor(client, configuration) {
  const capabilities = Array.isArray(configuration?.capabilities) ? configuration.capabilities : [];
  const supported = Array.isArray(configuration?.scopes_supported) ? configuration.scopes_supported : [];
  const v1Only = (capabilities.includes('permission-v1') && !capabilities.includes('permission-v2')) || (supported.some((s) => /\.read$/.test(s)) && !supported.some((s) => /\.(c?r?u?d?s)$/.test(s) && !/\.read$/.test(s)));
  return v1Only ? client.scopes.v1 : client.scopes.v2;
}

async function launch() {
  const params = new URLSearchParams(location.search);
  const iss = params.get('iss');
  if (!iss || !params.get('launch')) {
    showFailure(failureOf(new Error("No 'state' parameter found"), { fhirBase: iss ?? undefined, expiresAt: undefined, nowSeconds: Date.now() / 1000 }));
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
    scope: scopesFor(client, configuration),
    redirectUri: client.redirect_uris[0],
    iss,
    launch: params.get('launch'),
    pkceMode: 'required',
  });
}

launch().catch((error) => showFailure(failureOf(error, { fhirBase: new URLSearchParams(location.search).get('iss') ?? undefined, expiresAt: undefined, nowSeconds: Date.now() / 1000 })));
