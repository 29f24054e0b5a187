//! An organization's OAuth applications, and OAuth access tokens generated for them: what an
//! admin makes for the Quay Bridge Operator ("Create New Application", then "Generate Token"
//! with every scope), and what signs the app itself in to Quay.
//!
//! A token is generated in one of two ways:
//! - through the API (Quay 3.18+): `POST /api/v1/organization/<org>/applications/<client_id>/tokens`
//!   with a name and the scopes ([`QuayClient::create_application_token`]); the caller's own
//!   token must hold every scope asked for, and Quay answers the new token once;
//! - through the browser, on every 3.x: Quay's authorization page, code grant
//!   (`response_type=code`), the code sent to a loopback redirect and exchanged at
//!   `/oauth/access_token` with the application's client secret ([`QuayClient::authorize_url`],
//!   [`QuayClient::exchange_code`]). Quay has no PKCE for its own applications and matches the
//!   redirect's `host:port` exactly, so the application's redirect URI must name the
//!   listener's port ([`QuayClient::set_application_redirect_uri`]).
//!
//! Client secrets and tokens are [`Secret`]s only: never serialized, logged or put in an error.

use reqwest::Method;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use ts_rs::TS;
use vault::Secret;

use crate::{Error, QuayClient, Result, check_name, url_encode};

/// The redirect URI an application made for Registry Console starts with: the loopback
/// listener's path on 127.0.0.1. Quay compares the port too, so the browser flow sets the
/// listener's actual port before it opens the browser.
pub const LOOPBACK_REDIRECT_URI: &str = "http://127.0.0.1/callback";

/// One of Quay's OAuth scopes (`auth/scopes.py`), as Quay spells it on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
pub enum OAuthScope {
    /// `repo:read`.
    #[serde(rename = "repo:read")]
    RepoRead,
    /// `repo:write`.
    #[serde(rename = "repo:write")]
    RepoWrite,
    /// `repo:admin`.
    #[serde(rename = "repo:admin")]
    RepoAdmin,
    /// `repo:create`.
    #[serde(rename = "repo:create")]
    RepoCreate,
    /// `user:read`.
    #[serde(rename = "user:read")]
    UserRead,
    /// `org:admin`.
    #[serde(rename = "org:admin")]
    OrgAdmin,
    /// `super:user`.
    #[serde(rename = "super:user")]
    SuperUser,
    /// `user:admin`.
    #[serde(rename = "user:admin")]
    UserAdmin,
}

/// A scope as Quay's authorization page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ScopeInfo {
    /// The scope.
    pub scope: OAuthScope,
    /// Quay's title for it.
    pub title: &'static str,
    /// Quay's description of it.
    pub description: &'static str,
    /// Whether Quay marks it dangerous (administers the user, organizations or installation).
    pub dangerous: bool,
}

impl OAuthScope {
    /// Every scope, in Quay's order (`ALL_SCOPES`). Quay drops `super:user` from its own
    /// page when superusers are off; asking for it then is refused by Quay.
    pub const ALL: [Self; 8] = [
        Self::RepoRead,
        Self::RepoWrite,
        Self::RepoAdmin,
        Self::RepoCreate,
        Self::UserRead,
        Self::OrgAdmin,
        Self::SuperUser,
        Self::UserAdmin,
    ];

    /// Quay's name of the scope.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::RepoRead => "repo:read",
            Self::RepoWrite => "repo:write",
            Self::RepoAdmin => "repo:admin",
            Self::RepoCreate => "repo:create",
            Self::UserRead => "user:read",
            Self::OrgAdmin => "org:admin",
            Self::SuperUser => "super:user",
            Self::UserAdmin => "user:admin",
        }
    }

    /// The scope of Quay's name, if it is one.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == name)
    }

    /// Title, description and danger, as Quay's source has them.
    pub fn info(self) -> ScopeInfo {
        let (title, description, dangerous) = match self {
            Self::RepoRead => (
                "View all visible repositories",
                "This application will be able to view and pull all repositories visible to the granting user",
                false,
            ),
            Self::RepoWrite => (
                "Read/Write to any accessible repositories",
                "This application will be able to view, push and pull to all repositories to which the granting user has write access",
                false,
            ),
            Self::RepoAdmin => (
                "Administer Repositories",
                "This application will have administrator access to all repositories to which the granting user has access",
                false,
            ),
            Self::RepoCreate => (
                "Create Repositories",
                "This application will be able to create repositories in all namespaces that the granting user is allowed to create repositories",
                false,
            ),
            Self::UserRead => (
                "Read User Information",
                "This application will be able to read user information such as username and email address.",
                false,
            ),
            Self::OrgAdmin => (
                "Administer Organization",
                "This application will be able to administer your organizations including creating robots, creating teams, adjusting team membership, and changing billing settings. You should have absolute trust in the requesting application before granting this permission.",
                true,
            ),
            Self::SuperUser => (
                "Super User Access",
                "This application will be able to administer your installation including managing users, managing organizations and other features found in the superuser panel. You should have absolute trust in the requesting application before granting this permission.",
                true,
            ),
            Self::UserAdmin => (
                "Administer User",
                "This application will be able to administer your account including creating robots and granting them permissions to your repositories. You should have absolute trust in the requesting application before granting this permission.",
                true,
            ),
        };
        ScopeInfo {
            scope: self,
            title,
            description,
            dangerous,
        }
    }
}

/// Every scope with its title and description, in Quay's order: the checkboxes of
/// "Generate Token", all ticked by default.
pub fn oauth_scopes() -> Vec<ScopeInfo> {
    OAuthScope::ALL.into_iter().map(OAuthScope::info).collect()
}

/// The scope string Quay takes (space-separated, Quay's order, no repeats); no scope chosen
/// means all of them (the default of "Generate Token").
pub fn scope_string(scopes: &[OAuthScope]) -> String {
    let chosen: Vec<&str> = OAuthScope::ALL
        .into_iter()
        .filter(|s| scopes.is_empty() || scopes.contains(s))
        .map(OAuthScope::as_str)
        .collect();
    chosen.join(" ")
}

/// An organization's OAuth application. Its client secret (shown to the organization's admins
/// only) is never serialized.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Application {
    /// Its name.
    pub name: String,
    /// The OAuth client ID.
    pub client_id: String,
    /// Where Quay may send the browser back (admins only).
    pub redirect_uri: Option<String>,
    /// Its home page.
    pub application_uri: Option<String>,
    /// What it is for.
    pub description: Option<String>,
    /// The e-mail of its avatar (admins only; kept so that an update does not drop it).
    pub avatar_email: Option<String>,
    /// The client secret (admins only): needed to exchange a browser flow's code.
    #[serde(skip)]
    #[ts(skip)]
    pub client_secret: Option<Secret>,
}

impl Application {
    fn from_reply(reply: &Value) -> Result<Self> {
        let text = |key: &str| {
            reply[key]
                .as_str()
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
        };
        match (reply["name"].as_str(), reply["client_id"].as_str()) {
            (Some(name), Some(client_id)) if !client_id.is_empty() => Ok(Self {
                name: name.to_owned(),
                client_id: client_id.to_owned(),
                redirect_uri: text("redirect_uri"),
                application_uri: text("application_uri"),
                description: text("description"),
                avatar_email: text("avatar_email"),
                client_secret: text("client_secret").map(Secret::new),
            }),
            _ => Err(Error::BadResponse {
                request: "application".into(),
                reason: "the reply is not an OAuth application".into(),
            }),
        }
    }
}

/// A new application.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NewApplication {
    /// Its name (required).
    pub name: String,
    /// The redirect URI; [`LOOPBACK_REDIRECT_URI`] for one whose tokens the app generates in
    /// the browser.
    #[serde(default)]
    pub redirect_uri: String,
    /// Its home page.
    #[serde(default)]
    pub application_uri: String,
    /// What it is for.
    #[serde(default)]
    pub description: String,
}

/// A token of an application, without the token itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ApplicationToken {
    /// Its ID (to revoke it).
    pub uuid: String,
    /// Its name (none for a token generated in the browser).
    #[serde(default)]
    pub name: Option<String>,
    /// Its scopes, space-separated.
    #[serde(default)]
    pub scope: String,
    /// When it expires, as Quay says it.
    #[serde(default, alias = "expires_at")]
    pub expires_at: Option<String>,
    /// When it was made.
    #[serde(default)]
    pub created: Option<String>,
    /// Who made it.
    #[serde(default, alias = "created_by")]
    pub created_by: Option<String>,
}

/// A token just generated: its details and, this once, the token.
#[derive(Debug, Clone)]
pub struct NewApplicationToken {
    /// Its details.
    pub info: ApplicationToken,
    /// The bearer token (`$oauthtoken`'s password for `podman login`).
    pub token: Secret,
}

/// A client ID Quay would never have made (it makes 20 letters and digits): refused before it
/// goes into a path, as an application that does not exist.
fn check_client_id(client_id: &str) -> Result<()> {
    if !client_id.is_empty()
        && client_id.len() <= 255
        && client_id.bytes().all(|b| b.is_ascii_alphanumeric())
    {
        Ok(())
    } else {
        Err(Error::NotFound {
            request: "OAuth application".into(),
            message: Some("no OAuth application has this client ID".into()),
        })
    }
}

impl QuayClient {
    /// The OAuth applications of `organization` (its admins see redirect URIs and client
    /// secrets), sorted by name.
    pub async fn applications(&self, organization: &str) -> Result<Vec<Application>> {
        check_name("organization name", organization, false)?;
        let reply: Value = self
            .call(
                Method::GET,
                &format!("/organization/{organization}/applications"),
                None,
            )
            .await?;
        let mut applications = reply["applications"]
            .as_array()
            .into_iter()
            .flatten()
            .map(Application::from_reply)
            .collect::<Result<Vec<_>>>()?;
        applications.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(applications)
    }

    /// Application `client_id` of `organization`.
    pub async fn application(&self, organization: &str, client_id: &str) -> Result<Application> {
        check_name("organization name", organization, false)?;
        check_client_id(client_id)?;
        let reply: Value = self
            .call(
                Method::GET,
                &format!("/organization/{organization}/applications/{client_id}"),
                None,
            )
            .await?;
        Application::from_reply(&reply)
    }

    /// Creates an application in `organization`, with its client ID and secret.
    pub async fn create_application(
        &self,
        organization: &str,
        new: &NewApplication,
    ) -> Result<Application> {
        check_name("organization name", organization, false)?;
        let body = json!({
            "name": new.name.trim(),
            "redirect_uri": new.redirect_uri.trim(),
            "application_uri": new.application_uri.trim(),
            "description": new.description,
        });
        let reply: Value = self
            .call(
                Method::POST,
                &format!("/organization/{organization}/applications"),
                Some(&body),
            )
            .await?;
        Application::from_reply(&reply)
    }

    /// Sets the redirect URI of `application` (everything else kept), as the browser flow
    /// does before it opens the browser: Quay matches the redirect's host and port exactly.
    pub async fn set_application_redirect_uri(
        &self,
        organization: &str,
        application: &Application,
        redirect_uri: &str,
    ) -> Result<Application> {
        check_name("organization name", organization, false)?;
        check_client_id(&application.client_id)?;
        let mut body = json!({
            "name": application.name,
            "redirect_uri": redirect_uri,
            "application_uri": application.application_uri.clone().unwrap_or_default(),
            "description": application.description.clone().unwrap_or_default(),
        });
        if let Some(email) = &application.avatar_email {
            body["avatar_email"] = json!(email);
        }
        let reply: Value = self
            .call(
                Method::PUT,
                &format!(
                    "/organization/{organization}/applications/{}",
                    application.client_id
                ),
                Some(&body),
            )
            .await?;
        Application::from_reply(&reply)
    }

    /// Deletes application `client_id` of `organization`; the tokens it issued stop working.
    pub async fn delete_application(&self, organization: &str, client_id: &str) -> Result<()> {
        check_name("organization name", organization, false)?;
        check_client_id(client_id)?;
        let _: Value = self
            .call(
                Method::DELETE,
                &format!("/organization/{organization}/applications/{client_id}"),
                None,
            )
            .await?;
        Ok(())
    }

    /// The tokens application `client_id` has issued (every page), without the tokens.
    pub async fn application_tokens(
        &self,
        organization: &str,
        client_id: &str,
    ) -> Result<Vec<ApplicationToken>> {
        check_name("organization name", organization, false)?;
        check_client_id(client_id)?;
        let mut tokens = Vec::new();
        let mut next: Option<String> = None;
        for _ in 0..1000 {
            let mut path = format!("/organization/{organization}/applications/{client_id}/tokens");
            if let Some(page) = &next {
                path.push_str(&format!("?next_page={}", url_encode(page)));
            }
            let page: Value = self.call(Method::GET, &path, None).await?;
            tokens.extend(
                page["tokens"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|t| serde_json::from_value::<ApplicationToken>(t.clone()).ok()),
            );
            match page["next_page"].as_str() {
                Some(token) if Some(token) != next.as_deref() => next = Some(token.to_owned()),
                _ => break,
            }
        }
        Ok(tokens)
    }

    /// Generates an OAuth access token of application `client_id` for the signed-in user,
    /// with `scopes` (none: all), named `name`, living `expires_in_seconds` (none: Quay's
    /// default, 10 years). Quay 3.18+; Quay refuses a scope the caller's own token lacks or
    /// the caller may not use in `organization` (403).
    pub async fn create_application_token(
        &self,
        organization: &str,
        client_id: &str,
        name: &str,
        scopes: &[OAuthScope],
        expires_in_seconds: Option<u64>,
    ) -> Result<NewApplicationToken> {
        check_name("organization name", organization, false)?;
        check_client_id(client_id)?;
        let mut body = json!({"name": name.trim(), "scope": scope_string(scopes)});
        if let Some(seconds) = expires_in_seconds {
            body["expiration"] = json!(seconds);
        }
        let request = format!("POST /organization/{organization}/applications/{client_id}/tokens");
        let reply: Value = self
            .call(
                Method::POST,
                &format!("/organization/{organization}/applications/{client_id}/tokens"),
                Some(&body),
            )
            .await?;
        let token = reply["token"]
            .as_str()
            .filter(|t| !t.is_empty())
            .map(Secret::new)
            .ok_or_else(|| Error::BadResponse {
                request: request.clone(),
                reason: "the reply holds no token".into(),
            })?;
        let info: ApplicationToken =
            serde_json::from_value(reply).map_err(|_| Error::BadResponse {
                request,
                reason: "the reply does not describe the token".into(),
            })?;
        Ok(NewApplicationToken { info, token })
    }

    /// Revokes token `uuid` of application `client_id`.
    pub async fn revoke_application_token(
        &self,
        organization: &str,
        client_id: &str,
        uuid: &str,
    ) -> Result<()> {
        check_name("organization name", organization, false)?;
        check_client_id(client_id)?;
        if uuid.is_empty() || !uuid.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-') {
            return Err(Error::NotFound {
                request: "OAuth token".into(),
                message: Some("no token has this ID".into()),
            });
        }
        let _: Value = self
            .call(
                Method::DELETE,
                &format!("/organization/{organization}/applications/{client_id}/tokens/{uuid}"),
                None,
            )
            .await?;
        Ok(())
    }

    /// The address of Quay's authorization page for the system browser: code grant for
    /// application `client_id`, back to `redirect_uri` (which must match the application's
    /// redirect URI, host and port included), with `scopes` (none: all) and `state`.
    pub fn authorize_url(
        &self,
        client_id: &str,
        redirect_uri: &str,
        scopes: &[OAuthScope],
        state: &str,
    ) -> url::Url {
        let mut url = self.base.clone();
        url.set_path("/oauth/authorize");
        url.set_query(None);
        url.set_fragment(None);
        url.query_pairs_mut()
            .append_pair("response_type", "code")
            .append_pair("client_id", client_id)
            .append_pair("redirect_uri", redirect_uri)
            .append_pair("scope", &scope_string(scopes))
            .append_pair("state", state);
        url
    }

    /// Exchanges the `code` of a browser flow for the access token at `/oauth/access_token`,
    /// with the application's client secret. `redirect_uri` and `scopes` must be those of the
    /// authorization request (Quay looks the code up by its exact scope string).
    pub async fn exchange_code(
        &self,
        client_id: &str,
        client_secret: &Secret,
        redirect_uri: &str,
        code: &Secret,
        scopes: &[OAuthScope],
    ) -> Result<Secret> {
        let request = "POST /oauth/access_token".to_owned();
        let mut url = self.base.clone();
        url.set_path("/oauth/access_token");
        url.set_query(None);
        let scope = scope_string(scopes);
        let form = url::form_urlencoded::Serializer::new(String::new())
            .append_pair("grant_type", "authorization_code")
            .append_pair("client_id", client_id)
            .append_pair("client_secret", client_secret.expose())
            .append_pair("redirect_uri", redirect_uri)
            .append_pair("code", code.expose())
            .append_pair("scope", &scope)
            .finish();
        let response = self
            .http
            .post(url.as_str())
            .header(
                reqwest::header::CONTENT_TYPE,
                "application/x-www-form-urlencoded",
            )
            .header(reqwest::header::ACCEPT, "application/json")
            .body(form)
            .send()
            .await
            .map_err(|e| Error::Unreachable {
                request: request.clone(),
                reason: e.to_string(),
            })?;
        let status = response.status();
        let bytes = net::read_body(response, net::limits::ERROR_BODY)
            .await
            .map_err(|e| Error::BadResponse {
                request: request.clone(),
                reason: e.to_string(),
            })?;
        let reply: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        if !status.is_success() || reply["error"].is_string() {
            // Quay's OAuth errors are `{"error": "invalid_grant"}` with 400.
            return Err(match reply["error"].as_str() {
                Some(error) => Error::Refused {
                    request,
                    status: status.as_u16(),
                    message: Some(error.chars().take(100).collect()),
                },
                None => Error::from_status(status, &request, &bytes),
            });
        }
        reply["access_token"]
            .as_str()
            .filter(|t| !t.is_empty())
            .map(Secret::new)
            .ok_or_else(|| Error::BadResponse {
                request,
                reason: "the reply holds no access token".into(),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client() -> QuayClient {
        let connection = connections::Connection {
            id: "q".into(),
            name: "q".into(),
            kind: connections::ConnectionKind::Quay,
            url: "https://quay.example:8443/ignored?x=1".into(),
            tls: connections::TlsMode::System,
            linked_cluster: None,
            openshift_version: None,
        };
        QuayClient::new(&connection, Secret::new("t")).unwrap()
    }

    #[test]
    fn no_scope_chosen_means_every_scope_in_quays_order() {
        assert_eq!(
            scope_string(&[]),
            "repo:read repo:write repo:admin repo:create user:read org:admin super:user user:admin"
        );
        assert_eq!(
            scope_string(&[
                OAuthScope::OrgAdmin,
                OAuthScope::RepoRead,
                OAuthScope::RepoRead
            ]),
            "repo:read org:admin"
        );
        for scope in OAuthScope::ALL {
            assert_eq!(OAuthScope::parse(scope.as_str()), Some(scope));
            assert_eq!(
                serde_json::to_value(scope).unwrap(),
                json!(scope.as_str()),
                "the wire name"
            );
        }
        assert_eq!(OAuthScope::parse("all"), None);
        let infos = oauth_scopes();
        assert_eq!(infos.len(), 8);
        assert!(infos.iter().all(|i| !i.title.is_empty()));
        assert!(
            infos
                .iter()
                .filter(|i| i.dangerous)
                .all(|i| matches!(i.scope.as_str(), "org:admin" | "super:user" | "user:admin"))
        );
    }

    #[test]
    fn an_application_reply_keeps_the_secret_out_of_its_json() {
        let app = Application::from_reply(&json!({
            "name": "openshift", "description": "", "application_uri": "",
            "client_id": "ABCDEF0123456789ABCD", "client_secret": "s3cr3t-value",
            "redirect_uri": "http://127.0.0.1:4000/callback", "avatar_email": null,
        }))
        .unwrap();
        assert_eq!(app.client_secret.as_ref().unwrap().expose(), "s3cr3t-value");
        assert_eq!(app.description, None);
        let shown = serde_json::to_string(&app).unwrap();
        assert!(!shown.contains("s3cr3t"), "{shown}");
        assert!(!format!("{app:?}").contains("s3cr3t"));
        assert!(
            shown.contains("\"clientId\":\"ABCDEF0123456789ABCD\""),
            "{shown}"
        );
        assert!(Application::from_reply(&json!({"name": "x"})).is_err());
    }

    #[test]
    fn the_authorize_url_asks_for_a_code_on_quays_origin() {
        let url = client().authorize_url(
            "CLIENT1",
            "http://127.0.0.1:5000/callback",
            &[OAuthScope::RepoRead, OAuthScope::OrgAdmin],
            "st&te",
        );
        assert_eq!(
            url.origin().ascii_serialization(),
            "https://quay.example:8443"
        );
        assert_eq!(url.path(), "/oauth/authorize");
        let pairs: Vec<(String, String)> = url.query_pairs().into_owned().collect();
        let get = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
        assert_eq!(get("response_type"), Some("code"));
        assert_eq!(get("client_id"), Some("CLIENT1"));
        assert_eq!(get("redirect_uri"), Some("http://127.0.0.1:5000/callback"));
        assert_eq!(get("scope"), Some("repo:read org:admin"));
        assert_eq!(get("state"), Some("st&te"));
        assert_eq!(get("x"), None);
    }

    #[test]
    fn client_ids_that_would_change_the_path_are_refused() {
        assert!(check_client_id("ABCDEF0123456789ABCD").is_ok());
        for bad in ["", "..", "a/b", "a?b", "a%2f", "é"] {
            assert!(
                matches!(check_client_id(bad), Err(Error::NotFound { .. })),
                "{bad}"
            );
        }
    }
}
