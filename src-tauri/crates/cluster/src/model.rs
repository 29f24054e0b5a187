//! What the UI shows of a cluster: projects, image streams with their pull specs, role
//! bindings as (role, subject, binding) rows, effective access, service accounts.
//!
//! Every type here is meant to become a TypeScript type of the UI (derives `ts_rs::TS`).
//! Tokens are not here: they travel as `vault::Secret` in [`crate::MintedToken`] and
//! [`crate::LongLivedToken`], which have no `Serialize`.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Where a project list came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ProjectSource {
    /// OpenShift's `project.openshift.io/v1` projects: only those the user may see.
    Projects,
    /// Kubernetes namespaces (the cluster has no projects API).
    Namespaces,
}

/// One project (or namespace).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Project {
    /// The name (`metadata.name`).
    pub name: String,
    /// `openshift.io/display-name`, when set and not empty.
    pub display_name: Option<String>,
    /// `openshift.io/description`, when set and not empty.
    pub description: Option<String>,
    /// `openshift.io/requester`, when set.
    pub requester: Option<String>,
    /// `status.phase`: `Active` or `Terminating`.
    pub phase: Option<String>,
}

/// The projects the signed-in user can see.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProjectList {
    /// Projects API or namespaces.
    pub source: ProjectSource,
    /// Sorted by name.
    pub projects: Vec<Project>,
    /// The cluster has no projects API and the user may not list its namespaces (a user with
    /// rights in some namespaces only): `projects` is empty, and the user types a name.
    pub listing_refused: bool,
}

/// One tag of an image stream, with both pull specs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImageStreamTag {
    /// The tag.
    pub tag: String,
    /// The current image's digest (`sha256:...`), when the tag points at one.
    pub image: Option<String>,
    /// When the current image was tagged (RFC 3339).
    pub created: Option<String>,
    /// `<internal registry>/<project>/<stream>:<tag>`, for pods of the cluster.
    pub internal_pull_spec: Option<String>,
    /// `<public route>/<project>/<stream>:<tag>`, when the registry is exposed.
    pub external_pull_spec: Option<String>,
}

/// One image stream.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImageStream {
    /// The project.
    pub namespace: String,
    /// The stream's name.
    pub name: String,
    /// `status.dockerImageRepository`.
    pub internal_repository: Option<String>,
    /// `status.publicDockerImageRepository`.
    pub public_repository: Option<String>,
    /// The tags, in the server's order.
    pub tags: Vec<ImageStreamTag>,
}

/// The kind of an RBAC subject.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
pub enum SubjectKind {
    /// A user (`alice`, `system:anonymous`).
    User,
    /// A group (`developers`, `system:serviceaccounts:<project>`, `system:unauthenticated`).
    Group,
    /// A service account of a project.
    ServiceAccount,
}

/// An RBAC subject: who a binding grants its role to.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Subject {
    /// User, Group or ServiceAccount.
    pub kind: SubjectKind,
    /// The name (for a service account, its short name).
    pub name: String,
    /// The service account's project; None for users and groups.
    pub namespace: Option<String>,
}

impl Subject {
    /// A user.
    pub fn user(name: impl Into<String>) -> Self {
        Self {
            kind: SubjectKind::User,
            name: name.into(),
            namespace: None,
        }
    }

    /// A group.
    pub fn group(name: impl Into<String>) -> Self {
        Self {
            kind: SubjectKind::Group,
            name: name.into(),
            namespace: None,
        }
    }

    /// A service account of `namespace`.
    pub fn service_account(namespace: impl Into<String>, name: impl Into<String>) -> Self {
        Self {
            kind: SubjectKind::ServiceAccount,
            name: name.into(),
            namespace: Some(namespace.into()),
        }
    }

    /// Every service account of a project: the group `system:serviceaccounts:<project>`.
    pub fn all_service_accounts_of(project: &str) -> Self {
        Self::group(format!("system:serviceaccounts:{project}"))
    }

    /// Anonymous access: the group `system:unauthenticated`.
    pub fn anonymous() -> Self {
        Self::group("system:unauthenticated")
    }

    /// The subject as `oc` writes it: `alice`, `group developers`,
    /// `system:serviceaccount:<project>:<name>`.
    pub fn display(&self) -> String {
        match self.kind {
            SubjectKind::User => self.name.clone(),
            SubjectKind::Group => format!("group {}", self.name),
            SubjectKind::ServiceAccount => format!(
                "system:serviceaccount:{}:{}",
                self.namespace.as_deref().unwrap_or(""),
                self.name
            ),
        }
    }
}

/// Whether a binding refers to a ClusterRole or a Role of the project.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
pub enum RoleKind {
    /// A cluster-wide role definition (`admin`, `registry-viewer`, `system:image-puller`).
    ClusterRole,
    /// A role defined in the project.
    Role,
}

/// Whether a grant comes from the project or from the whole cluster.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
pub enum BindingKind {
    /// A RoleBinding of the project.
    RoleBinding,
    /// A ClusterRoleBinding: applies in every project.
    ClusterRoleBinding,
}

/// One row of a project's role bindings: this subject has this role through this binding.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RoleBindingRow {
    /// The role's name.
    pub role: String,
    /// ClusterRole or Role.
    pub role_kind: RoleKind,
    /// Who.
    pub subject: Subject,
    /// The binding's name.
    pub binding: String,
    /// When the binding was created (RFC 3339, the server's `creationTimestamp`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub created: Option<String>,
}

/// What a grant did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct GrantOutcome {
    /// The binding that now holds the subject.
    pub binding: String,
    /// True when the binding was created for this grant; false when the subject already
    /// had the role through it (nothing was changed).
    pub created: bool,
}

/// What a revoke did.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RevokeOutcome {
    /// Bindings the subject was removed from and that still hold others.
    pub updated: Vec<String>,
    /// Bindings deleted because the subject was their last one.
    pub deleted: Vec<String>,
}

/// One way a subject gets an access.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AccessGrant {
    /// Who.
    pub subject: Subject,
    /// Through which role.
    pub role: String,
    /// ClusterRole or Role.
    pub role_kind: RoleKind,
    /// Through which binding.
    pub binding: String,
    /// A RoleBinding of the project or a ClusterRoleBinding.
    pub binding_kind: BindingKind,
}

/// Who can pull from and push to a project's image streams.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EffectiveAccess {
    /// The project.
    pub namespace: String,
    /// Holders of `get` on `imagestreams/layers` (pull).
    pub pull: Vec<AccessGrant>,
    /// Holders of `update` on `imagestreams/layers` (push).
    pub push: Vec<AccessGrant>,
    /// False when the cluster-wide bindings could not be read (403): the lists then show
    /// the project's bindings only.
    pub cluster_bindings_included: bool,
    /// The roles the user may not read (403), as `Kind/name`: holders through them are not in
    /// the lists (a namespace admin may not read ClusterRoles).
    pub unreadable_roles: Vec<String>,
}

/// One question asked with a SelfSubjectAccessReview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AccessCheck {
    /// What the user wants to do, as a key the UI translates (`pull`, `push`,
    /// `listImageStreams`, `listRoleBindings`, `grantRoles`, `listServiceAccounts`,
    /// `createServiceAccounts`, `requestTokens`, `createSecrets`, `linkSecrets`).
    pub action: String,
    /// The verb asked about.
    pub verb: String,
    /// The API group (`""` for core).
    pub group: String,
    /// The resource, with `/subresource` when there is one.
    pub resource: String,
    /// The cluster's answer.
    pub allowed: bool,
    /// The authorizer's reason, when it gave one.
    pub reason: Option<String>,
}

/// Who the token belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct WhoAmI {
    /// The user name; `None` on a cluster that has neither OpenShift's user API nor
    /// `SelfSubjectReview` (Kubernetes before 1.26/1.28), where a token cannot learn whose it
    /// is.
    pub name: Option<String>,
    /// The groups the cluster reports.
    pub groups: Vec<String>,
}

/// One service account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ServiceAccount {
    /// The project.
    pub namespace: String,
    /// The name.
    pub name: String,
    /// `system:serviceaccount:<project>:<name>`, the user name its tokens authenticate as.
    pub user_name: String,
    /// Secrets mounted (`secrets`).
    pub secrets: Vec<String>,
    /// Pull secrets (`imagePullSecrets`).
    pub image_pull_secrets: Vec<String>,
    /// When it was created (RFC 3339).
    pub created: Option<String>,
}

/// How a secret is linked to a service account, as `oc secrets link --for=`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LinkFor {
    /// Add to `imagePullSecrets` (`--for=pull`).
    pub pull: bool,
    /// Add to `secrets` (`--for=mount`, the default of `oc secrets link`).
    pub mount: bool,
}

/// One registry entry of a pull secret (`auths.<registry>`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PullSecretEntry {
    /// The registry host, or host/path (`quay.io`, `quay.io/org/repo`,
    /// `image-registry.openshift-image-registry.svc:5000`).
    pub registry: String,
    /// The user name (ignored by the OpenShift registry, must not contain a colon).
    pub username: String,
    /// The password or token.
    pub password: vault::Secret,
    /// An e-mail address, for old clients that want one.
    pub email: Option<String>,
}

/// What a 403 refused, read from the apiserver's message (`User "bob" cannot create
/// resource "rolebindings" in API group "rbac.authorization.k8s.io" in the namespace "p"`),
/// so the UI can say it in the user's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Denial {
    /// Who the cluster says the caller is.
    pub user: String,
    /// The verb refused (`create`, `list`, `update`, ...).
    pub verb: String,
    /// The resource, with `/subresource` (`serviceaccounts/token`).
    pub resource: String,
    /// The API group (`""` for core).
    pub group: String,
    /// The namespace, or None for a cluster-scope refusal.
    pub namespace: Option<String>,
}

impl Denial {
    /// Reads the standard RBAC refusal message; None for any other text (for instance the
    /// escalation refusal, whose message is shown as is).
    pub fn parse(message: &str) -> Option<Self> {
        let rest = &message[message.find("User \"")? + 6..];
        let (user, rest) = rest.split_once("\" cannot ")?;
        let (verb, rest) = rest.split_once(" resource \"")?;
        let (resource, rest) = rest.split_once("\" in API group \"")?;
        let (group, rest) = rest.split_once('"')?;
        let namespace = match rest.trim_start().strip_prefix("in the namespace \"") {
            Some(ns) => Some(ns.split_once('"')?.0.to_owned()),
            None if rest.trim_start().starts_with("at the cluster scope") => None,
            None => return None,
        };
        Some(Self {
            user: user.to_owned(),
            verb: verb.to_owned(),
            resource: resource.to_owned(),
            group: group.to_owned(),
            namespace,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ui_types_export_to_typescript_in_camel_case() {
        let dir = tempfile::tempdir().unwrap();
        let cfg = ts_rs::Config::new().with_out_dir(dir.path());
        ProjectList::export_all(&cfg).unwrap();
        ImageStream::export_all(&cfg).unwrap();
        RoleBindingRow::export_all(&cfg).unwrap();
        GrantOutcome::export_all(&cfg).unwrap();
        RevokeOutcome::export_all(&cfg).unwrap();
        EffectiveAccess::export_all(&cfg).unwrap();
        AccessCheck::export_all(&cfg).unwrap();
        WhoAmI::export_all(&cfg).unwrap();
        ServiceAccount::export_all(&cfg).unwrap();
        LinkFor::export_all(&cfg).unwrap();
        Denial::export_all(&cfg).unwrap();
        let read = |name: &str| std::fs::read_to_string(dir.path().join(name)).unwrap();
        let row = read("RoleBindingRow.ts");
        assert!(row.contains("roleKind: RoleKind"), "{row}");
        let subject = read("Subject.ts");
        assert!(subject.contains("namespace: string | null"), "{subject}");
        let tag = read("ImageStreamTag.ts");
        assert!(tag.contains("externalPullSpec"), "{tag}");
        let access = read("EffectiveAccess.ts");
        assert!(
            access.contains("clusterBindingsIncluded: boolean"),
            "{access}"
        );
        assert!(read("SubjectKind.ts").contains("\"ServiceAccount\""));
    }

    #[test]
    fn a_refusal_message_is_read_into_its_parts() {
        let d = Denial::parse("serviceaccounts \"robot\" is forbidden: User \"system:serviceaccount:p:robot\" cannot create resource \"serviceaccounts/token\" in API group \"\" in the namespace \"p\"").unwrap();
        assert_eq!(
            d,
            Denial {
                user: "system:serviceaccount:p:robot".into(),
                verb: "create".into(),
                resource: "serviceaccounts/token".into(),
                group: String::new(),
                namespace: Some("p".into()),
            }
        );
        let d = Denial::parse("namespaces is forbidden: User \"bob\" cannot list resource \"namespaces\" in API group \"\" at the cluster scope").unwrap();
        assert_eq!(
            (d.user.as_str(), d.verb.as_str(), d.namespace),
            ("bob", "list", None)
        );
        assert!(Denial::parse("rolebindings.rbac.authorization.k8s.io \"x\" is forbidden: user \"rita\" (groups=[]) is attempting to grant RBAC permissions not currently held").is_none());
        assert!(Denial::parse("forbidden").is_none());
    }
}
