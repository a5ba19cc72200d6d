//! Every call a partner app makes, through the client that openapi-generator's rust generator
//! makes from openapi/contio-oauth.yaml (check.sh copies this file into the generated crate as
//! examples/usage.rs). `cargo check` fails when one of them cannot be expressed.
use contio_oauth::apis::configuration::Configuration;
use contio_oauth::apis::oauth_api;
use contio_oauth::models;

/// The partner app's calls: HTTP Basic with its credentials (client_secret_basic).
fn partner(base_url: &str, client_id: &str, client_secret: &str) -> Configuration {
    Configuration {
        base_path: base_url.to_owned(),
        basic_auth: Some((client_id.to_owned(), Some(client_secret.to_owned()))),
        ..Configuration::default()
    }
}

/// The user's calls: the access token as a Bearer token.
fn user(base_url: &str, access_token: &str) -> Configuration {
    Configuration {
        base_path: base_url.to_owned(),
        bearer_access_token: Some(access_token.to_owned()),
        ..Configuration::default()
    }
}

/// The whole life of a user's tokens; `expires_in` may be absent (RFC 6749 §5.1).
pub async fn lifecycle(
    base_url: &str,
    client_id: &str,
    client_secret: &str,
    redirect_uri: &str,
    code: &str,
    verifier: &str,
) -> Result<String, Box<dyn std::error::Error>> {
    let config = partner(base_url, client_id, client_secret);
    let first: models::TokenResponse = oauth_api::exchange_oauth_token(
        &config,
        "authorization_code",
        Some(code),
        Some(redirect_uri),
        Some(verifier),
        None,
        None,
        None,
        None,
    )
    .await?;
    let info: models::TokenIntrospection =
        oauth_api::introspect_oauth_token(&config, &first.access_token, Some("access_token"), None, None)
            .await?;
    let claims: models::UserInfo =
        oauth_api::get_oauth_user_info(&user(base_url, &first.access_token)).await?;
    let refresh_token = first.refresh_token.clone().unwrap_or_default();
    let next = oauth_api::exchange_oauth_token(
        &config,
        "refresh_token",
        None,
        None,
        None,
        None,
        None,
        Some(&refresh_token),
        None,
    )
    .await?;
    if let Some(rotated) = next.refresh_token.as_deref() {
        oauth_api::revoke_oauth_token(&config, rotated, Some("refresh_token"), None, None).await?;
    }
    let app = oauth_api::exchange_oauth_token(
        &config,
        "client_credentials",
        None,
        None,
        None,
        None,
        None,
        None,
        Some("meetings:read"),
    )
    .await?;
    Ok(format!("{} {} {:?} {}", claims.sub, info.active, next.expires_in, app.token_type))
}

/// OpenID Connect discovery and the key set that verifies ID tokens (no authentication).
pub async fn signing_keys(base_url: &str) -> Result<String, Box<dyn std::error::Error>> {
    let config = Configuration {
        base_path: base_url.to_owned(),
        ..Configuration::default()
    };
    let discovery: models::OpenIdConfiguration =
        oauth_api::get_openid_configuration(&config).await?;
    let key_set: models::JsonWebKeySet = oauth_api::get_oauth_jwks(&config).await?;
    let kids: Vec<String> = key_set
        .keys
        .iter()
        .map(|key| key.kid.clone().unwrap_or_else(|| key.kty.clone()))
        .collect();
    Ok(format!("{} {} {}", discovery.issuer, discovery.jwks_uri, kids.join(",")))
}

fn main() {
    // Type-checked, not run: starting it needs an async runtime and a server.
    let _ = lifecycle;
    let _ = signing_keys;
}
