// Every call a partner app makes, through the client that openapi-generator's go generator
// makes from openapi/contio-oauth.yaml (check.sh copies this file into the generated module as
// cmd/usage/main.go). `go build` fails when one of them cannot be expressed.
package main

import (
	"context"
	"fmt"
	"net/url"
	"os"

	contio "github.com/contio-python/contio-oauth-go"
)

type partner struct {
	baseURL, clientID, clientSecret, redirectURI string
}

func (p partner) api() *contio.OauthAPIService {
	cfg := contio.NewConfiguration()
	cfg.Servers = contio.ServerConfigurations{{URL: p.baseURL}}
	return contio.NewAPIClient(cfg).OauthAPI
}

// asPartner authenticates the partner app's calls with HTTP Basic (client_secret_basic).
func (p partner) asPartner() context.Context {
	basic := contio.BasicAuth{UserName: p.clientID, Password: p.clientSecret}
	return context.WithValue(context.Background(), contio.ContextBasicAuth, basic)
}

// authorizationURL is where the user's browser goes: built, never requested.
func (p partner) authorizationURL(state, challenge string) string {
	query := url.Values{
		"response_type": {"code"}, "client_id": {p.clientID}, "redirect_uri": {p.redirectURI},
		"scope": {"openid profile"}, "state": {state},
		"code_challenge": {challenge}, "code_challenge_method": {"S256"},
	}
	return p.baseURL + "/oauth2/authorize?" + query.Encode()
}

func (p partner) lifecycle(code, verifier string) error {
	api, ctx := p.api(), p.asPartner()
	first, _, err := api.ExchangeOauthToken(ctx).GrantType("authorization_code").
		Code(code).RedirectUri(p.redirectURI).CodeVerifier(verifier).Execute()
	if err != nil {
		return err
	}
	info, _, err := api.IntrospectOauthToken(ctx).Token(first.AccessToken).
		TokenTypeHint("access_token").Execute()
	if err != nil {
		return err
	}
	user := context.WithValue(context.Background(), contio.ContextAccessToken, first.AccessToken)
	claims, _, err := api.GetOauthUserInfo(user).Execute()
	if err != nil {
		return err
	}
	next, _, err := api.ExchangeOauthToken(ctx).GrantType("refresh_token").
		RefreshToken(first.GetRefreshToken()).Execute()
	if err != nil {
		return err
	}
	if _, err := api.RevokeOauthToken(ctx).Token(next.GetRefreshToken()).
		TokenTypeHint("refresh_token").Execute(); err != nil {
		return err
	}
	app, _, err := api.ExchangeOauthToken(ctx).GrantType("client_credentials").
		Scope("meetings:read").Execute()
	if err != nil {
		return err
	}
	// expires_in may be absent (RFC 6749 §5.1 only recommends it).
	expires, known := next.GetExpiresInOk()
	fmt.Println(claims.Sub, info.Active, known, expires != nil, app.TokenType)
	return nil
}

// signingKeys reads OpenID Connect discovery and the key set that verifies ID tokens (no
// authentication): the issuer, the key set's URL and the keys' ids.
func (p partner) signingKeys() (string, error) {
	api, ctx := p.api(), context.Background()
	discovery, _, err := api.GetOpenidConfiguration(ctx).Execute()
	if err != nil {
		return "", err
	}
	keySet, _, err := api.GetOauthJwks(ctx).Execute()
	if err != nil {
		return "", err
	}
	kids := make([]string, 0, len(keySet.Keys))
	for _, key := range keySet.Keys {
		kids = append(kids, key.GetKid()+"/"+key.Kty)
	}
	return fmt.Sprint(discovery.Issuer, " ", discovery.JwksUri, " ", kids), nil
}

func main() {
	if len(os.Args) != 6 {
		fmt.Fprintln(os.Stderr, "usage: usage BASE_URL CLIENT_ID CLIENT_SECRET REDIRECT_URI CODE")
		os.Exit(2)
	}
	p := partner{os.Args[1], os.Args[2], os.Args[3], os.Args[4]}
	fmt.Println(p.authorizationURL("state", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"))
	if err := p.lifecycle(os.Args[5], "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	keys, err := p.signingKeys()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println(keys)
}
