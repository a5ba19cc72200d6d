// Every call a partner app makes, through the client that openapi-generator's java generator
// (library native: java.net.http and Jackson) makes from openapi/contio-oauth.yaml. check.sh
// compiles it with the generated sources; javac fails when one of them cannot be expressed.
package ai.contio.oauth.usage;

import ai.contio.oauth.ApiClient;
import ai.contio.oauth.ApiException;
import ai.contio.oauth.api.OauthApi;
import ai.contio.oauth.model.JSONWebKey;
import ai.contio.oauth.model.JSONWebKeySet;
import ai.contio.oauth.model.OpenIDConfiguration;
import ai.contio.oauth.model.TokenIntrospection;
import ai.contio.oauth.model.TokenResponse;
import ai.contio.oauth.model.UserInfo;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

public final class Usage {
  private Usage() {}

  /** The native library has no HTTP authentication of its own: an interceptor adds it. */
  static OauthApi api(String baseUrl, String authorization) {
    ApiClient client = new ApiClient();
    client.updateBaseUri(baseUrl);
    client.setRequestInterceptor(request -> request.header("Authorization", authorization));
    return new OauthApi(client);
  }

  /** HTTP Basic with the partner app's credentials (client_secret_basic). */
  static String basic(String clientId, String clientSecret) {
    String pair = clientId + ":" + clientSecret;
    return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
  }

  /** The whole life of a user's tokens; expires_in may be absent (RFC 6749 §5.1). */
  static String lifecycle(
      String baseUrl, String clientId, String secret, URI redirectUri, String code, String verifier)
      throws ApiException {
    OauthApi partner = api(baseUrl, basic(clientId, secret));
    TokenResponse first =
        partner.exchangeOauthToken(
            "authorization_code", code, redirectUri, verifier, null, null, null, null);
    TokenIntrospection info =
        partner.introspectOauthToken(first.getAccessToken(), "access_token", null, null);
    UserInfo user = api(baseUrl, "Bearer " + first.getAccessToken()).getOauthUserInfo();
    TokenResponse next =
        partner.exchangeOauthToken(
            "refresh_token", null, null, null, null, null, first.getRefreshToken(), null);
    if (next.getRefreshToken() != null) {
      partner.revokeOauthToken(next.getRefreshToken(), "refresh_token", null, null);
    }
    TokenResponse app =
        partner.exchangeOauthToken(
            "client_credentials", null, null, null, null, null, null, "meetings:read");
    Long expiresIn = next.getExpiresIn();
    return user.getSub() + " " + info.getActive() + " " + expiresIn + " " + app.getTokenType();
  }

  /** OpenID Connect discovery and the key set that verifies ID tokens: no authentication. */
  static String signingKeys(String baseUrl) throws ApiException {
    ApiClient client = new ApiClient();
    client.updateBaseUri(baseUrl);
    OauthApi api = new OauthApi(client);
    OpenIDConfiguration discovery = api.getOpenidConfiguration();
    JSONWebKeySet keySet = api.getOauthJwks();
    StringBuilder kids = new StringBuilder();
    for (JSONWebKey key : keySet.getKeys()) {
      kids.append(' ').append(key.getKid() != null ? key.getKid() : key.getKty());
    }
    return discovery.getIssuer() + " " + discovery.getJwksUri() + kids;
  }

  public static void main(String[] args) throws ApiException {
    if (args.length != 6) {
      System.err.println("usage: Usage BASE_URL CLIENT_ID SECRET REDIRECT_URI CODE VERIFIER");
      System.exit(2);
    }
    System.out.println(lifecycle(args[0], args[1], args[2], URI.create(args[3]), args[4], args[5]));
    System.out.println(signingKeys(args[0]));
  }
}
