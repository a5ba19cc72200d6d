// An OpenID-Certified authorization server (oidc-provider) on loopback, for the interop suite.
//
//   node provider.mjs PORT PREFIX
//
// Serves under PREFIX ("" or a path such as "/op") with Contio's endpoint paths, two clients
// (RS256 ID tokens with client_secret_basic; ES256 with client_secret_post) whose secret holds
// characters RFC 3986 reserves and a space, PKCE S256 required, refresh tokens rotated,
// introspection and revocation on. Signing keys are new at every start: restarting on the same
// port is a key rotation. Any authorization is approved at once as the user "interop-user"
// (no pages): the interaction route logs in and grants what was asked. Prints one JSON line
// with the issuer once it listens.
import http from 'node:http';
import crypto from 'node:crypto';
import { exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';

const port = Number(process.argv[2]);
const prefix = process.argv[3] || '';
const issuer = `http://127.0.0.1:${port}${prefix}`;
const SECRET = 'a+b/c%d=e f%2B==';
const REDIRECT_URI = 'http://127.0.0.1/cb';

async function key(alg, options) {
  const { privateKey } = await generateKeyPair(alg, { extractable: true, ...options });
  const jwk = await exportJWK(privateKey);
  return { ...jwk, alg, use: 'sig', kid: `${alg.toLowerCase()}-${crypto.randomUUID().slice(0, 8)}` };
}

const client = (id, alg, method) => ({
  client_id: id,
  client_secret: SECRET,
  redirect_uris: [REDIRECT_URI],
  grant_types: ['authorization_code', 'refresh_token'],
  response_types: ['code'],
  token_endpoint_auth_method: method,
  id_token_signed_response_alg: alg,
});

const provider = new Provider(issuer, {
  clients: [
    client('interop-rs256', 'RS256', 'client_secret_basic'),
    client('interop-es256', 'ES256', 'client_secret_post'),
  ],
  jwks: { keys: [await key('RS256', { modulusLength: 2048 }), await key('ES256')] },
  cookies: { keys: ['interop-suite-cookie-signing-key'] },
  claims: { openid: ['sub'], email: ['email', 'email_verified'] },
  scopes: ['openid', 'email', 'offline_access'],
  features: {
    devInteractions: { enabled: false },
    introspection: { enabled: true },
    revocation: { enabled: true },
  },
  pkce: { required: () => true },
  rotateRefreshToken: true,
  issueRefreshToken: async (ctx, c) => c.grantTypeAllowed('refresh_token'),
  findAccount: async (ctx, sub) => ({
    accountId: sub,
    claims: async () => ({ sub, email: 'interop@example.com', email_verified: true }),
  }),
  interactions: { url: (ctx, interaction) => `${prefix}/interaction/${interaction.uid}` },
  routes: {
    authorization: '/oauth2/authorize',
    token: '/oauth2/token',
    userinfo: '/oauth2/userInfo',
    introspection: '/oauth2/introspect',
    revocation: '/oauth2/revoke',
    jwks: '/.well-known/jwks.json',
  },
});

async function approve(req, res) {
  const { params } = await provider.interactionDetails(req, res);
  const grant = new provider.Grant({ accountId: 'interop-user', clientId: params.client_id });
  grant.addOIDCScope(params.scope);
  const grantId = await grant.save();
  await provider.interactionFinished(
    req,
    res,
    { login: { accountId: 'interop-user' }, consent: { grantId } },
    { mergeWithLastSubmission: false },
  );
}

const handle = provider.callback();
const server = http.createServer(async (req, res) => {
  if (prefix && !req.url.startsWith(`${prefix}/`)) {
    res.statusCode = 404;
    res.end();
    return;
  }
  req.originalUrl = req.url;
  req.url = req.url.slice(prefix.length);
  try {
    if (req.url.startsWith('/interaction/')) {
      await approve(req, res);
    } else {
      handle(req, res);
    }
  } catch (error) {
    res.statusCode = 500;
    res.end(String(error));
  }
});
server.keepAliveTimeout = 1000;
server.listen(port, '127.0.0.1', () => {
  console.log(JSON.stringify({ issuer }));
});
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => process.exit(0));
}
