//! Red Hat Quay's API (`/api/v1`) for what an admin does from the app: the organizations they
//! belong to, an organization's repositories, and its robot accounts (list, create, reveal the
//! token, regenerate it, delete). Signed in with an OAuth access token (Quay's applications
//! issue them; `$oauthtoken` is its registry user name), every request through the one HTTP
//! layer (`net`): its TLS rules, timeouts and capped bodies.
//!
//! Quay checks each OAuth token with bcrypt (~0.3 s per call on the server), so the calls a
//! screen needs are independent and can run at once.

mod applications;
pub mod bridge;
mod error;
mod logs;
mod model;
mod permissions;
mod repos;
mod tags;
mod teams;

pub use applications::{
    Application, ApplicationToken, LOOPBACK_REDIRECT_URI, NewApplication, NewApplicationToken,
    OAuthScope, ScopeInfo, oauth_scopes, scope_string,
};
pub use error::{Error, Result};
pub use logs::{LogDay, LogEntry, LogKindCount, LogPage, LogScope};
pub use model::{Organization, QuayUser, Repository, Robot, RobotToken};
pub use permissions::{
    AccessEntry, AccessFacts, AccessSource, DefaultPermission, Grantee, RepositoryPermission,
    RobotPermission, Role, Subject, effective_access,
};
pub use repos::{DETAIL_TAG_LIMIT, RepositoryDetail, Visibility};
pub use tags::{MAX_PAGES, PAGE_SIZE, Tag, TagHistoryEntry};
pub use teams::{SavedTeam, Team, TeamMember, TeamRole};

use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use serde_json::Value;
use url::Url;
use vault::Secret;

/// A signed-in client of one Quay.
#[derive(Debug, Clone)]
pub struct QuayClient {
    base: Url,
    http: net::Client,
    token: Secret,
}

/// A name Quay would refuse (organizations, robots): lowercase letters, digits, `_`, `.`, `-`
/// (robots: lowercase letters, digits and `_`), checked before anything is sent.
fn check_name(what: &'static str, name: &str, robot: bool) -> Result<()> {
    let ok = name
        .bytes()
        .next()
        .is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        && name.len() <= 255
        && name.bytes().all(|b| {
            b.is_ascii_lowercase()
                || b.is_ascii_digit()
                || b == b'_'
                || (!robot && matches!(b, b'.' | b'-'))
        });
    if ok {
        Ok(())
    } else {
        Err(Error::InvalidName {
            what,
            name: name.to_owned(),
        })
    }
}

impl QuayClient {
    /// A client of the Quay of `connection`, signed in with the OAuth access `token`.
    pub fn new(connection: &connections::Connection, token: Secret) -> Result<Self> {
        let base = Url::parse(connection.url.trim()).map_err(|e| Error::InvalidUrl {
            url: connection.url.clone(),
            reason: e.to_string(),
        })?;
        if !matches!(base.scheme(), "http" | "https") {
            return Err(Error::InvalidUrl {
                url: connection.url.clone(),
                reason: "only http:// and https:// are supported".into(),
            });
        }
        if token.expose().trim().is_empty() {
            return Err(Error::SignInRequired);
        }
        let http = net::Client::new(&base, &connection.tls, &net::Options::default())
            .map_err(|source| Error::ClientSetup { source })?;
        Ok(Self { base, http, token })
    }

    /// Whether this client is signed in with `token` (the console remakes it when not).
    pub fn token_is(&self, token: &str) -> bool {
        self.token.expose() == token
    }

    /// `/api/v1` + `path` (which may carry a query) on the Quay's origin.
    fn url(&self, path: &str) -> String {
        let (path, query) = path
            .split_once('?')
            .map_or((path, None), |(p, q)| (p, Some(q)));
        let mut url = self.base.clone();
        url.set_path(&format!("/api/v1{path}"));
        url.set_query(query);
        url.to_string()
    }

    /// Sends `method path` (under `/api/v1`) with `body`, and reads the JSON reply. Reads
    /// (GET) are sent again after a broken connection (an idle kept-alive connection the
    /// server closed as it was reused), a 5xx or a 429, as `net::retry` allows; writes never.
    async fn call<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
    ) -> Result<T> {
        let policy = if method == Method::GET {
            net::retry::Policy::default()
        } else {
            net::retry::Policy::none()
        };
        let mut attempt = 0;
        loop {
            let (result, outcome) = self.once(&method, path, body).await;
            let Some(outcome) = outcome else {
                return result;
            };
            let outcome = match &outcome {
                Some((status, headers)) => net::retry::Outcome::Status(*status, headers),
                None => net::retry::Outcome::Transport,
            };
            match policy.delay(&method, &outcome, attempt) {
                Some(wait) => {
                    tokio::time::sleep(wait).await;
                    attempt += 1;
                }
                None => return result,
            }
        }
    }

    /// One attempt. On failure, also what retrying needs: `Some(None)` when the request did
    /// not get an answer, `Some(Some(status, headers))` when the answer was an error.
    #[allow(clippy::type_complexity)]
    async fn once<T: DeserializeOwned>(
        &self,
        method: &Method,
        path: &str,
        body: Option<&Value>,
    ) -> (
        Result<T>,
        Option<Option<(StatusCode, reqwest::header::HeaderMap)>>,
    ) {
        let request_name = format!("{method} {path}");
        let mut request = self
            .http
            .request(method.clone(), self.url(path))
            .bearer_auth(self.token.expose());
        if let Some(body) = body {
            request = request.json(body);
        }
        let response = match request.send().await {
            Ok(response) => response,
            Err(e) => {
                let error = Error::Unreachable {
                    request: request_name,
                    reason: reason_of(&e),
                };
                return (Err(error), Some(None));
            }
        };
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = match net::read_body(
            response,
            if status.is_success() {
                net::limits::LIST_PAGE
            } else {
                net::limits::ERROR_BODY
            },
        )
        .await
        {
            Ok(bytes) => bytes,
            Err(e) => {
                let error = Error::BadResponse {
                    request: request_name,
                    reason: e.to_string(),
                };
                return (Err(error), None);
            }
        };
        if !status.is_success() {
            let error = Error::from_status(status, &request_name, &bytes);
            return (Err(error), Some(Some((status, headers))));
        }
        let bytes = if bytes.is_empty() || status == StatusCode::NO_CONTENT {
            &b"null"[..]
        } else {
            &bytes[..]
        };
        let parsed = serde_json::from_slice(bytes).map_err(|e| Error::BadResponse {
            request: request_name,
            reason: format!(
                "not the JSON expected (line {}, column {})",
                e.line(),
                e.column()
            ),
        });
        (parsed, None)
    }

    /// Who the token signs in as (`GET /user/`).
    pub async fn whoami(&self) -> Result<QuayUser> {
        let user: Value = self.call(Method::GET, "/user/", None).await?;
        serde_json::from_value(user).map_err(|e| Error::BadResponse {
            request: "GET /user/".into(),
            reason: e.to_string(),
        })
    }

    /// The organizations the signed-in user belongs to, sorted by name.
    pub async fn organizations(&self) -> Result<Vec<Organization>> {
        let user: Value = self.call(Method::GET, "/user/", None).await?;
        let mut organizations: Vec<Organization> = user["organizations"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|o| serde_json::from_value(o.clone()).ok())
            .collect();
        organizations.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(organizations)
    }

    /// The organizations the user belongs to and, for a superuser whose token holds the
    /// `super:user` scope, every other organization of the Quay too (as not a member: no
    /// admin or create flags), sorted by name. A superuser listing Quay refuses (a token
    /// without the scope) leaves the user's own organizations.
    pub async fn all_organizations(&self) -> Result<Vec<Organization>> {
        let user: Value = self.call(Method::GET, "/user/", None).await?;
        let mut organizations: Vec<Organization> = user["organizations"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|o| serde_json::from_value(o.clone()).ok())
            .collect();
        if user["super_user"].as_bool() == Some(true) {
            let all: Result<Value> = self
                .call(Method::GET, "/superuser/organizations/", None)
                .await;
            match all {
                Ok(all) => {
                    for name in all["organizations"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(|o| o["name"].as_str())
                    {
                        if !organizations.iter().any(|o| o.name == name) {
                            organizations.push(Organization {
                                name: name.to_owned(),
                                is_org_admin: false,
                                can_create_repo: false,
                            });
                        }
                    }
                }
                Err(Error::Forbidden { .. } | Error::SignInRequired | Error::NotFound { .. }) => {}
                Err(other) => return Err(other),
            }
        }
        organizations.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(organizations)
    }

    /// The repositories of `namespace` (an organization or user), every page, sorted by name.
    pub async fn repositories(&self, namespace: &str) -> Result<Vec<Repository>> {
        check_name("organization name", namespace, false)?;
        let mut repositories = Vec::new();
        let mut next: Option<String> = None;
        // Quay pages by an opaque `next_page` token; a server that repeats one is cut off.
        for _ in 0..1000 {
            let mut path = format!("/repository?namespace={namespace}&last_modified=true");
            if let Some(page) = &next {
                path.push_str(&format!("&next_page={}", url_encode(page)));
            }
            let page: Value = self.call(Method::GET, &path, None).await?;
            repositories.extend(
                page["repositories"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|r| serde_json::from_value::<Repository>(r.clone()).ok()),
            );
            match page["next_page"].as_str() {
                Some(token) if Some(token) != next.as_deref() => next = Some(token.to_owned()),
                _ => break,
            }
        }
        repositories.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(repositories)
    }

    /// The robot accounts of `organization`, sorted by name, without their tokens.
    pub async fn robots(&self, organization: &str) -> Result<Vec<Robot>> {
        check_name("organization name", organization, false)?;
        let reply: Value = self
            .call(
                Method::GET,
                &format!("/organization/{organization}/robots?token=false&permissions=true"),
                None,
            )
            .await?;
        let mut robots: Vec<Robot> = reply["robots"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|r| serde_json::from_value(r.clone()).ok())
            .collect();
        robots.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(robots)
    }

    /// Creates robot `short_name` in `organization` (`<organization>+<short_name>`), with its
    /// token.
    pub async fn create_robot(
        &self,
        organization: &str,
        short_name: &str,
        description: &str,
    ) -> Result<RobotToken> {
        check_name("organization name", organization, false)?;
        check_name("robot name", short_name, true)?;
        let body = serde_json::json!({"description": description});
        let reply: Value = self
            .call(
                Method::PUT,
                &format!("/organization/{organization}/robots/{short_name}"),
                Some(&body),
            )
            .await?;
        RobotToken::from_reply(&reply)
    }

    /// The token of robot `short_name` of `organization` (to reveal or copy).
    pub async fn robot_token(&self, organization: &str, short_name: &str) -> Result<RobotToken> {
        check_name("organization name", organization, false)?;
        check_name("robot name", short_name, true)?;
        let reply: Value = self
            .call(
                Method::GET,
                &format!("/organization/{organization}/robots/{short_name}"),
                None,
            )
            .await?;
        RobotToken::from_reply(&reply)
    }

    /// Gives robot `short_name` a new token; the old one stops working at once.
    pub async fn regenerate_robot_token(
        &self,
        organization: &str,
        short_name: &str,
    ) -> Result<RobotToken> {
        check_name("organization name", organization, false)?;
        check_name("robot name", short_name, true)?;
        let reply: Value = self
            .call(
                Method::POST,
                &format!("/organization/{organization}/robots/{short_name}/regenerate"),
                None,
            )
            .await?;
        RobotToken::from_reply(&reply)
    }

    /// Deletes robot `short_name` of `organization` (its permissions go with it).
    pub async fn delete_robot(&self, organization: &str, short_name: &str) -> Result<()> {
        check_name("organization name", organization, false)?;
        check_name("robot name", short_name, true)?;
        let _: Value = self
            .call(
                Method::DELETE,
                &format!("/organization/{organization}/robots/{short_name}"),
                None,
            )
            .await?;
        Ok(())
    }
}

/// A transport failure in words, with its causes (reqwest's own text stops at "error sending
/// request"), never a URL's query.
fn reason_of(error: &reqwest::Error) -> String {
    if error.is_timeout() {
        return "no answer in time".into();
    }
    let mut reason = String::new();
    let mut source: Option<&dyn std::error::Error> = std::error::Error::source(error);
    while let Some(cause) = source {
        if !reason.is_empty() {
            reason.push_str(": ");
        }
        reason.push_str(&cause.to_string());
        source = cause.source();
    }
    if reason.is_empty() {
        "the connection failed".into()
    } else {
        reason
    }
}

/// `text` for a query value.
fn url_encode(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_paths_keep_their_query() {
        let connection = connections::Connection {
            id: "q".into(),
            name: "q".into(),
            kind: connections::ConnectionKind::Quay,
            url: "https://quay.example/".into(),
            tls: connections::TlsMode::System,
            linked_cluster: None,
            openshift_version: None,
        };
        let client = QuayClient::new(&connection, Secret::new("t")).unwrap();
        assert_eq!(
            client.url("/repository?namespace=ops&last_modified=true"),
            "https://quay.example/api/v1/repository?namespace=ops&last_modified=true"
        );
        assert_eq!(client.url("/user/"), "https://quay.example/api/v1/user/");
    }

    #[test]
    fn names_quay_would_refuse_are_refused_before_sending() {
        assert!(check_name("robot name", "builder_1", true).is_ok());
        assert!(check_name("robot name", "Builder", true).is_err());
        assert!(check_name("robot name", "a-b", true).is_err());
        assert!(check_name("organization name", "team.a-b", false).is_ok());
        assert!(check_name("organization name", "../x", false).is_err());
        assert!(check_name("organization name", "", false).is_err());
        assert!(check_name("organization name", "..", false).is_err());
    }

    #[test]
    fn an_unusable_url_or_an_empty_token_is_refused() {
        let connection = |url: &str| connections::Connection {
            id: "q".into(),
            name: "q".into(),
            kind: connections::ConnectionKind::Quay,
            url: url.into(),
            tls: connections::TlsMode::System,
            linked_cluster: None,
            openshift_version: None,
        };
        assert!(matches!(
            QuayClient::new(&connection("ftp://quay"), Secret::new("t")),
            Err(Error::InvalidUrl { .. })
        ));
        assert!(matches!(
            QuayClient::new(&connection("https://quay.example"), Secret::new(" ")),
            Err(Error::SignInRequired)
        ));
    }
}
