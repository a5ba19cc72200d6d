// An OpenID-Certified relying party (openid-client) through the whole lifecycle against the
// mock, for the interop suite.
//
//   node rp.mjs MOCK_BASE_URL CLIENT_ID CLIENT_SECRET REDIRECT_URI AUTH_METHOD
//
// The mock must approve authorization requests at once (MockConfig(auto_approve_email=...)).
// AUTH_METHOD is client_secret_basic (openid-client form-encodes the credentials, as RFC 6749
// §2.3.1 says) or client_secret_post. Prints one JSON line per step: {"step", "ok", ...}; the
// first failure ends the run with status 1.
import * as client from 'openid-client';

const [base, clientId, clientSecret, redirectUri, method] = process.argv.slice(2);
const report = (step, details = {}) => console.log(JSON.stringify({ step, ok: true, ...details }));

async function main() {
  const auth = method === 'client_secret_post'
    ? client.ClientSecretPost(clientSecret)
    : client.ClientSecretBasic(clientSecret);
  const config = await client.discovery(new URL(base), clientId, undefined, auth, {
    execute: [client.allowInsecureRequests],
  });
  const metadata = config.serverMetadata();
  report('discovery', {
    issuer: metadata.issuer,
    pkce: metadata.code_challenge_methods_supported,
    supportsPKCE: config.serverMetadata().supportsPKCE(),
  });

  const verifier = client.randomPKCECodeVerifier();
  const nonce = client.randomNonce();
  const state = client.randomState();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: 'openid email profile',
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    nonce,
    state,
  });
  const approved = await fetch(url, { redirect: 'manual' });
  const callback = new URL(approved.headers.get('location'));
  report('authorization', { status: approved.status, code: callback.searchParams.has('code') });

  const tokens = await client.authorizationCodeGrant(config, callback, {
    pkceCodeVerifier: verifier,
    expectedNonce: nonce,
    expectedState: state,
    idTokenExpected: true,
  });
  const claims = tokens.claims();
  report('code exchange', { sub: claims.sub, aud: claims.aud, refresh: Boolean(tokens.refresh_token) });

  const info = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
  report('userinfo', { sub: info.sub, email: info.email });

  const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token);
  report('refresh', { rotated: refreshed.refresh_token !== tokens.refresh_token });

  const active = await client.tokenIntrospection(config, refreshed.access_token);
  report('introspection', { active: active.active, token_type: active.token_type, sub: active.sub });

  await client.tokenRevocation(config, refreshed.refresh_token, { token_type_hint: 'refresh_token' });
  const after = await client.tokenIntrospection(config, refreshed.access_token);
  report('revocation', { active_after: after.active });
}

main().catch((error) => {
  console.log(JSON.stringify({ step: 'failed', ok: false, error: String(error), code: error.code }));
  process.exit(1);
});
