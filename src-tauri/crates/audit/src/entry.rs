//! One line of the activity log: who changed what, where, when, and how it ended.
//!
//! The entry is made so that it cannot carry a secret: it has no free-form text. Its action is
//! an [`Action`], its outcome an [`Outcome`] (done, or the error's [`ErrorCode`], never the
//! error's message, which may repeat a server's words), and every other value is a [`Name`]: the
//! name of a connection, repository, tag, role, subject, project or file, built by the console
//! from the names the user picked. A `vault::Secret` has no conversion into a `Name`, and a name
//! is capped at [`Name::MAX_CHARS`] characters, far below the length of any token the app
//! handles, so even a name typed by mistake with a token in it is cut before the token's
//! signature.

use codes::ErrorCode;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use ts_rs::TS;

/// A name: one line of printable text, at most [`Name::MAX_CHARS`] characters.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(from = "String", into = "String")]
#[ts(type = "string", rename = "ActivityName")]
pub struct Name(String);

impl Name {
    /// The longest name kept. Registry and Kubernetes names stay under 255; file paths rarely
    /// pass 200. Service-account tokens and OAuth tokens are longer than this, so a token can
    /// never be whole in an entry.
    pub const MAX_CHARS: usize = 255;

    /// `value` as a name: control characters (a line break could forge a second entry in a
    /// CSV export) become spaces, the ends are trimmed, and a longer value is cut to
    /// [`Name::MAX_CHARS`] characters ending in `…`.
    pub fn new(value: &str) -> Self {
        let cleaned: String = value
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        let trimmed = cleaned.trim();
        if trimmed.chars().count() <= Self::MAX_CHARS {
            return Self(trimmed.to_owned());
        }
        let mut cut: String = trimmed.chars().take(Self::MAX_CHARS - 1).collect();
        cut.push('…');
        Self(cut)
    }

    /// The name as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<&str> for Name {
    fn from(value: &str) -> Self {
        Self::new(value)
    }
}

impl From<&String> for Name {
    fn from(value: &String) -> Self {
        Self::new(value)
    }
}

/// Read back from a file through the same rules, so an edited log cannot smuggle a long value
/// into an export.
impl From<String> for Name {
    fn from(value: String) -> Self {
        Self::new(&value)
    }
}

impl From<Name> for String {
    fn from(name: Name) -> Self {
        name.0
    }
}

impl std::fmt::Display for Name {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// What the app changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(rename = "ActivityAction")]
pub enum Action {
    /// A connection was saved.
    ConnectionAdded,
    /// A connection was changed.
    ConnectionEdited,
    /// A connection was removed with its sign-ins and CA file.
    ConnectionRemoved,
    /// A kubeconfig context was imported as a connection.
    KubeconfigImported,
    /// "Open the cluster's registry" added or reused a linked registry connection.
    ClusterRegistryOpened,
    /// A sign-in was saved (registry, OpenShift, OIDC, Quay token).
    SignIn,
    /// A sign-in was forgotten (and revoked where the server offers it).
    SignOut,
    /// A manifest was deleted from a registry, and every tag pointing to it with it.
    ManifestDeleted,
    /// An image stream tag was deleted (`oc tag -d`).
    ImageStreamTagDeleted,
    /// A role was granted in a project or cluster-wide.
    RoleGranted,
    /// A role was revoked.
    RoleRevoked,
    /// Service accounts of one project were allowed to pull another's images.
    CrossProjectPullAllowed,
    /// A service account was created.
    ServiceAccountCreated,
    /// A service-account token was minted (TokenRequest or a long-lived token secret).
    TokenMinted,
    /// A pull secret was created in a project.
    SecretCreated,
    /// A secret was linked to a service account.
    SecretLinked,
    /// An entry was written into Docker's or Podman's auth file.
    AuthFileWritten,
    /// A CA was trusted for a connection.
    CaTrusted,
    /// A certificate and key were saved to files.
    CertificateSaved,
    /// A fixed CA bundle was exported to a file.
    BundleExported,
    /// A Quay repository was created.
    QuayRepositoryCreated,
    /// A Quay repository was deleted.
    QuayRepositoryDeleted,
    /// A Quay repository's visibility was changed.
    QuayVisibilityChanged,
    /// A Quay tag's expiration was set or cleared.
    QuayTagExpirationSet,
    /// A Quay tag was deleted.
    QuayTagDeleted,
    /// A deleted Quay tag was restored.
    QuayTagRestored,
    /// A Quay robot account was created.
    QuayRobotCreated,
    /// A Quay robot account's token was regenerated.
    QuayRobotRegenerated,
    /// A Quay robot account was deleted.
    QuayRobotDeleted,
    /// A Quay team was created or changed.
    QuayTeamSaved,
    /// A Quay team was deleted.
    QuayTeamDeleted,
    /// A member was added to a Quay team.
    QuayTeamMemberAdded,
    /// A member was removed from a Quay team.
    QuayTeamMemberRemoved,
    /// A repository permission was set.
    QuayPermissionSet,
    /// A repository permission was revoked.
    QuayPermissionRevoked,
    /// A default permission was created.
    QuayDefaultPermissionCreated,
    /// A default permission was deleted.
    QuayDefaultPermissionDeleted,
    /// A Quay OAuth application was created.
    QuayApplicationCreated,
    /// A Quay OAuth application was deleted.
    QuayApplicationDeleted,
    /// An application token was generated for a Quay OAuth application.
    QuayApplicationToken,
    /// The Quay Bridge Operator's secret was created.
    QuayBridgeSecretCreated,
    /// The Quay Bridge Operator's `QuayIntegration` was applied.
    QuayBridgeApplied,
    /// The filtered activity was exported to a file.
    ActivityExported,
}

/// What a [`TargetPart`] names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(rename = "ActivityTargetKind")]
pub enum TargetKind {
    /// A repository (`team/app`).
    Repository,
    /// A tag.
    Tag,
    /// A manifest digest.
    Digest,
    /// A project (namespace).
    Project,
    /// A role or cluster role.
    Role,
    /// A user, group or service account given a role (`user:alice`).
    Subject,
    /// A service account.
    ServiceAccount,
    /// A Kubernetes secret's name.
    Secret,
    /// A file written.
    File,
    /// A host name.
    Host,
    /// A Quay organization or namespace.
    Organization,
    /// A Quay team.
    Team,
    /// A Quay user, robot or team a permission is for.
    Member,
    /// A Quay robot account.
    Robot,
    /// A Quay OAuth application.
    Application,
    /// A setting's new value (a visibility, a role name, an expiration time).
    Value,
    /// A kubeconfig context.
    Context,
}

/// One part of what was changed: its kind and name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(rename = "ActivityTargetPart")]
pub struct TargetPart {
    /// What the name is of.
    pub kind: TargetKind,
    /// The name.
    pub name: Name,
}

/// The connection a change was made through, by id (stable) and name (as it was then).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(rename = "ActivityConnection")]
pub struct ConnectionRef {
    /// The connection's id.
    pub id: Name,
    /// The connection's name when the change was made.
    pub name: Name,
}

/// How a change ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(rename = "ActivityOutcome")]
pub enum Outcome {
    /// It was done.
    Done,
    /// It failed with this code.
    Failed(ErrorCode),
}

/// One change the app made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(rename = "ActivityEntry")]
pub struct Entry {
    /// When, RFC 3339 in UTC.
    pub time: String,
    /// The connection it went through, if any (a file written from a minted token has none).
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connection: Option<ConnectionRef>,
    /// The server's host (and port) it went to.
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server: Option<Name>,
    /// The signed-in user, where the app knows it.
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<Name>,
    /// What was done.
    pub action: Action,
    /// What it was done to.
    pub target: Vec<TargetPart>,
    /// How it ended.
    pub outcome: Outcome,
}

impl Entry {
    /// An entry for `action`, made now, done, with no connection or target yet.
    pub fn new(action: Action) -> Self {
        Self {
            time: now_rfc3339(),
            connection: None,
            server: None,
            user: None,
            action,
            target: Vec::new(),
            outcome: Outcome::Done,
        }
    }

    /// Through the connection `id` named `name`.
    pub fn connection(mut self, id: &str, name: &str) -> Self {
        self.connection = Some(ConnectionRef {
            id: Name::new(id),
            name: Name::new(name),
        });
        self
    }

    /// To the server at `url`: only its host and port are kept (a URL could carry a user's
    /// password before the `@`, or a token in its query).
    pub fn server(mut self, url: &str) -> Self {
        self.server = Some(Name::new(&host_of(url)));
        self
    }

    /// As the signed-in `user`.
    pub fn user(mut self, user: Option<impl AsRef<str>>) -> Self {
        self.user = user
            .as_ref()
            .map(AsRef::as_ref)
            .filter(|u| !u.is_empty())
            .map(Name::new);
        self
    }

    /// With one more part of the target.
    pub fn target(mut self, kind: TargetKind, name: &str) -> Self {
        self.target.push(TargetPart {
            kind,
            name: Name::new(name),
        });
        self
    }

    /// Ended with `outcome`.
    pub fn outcome(mut self, outcome: Outcome) -> Self {
        self.outcome = outcome;
        self
    }

    /// The target as one line: `repository demo/hello, tag v1`.
    pub fn target_text(&self) -> String {
        self.target
            .iter()
            .map(|part| format!("{} {}", kind_word(part.kind), part.name))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The time parsed, or `None` for an entry whose time was edited into nonsense.
    pub fn parsed_time(&self) -> Option<OffsetDateTime> {
        OffsetDateTime::parse(&self.time, &Rfc3339).ok()
    }
}

/// The word for a target kind in exports and the free-text search (the UI translates its own).
pub fn kind_word(kind: TargetKind) -> &'static str {
    match kind {
        TargetKind::Repository => "repository",
        TargetKind::Tag => "tag",
        TargetKind::Digest => "digest",
        TargetKind::Project => "project",
        TargetKind::Role => "role",
        TargetKind::Subject => "subject",
        TargetKind::ServiceAccount => "serviceAccount",
        TargetKind::Secret => "secret",
        TargetKind::File => "file",
        TargetKind::Host => "host",
        TargetKind::Organization => "organization",
        TargetKind::Team => "team",
        TargetKind::Member => "member",
        TargetKind::Robot => "robot",
        TargetKind::Application => "application",
        TargetKind::Value => "value",
        TargetKind::Context => "context",
    }
}

/// The action's name as it is in the file (`tagDeleted`).
pub fn action_word(action: Action) -> String {
    serde_json::to_value(action)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// The outcome as one word: `done`, or the error's code.
pub fn outcome_word(outcome: Outcome) -> String {
    match outcome {
        Outcome::Done => "done".to_owned(),
        Outcome::Failed(code) => serde_json::to_value(code)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default(),
    }
}

/// Now in RFC 3339, UTC, whole seconds.
fn now_rfc3339() -> String {
    let now = OffsetDateTime::now_utc();
    let now = now.replace_nanosecond(0).unwrap_or(now);
    now.format(&Rfc3339).unwrap_or_default()
}

/// The host and port of `url` with no scheme, user information, path or query; `url` itself
/// cut at its first `/`, `?` or `#` when it has no scheme.
fn host_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host)
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_keeps_only_host_and_port_of_a_url_with_credentials() {
        let entry = Entry::new(Action::ManifestDeleted)
            .server("https://bob:hunter2@r.example:5000/v2/?token=abc");
        assert_eq!(entry.server.unwrap().as_str(), "r.example:5000");
    }

    #[test]
    fn a_name_longer_than_the_cap_is_cut_so_a_token_cannot_be_whole() {
        let token = "eyJhbGciOiJSUzI1NiJ9.".to_owned() + &"a".repeat(900);
        let name = Name::new(&token);
        assert_eq!(name.as_str().chars().count(), Name::MAX_CHARS);
        assert!(name.as_str().ends_with('…'));
        assert!(!name.as_str().contains(&token));
    }

    #[test]
    fn a_line_break_in_a_name_cannot_make_a_second_line() {
        let name = Name::new("v1\n{\"action\":\"signIn\"}\r");
        assert!(!name.as_str().contains('\n') && !name.as_str().contains('\r'));
    }

    #[test]
    fn a_name_read_back_goes_through_the_same_cap() {
        let long = format!("\"{}\"", "x".repeat(1000));
        let name: Name = serde_json::from_str(&long).unwrap();
        assert_eq!(name.as_str().chars().count(), Name::MAX_CHARS);
    }

    #[test]
    fn outcome_words_are_done_or_the_code() {
        assert_eq!(outcome_word(Outcome::Done), "done");
        assert_eq!(
            outcome_word(Outcome::Failed(ErrorCode::AccessDenied)),
            "accessDenied"
        );
        assert_eq!(
            action_word(Action::ImageStreamTagDeleted),
            "imageStreamTagDeleted"
        );
        assert_eq!(action_word(Action::ManifestDeleted), "manifestDeleted");
    }
}
