/**
 * Every call a partner app makes, through the fetch client that @hey-api/openapi-ts generates
 * from `openapi/contio-oauth.yaml` (in `./client`, see check.sh), and the authorization URL
 * built from the operation's typed query, and OpenID Connect discovery with the key set.
 * `tsc --strict` fails when one of them cannot be
 * expressed.
 */
import { createClient, createConfig, type Client } from "./client/client";
import {
  exchangeOauthToken,
  getOauthJwks,
  getOauthUserInfo,
  getOpenidConfiguration,
  introspectOauthToken,
  revokeOauthToken,
} from "./client/sdk.gen";
import type {
  AuthorizeOauthData,
  JsonWebKeySet,
  OpenIdConfiguration,
  TokenIntrospection,
  TokenRequest,
  TokenResponse,
  UserInfo,
} from "./client/types.gen";

export interface Partner {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
}

/** One client: HTTP Basic for the partner's calls, the user's token for user info. */
export function contioClient(partner: Partner, accessToken?: string): Client {
  return createClient(
    createConfig({
      baseUrl: partner.baseUrl,
      auth: (auth) =>
        auth.scheme === "basic" ? `${partner.clientId}:${partner.clientSecret}` : accessToken,
    }),
  );
}

/** The URL to send the user's browser to: built, never fetched (the answer is a redirect). */
export function authorizationUrl(partner: Partner, state: string, challenge: string): string {
  const query: AuthorizeOauthData["query"] = {
    response_type: "code",
    client_id: partner.clientId,
    redirect_uri: partner.redirectUri,
    scope: "openid profile meetings:read",
    state,
    code_challenge: challenge,
    code_challenge_method: "S256",
  };
  return contioClient(partner).buildUrl<AuthorizeOauthData>({ url: "/oauth2/authorize", query });
}

async function token(client: Client, body: TokenRequest): Promise<TokenResponse> {
  const { data } = await exchangeOauthToken({ client, body, throwOnError: true });
  return data;
}

export function exchangeCode(client: Client, partner: Partner, code: string, verifier: string) {
  return token(client, {
    grant_type: "authorization_code",
    code,
    redirect_uri: partner.redirectUri,
    code_verifier: verifier,
  });
}

export function refresh(client: Client, refreshToken: string): Promise<TokenResponse> {
  return token(client, { grant_type: "refresh_token", refresh_token: refreshToken });
}

export function clientToken(client: Client, scope: string): Promise<TokenResponse> {
  return token(client, { grant_type: "client_credentials", scope });
}

export async function introspect(client: Client, value: string): Promise<TokenIntrospection> {
  const body = { token: value, token_type_hint: "access_token" as const };
  const { data } = await introspectOauthToken({ client, body, throwOnError: true });
  return data;
}

export async function revoke(client: Client, refreshToken: string): Promise<void> {
  const body = { token: refreshToken, token_type_hint: "refresh_token" as const };
  await revokeOauthToken({ client, body, throwOnError: true });
}

export async function userInfo(partner: Partner, accessToken: string): Promise<UserInfo> {
  const client = contioClient(partner, accessToken);
  const { data } = await getOauthUserInfo({ client, throwOnError: true });
  return data;
}

/** OpenID Connect discovery and the key set that verifies ID tokens: no authentication. */
export async function signingKeys(partner: Partner): Promise<string> {
  const client = contioClient(partner);
  const discovered = await getOpenidConfiguration({ client, throwOnError: true });
  const discovery: OpenIdConfiguration = discovered.data;
  const keySet: JsonWebKeySet = (await getOauthJwks({ client, throwOnError: true })).data;
  const kids = keySet.keys.map((key) => key.kid ?? key.kty);
  return `${discovery.issuer} ${discovery.jwks_uri} ${kids.join(",")}`;
}

/** The whole life of a user's tokens; `expires_in` may be absent (RFC 6749 §5.1). */
export async function lifecycle(partner: Partner, code: string, verifier: string): Promise<string> {
  const client = contioClient(partner);
  const first = await exchangeCode(client, partner, code, verifier);
  const info = await introspect(client, first.access_token);
  const user = await userInfo(partner, first.access_token);
  const next = first.refresh_token ? await refresh(client, first.refresh_token) : first;
  if (next.refresh_token) await revoke(client, next.refresh_token);
  const app = await clientToken(client, "meetings:read");
  const keys = await signingKeys(partner);
  return `${user.sub} ${info.active} ${next.expires_in ?? "unknown"} ${app.token_type} ${keys}`;
}
