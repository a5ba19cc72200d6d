/**
 * Every call a partner app makes, through the client that openapi-generator's typescript-fetch
 * generator makes from `openapi/contio-oauth.yaml` (in `./client`, see check.sh), and OpenID
 * Connect discovery with the key set. `tsc --strict` fails when one of them cannot be
 * expressed: a grant the generated enum lacks, a field the generated request lacks, a response
 * field of another type.
 */
import {
  Configuration,
  ExchangeOauthTokenGrantTypeEnum,
  IntrospectOauthTokenTokenTypeHintEnum,
  type JSONWebKeySet,
  OauthApi,
  type OpenIDConfiguration,
  ResponseError,
  RevokeOauthTokenTokenTypeHintEnum,
  type TokenIntrospection,
  type TokenResponse,
  type UserInfo,
} from "./client/index";

export interface Partner {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
}

/** The partner app's calls: HTTP Basic with its credentials (client_secret_basic). */
function partnerApi(partner: Partner): OauthApi {
  return new OauthApi(
    new Configuration({
      basePath: partner.baseUrl,
      username: partner.clientId,
      password: partner.clientSecret,
    }),
  );
}

/** authorization_code, with the PKCE verifier of the authorization request. */
export function exchangeCode(
  partner: Partner,
  code: string,
  codeVerifier: string,
): Promise<TokenResponse> {
  return partnerApi(partner).exchangeOauthToken({
    grantType: ExchangeOauthTokenGrantTypeEnum.AuthorizationCode,
    code,
    redirectUri: partner.redirectUri,
    codeVerifier,
  });
}

/** refresh_token: the answer carries the rotated refresh token. */
export function refresh(partner: Partner, refreshToken: string): Promise<TokenResponse> {
  return partnerApi(partner).exchangeOauthToken({
    grantType: ExchangeOauthTokenGrantTypeEnum.RefreshToken,
    refreshToken,
  });
}

/** client_credentials: a token for the partner app itself. */
export function clientToken(partner: Partner, scope: string): Promise<TokenResponse> {
  return partnerApi(partner).exchangeOauthToken({
    grantType: ExchangeOauthTokenGrantTypeEnum.ClientCredentials,
    scope,
  });
}

export async function introspect(
  partner: Partner,
  token: string,
): Promise<TokenIntrospection> {
  return partnerApi(partner).introspectOauthToken({
    token,
    tokenTypeHint: IntrospectOauthTokenTokenTypeHintEnum.AccessToken,
  });
}

export function revoke(partner: Partner, refreshToken: string): Promise<void> {
  return partnerApi(partner).revokeOauthToken({
    token: refreshToken,
    tokenTypeHint: RevokeOauthTokenTokenTypeHintEnum.RefreshToken,
  });
}

/** The user's calls: the access token as a Bearer token. */
export function userInfo(baseUrl: string, accessToken: string): Promise<UserInfo> {
  return new OauthApi(new Configuration({ basePath: baseUrl, accessToken })).getOauthUserInfo();
}

/** OpenID Connect discovery and the key set that verifies ID tokens: no authentication. */
export async function signingKeys(baseUrl: string): Promise<string> {
  const api = new OauthApi(new Configuration({ basePath: baseUrl }));
  const discovery: OpenIDConfiguration = await api.getOpenidConfiguration();
  const keySet: JSONWebKeySet = await api.getOauthJwks();
  const kids = keySet.keys.map((key) => key.kid ?? key.kty);
  return `${discovery.issuer} ${discovery.jwksUri} ${kids.join(",")}`;
}

/** Seconds until expiry, or undefined: RFC 6749 only recommends `expires_in`. */
export function expiresIn(tokens: TokenResponse): number | undefined {
  return tokens.expiresIn;
}

/** The whole life of a user's tokens, and an OAuth error's `error` code on failure. */
export async function lifecycle(partner: Partner, code: string, verifier: string): Promise<string> {
  try {
    const first = await exchangeCode(partner, code, verifier);
    const info: TokenIntrospection = await introspect(partner, first.accessToken);
    const user: UserInfo = await userInfo(partner.baseUrl, first.accessToken);
    const next = first.refreshToken ? await refresh(partner, first.refreshToken) : first;
    if (next.refreshToken) await revoke(partner, next.refreshToken);
    const app = await clientToken(partner, "meetings:read");
    const keys = await signingKeys(partner.baseUrl);
    return `${user.sub} ${info.active} ${expiresIn(next) ?? "unknown"} ${app.tokenType} ${keys}`;
  } catch (error) {
    if (error instanceof ResponseError) {
      const body: unknown = await error.response.json();
      const code = typeof body === "object" && body !== null && "error" in body ? body.error : undefined;
      return `failed: ${error.response.status} ${String(code)}`;
    }
    throw error;
  }
}
