//! The Quay Bridge Operator's set-up (seed document 003) and a check of what it has synced.
//!
//! The operator (quay/quay-bridge-operator, `api/v1`) reads one cluster-scoped
//! `QuayIntegration` (`quay.redhat.com/v1`) whose spec names the cluster (`clusterID`), the
//! secret holding a Quay OAuth token (`credentialsSecret: {namespace, name, key}`), Quay's URL
//! (`quayHostname`), and which namespaces to sync (`allowlistNamespaces`,
//! `denylistNamespaces`). For each synced namespace it makes the Quay organization
//! `lowercase(clusterID)_<namespace>` and, in it, one robot account per service account it
//! manages, named after it: `<organization>+builder`, `<organization>+default`,
//! `<organization>+deployer`.
//!
//! Older documents (seed 003) spell two fields differently: `credentialsSecretName:
//! <namespace>/<name>` and `whitelistNamespaces`. The current CRD has neither, and the API
//! server prunes unknown fields, so the YAML here uses today's names.
//!
//! The operator reads the token from the key `token` even when `credentialsSecret.key` names
//! another one (its namespace controller uses the constant), so the key stays `token`.

use futures_util::future::join_all;
use reqwest::Method;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use ts_rs::TS;
use vault::Secret;

use crate::{Error, QuayClient, Result, check_name};

/// The `clusterID` the documents give as the default.
pub const DEFAULT_CLUSTER_ID: &str = "openshift";
/// The secret the documents create (`oc create secret generic quay-integration`).
pub const DEFAULT_SECRET_NAME: &str = "quay-integration";
/// The key of the token in it.
pub const DEFAULT_SECRET_KEY: &str = "token";
/// The namespace the documents install the operator in.
pub const DEFAULT_SECRET_NAMESPACE: &str = "openshift-operators";
/// The `metadata.name` of the `QuayIntegration` made here.
pub const DEFAULT_INTEGRATION_NAME: &str = "quay";
/// The API group, version and plural of the custom resource.
pub const QUAY_INTEGRATION_GROUP: &str = "quay.redhat.com";
/// Its version.
pub const QUAY_INTEGRATION_VERSION: &str = "v1";
/// Its plural (the path segment).
pub const QUAY_INTEGRATION_PLURAL: &str = "quayintegrations";
/// The service accounts the operator gives a robot account each (builder: write, default and
/// deployer: read).
pub const MANAGED_SERVICE_ACCOUNTS: [&str; 3] = ["builder", "default", "deployer"];
/// Namespaces the operator never syncs unless allowlisted (besides `openshift-*`, `kube-*`).
const DEFAULT_DENYLIST: [&str; 3] = ["default", "openshift", "management-infra"];

/// Where the operator finds its Quay token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CredentialsSecret {
    /// The secret's namespace.
    pub namespace: String,
    /// The secret's name.
    pub name: String,
    /// The key holding the token.
    pub key: String,
}

/// The `QuayIntegration` an admin creates for the operator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct QuayIntegration {
    /// Its `metadata.name` (it is cluster-scoped).
    pub name: String,
    /// `clusterID`: unique among the clusters that use this Quay (organizations are named
    /// after it).
    pub cluster_id: String,
    /// `credentialsSecret`.
    pub credentials_secret: CredentialsSecret,
    /// `quayHostname`: Quay's URL (`https://quay.example.com`).
    pub quay_hostname: String,
    /// `allowlistNamespaces` (formerly `whitelistNamespaces`): when given, only these.
    #[serde(default)]
    pub allowlist_namespaces: Vec<String>,
    /// `denylistNamespaces`: never these.
    #[serde(default)]
    pub denylist_namespaces: Vec<String>,
    /// `insecureRegistry`: Quay has a self-signed certificate.
    #[serde(default)]
    pub insecure_registry: bool,
}

/// The Quay organization the operator makes for `namespace`: `lowercase(clusterID)_namespace`.
pub fn organization_name(cluster_id: &str, namespace: &str) -> String {
    format!("{}_{namespace}", cluster_id.to_lowercase())
}

/// The robot account the operator makes for `service_account` in `organization`.
pub fn robot_name(organization: &str, service_account: &str) -> String {
    format!("{organization}+{service_account}")
}

/// `text` as one POSIX shell word: as is when it is plainly safe, else single-quoted.
fn shell_quote(text: &str) -> String {
    let plain = !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_./:=@%+,".contains(&b));
    if plain {
        text.to_owned()
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}

/// A JSON string is a YAML double-quoted scalar.
fn yaml_string(text: &str) -> String {
    Value::String(text.to_owned()).to_string()
}

impl QuayIntegration {
    /// The documents' defaults for Quay at `quay_url`: `clusterID: openshift`, the token in
    /// secret `quay-integration` (key `token`) of `secret_namespace`, every namespace synced.
    pub fn new(quay_url: &str, secret_namespace: &str) -> Self {
        Self {
            name: DEFAULT_INTEGRATION_NAME.into(),
            cluster_id: DEFAULT_CLUSTER_ID.into(),
            credentials_secret: CredentialsSecret {
                namespace: secret_namespace.into(),
                name: DEFAULT_SECRET_NAME.into(),
                key: DEFAULT_SECRET_KEY.into(),
            },
            quay_hostname: quay_url.trim().trim_end_matches('/').into(),
            allowlist_namespaces: Vec::new(),
            denylist_namespaces: Vec::new(),
            insecure_registry: false,
        }
    }

    /// Refuses what the operator or the API server would: an empty `clusterID` or one Quay
    /// cannot name organizations after, a Quay URL that is not http(s), names that are not
    /// Kubernetes names.
    pub fn validate(&self) -> Result<()> {
        let k8s_name = |what: &'static str, name: &str| {
            let ok = !name.is_empty()
                && name.len() <= 253
                && name.bytes().all(|b| {
                    b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.'
                })
                && name
                    .bytes()
                    .next()
                    .is_some_and(|b| b.is_ascii_alphanumeric())
                && name
                    .bytes()
                    .last()
                    .is_some_and(|b| b.is_ascii_alphanumeric());
            if ok {
                Ok(())
            } else {
                Err(Error::InvalidName {
                    what,
                    name: name.to_owned(),
                })
            }
        };
        k8s_name("QuayIntegration name", &self.name)?;
        k8s_name("namespace", &self.credentials_secret.namespace)?;
        k8s_name("secret name", &self.credentials_secret.name)?;
        check_name("cluster ID", &self.cluster_id.to_lowercase(), false)?;
        for namespace in self
            .allowlist_namespaces
            .iter()
            .chain(&self.denylist_namespaces)
        {
            k8s_name("namespace", namespace)?;
        }
        let url = url::Url::parse(&self.quay_hostname).map_err(|e| Error::InvalidUrl {
            url: self.quay_hostname.clone(),
            reason: e.to_string(),
        })?;
        if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
            return Err(Error::InvalidUrl {
                url: self.quay_hostname.clone(),
                reason: "quayHostname must be Quay's http:// or https:// URL".into(),
            });
        }
        Ok(())
    }

    /// Whether the operator syncs `namespace` (its `IsAllowedNamespace`): never a denylisted
    /// one; an allowlisted one always; else not `default`, `openshift`, `management-infra`,
    /// `openshift-*` or `kube-*`, and only when there is no allowlist.
    pub fn syncs(&self, namespace: &str) -> bool {
        if self.denylist_namespaces.iter().any(|n| n == namespace) {
            return false;
        }
        if self.allowlist_namespaces.iter().any(|n| n == namespace) {
            return true;
        }
        if DEFAULT_DENYLIST.contains(&namespace)
            || namespace.starts_with("openshift-")
            || namespace.starts_with("kube-")
        {
            return false;
        }
        self.allowlist_namespaces.is_empty()
    }

    /// The Quay organization of `namespace`.
    pub fn organization_for(&self, namespace: &str) -> String {
        organization_name(&self.cluster_id, namespace)
    }

    /// The custom resource as JSON (what is applied to the cluster).
    pub fn to_object(&self) -> Value {
        let mut spec = json!({
            "clusterID": self.cluster_id,
            "credentialsSecret": {
                "namespace": self.credentials_secret.namespace,
                "name": self.credentials_secret.name,
                "key": self.credentials_secret.key,
            },
            "quayHostname": self.quay_hostname,
        });
        if !self.allowlist_namespaces.is_empty() {
            spec["allowlistNamespaces"] = json!(self.allowlist_namespaces);
        }
        if !self.denylist_namespaces.is_empty() {
            spec["denylistNamespaces"] = json!(self.denylist_namespaces);
        }
        if self.insecure_registry {
            spec["insecureRegistry"] = json!(true);
        }
        json!({
            "apiVersion": format!("{QUAY_INTEGRATION_GROUP}/{QUAY_INTEGRATION_VERSION}"),
            "kind": "QuayIntegration",
            "metadata": {"name": self.name},
            "spec": spec,
        })
    }

    /// The custom resource as YAML to copy (`oc create -f quay-integration.yaml`), the same
    /// object as [`QuayIntegration::to_object`].
    pub fn to_yaml(&self) -> String {
        let mut yaml = format!(
            "apiVersion: {QUAY_INTEGRATION_GROUP}/{QUAY_INTEGRATION_VERSION}\nkind: QuayIntegration\nmetadata:\n  name: {}\nspec:\n  clusterID: {}\n  credentialsSecret:\n    namespace: {}\n    name: {}\n    key: {}\n  quayHostname: {}\n",
            yaml_string(&self.name),
            yaml_string(&self.cluster_id),
            yaml_string(&self.credentials_secret.namespace),
            yaml_string(&self.credentials_secret.name),
            yaml_string(&self.credentials_secret.key),
            yaml_string(&self.quay_hostname),
        );
        for (field, list) in [
            ("allowlistNamespaces", &self.allowlist_namespaces),
            ("denylistNamespaces", &self.denylist_namespaces),
        ] {
            if !list.is_empty() {
                yaml.push_str(&format!("  {field}:\n"));
                for namespace in list {
                    yaml.push_str(&format!("    - {}\n", yaml_string(namespace)));
                }
            }
        }
        if self.insecure_registry {
            yaml.push_str("  insecureRegistry: true\n");
        }
        yaml
    }

    /// `oc create secret generic <name> --from-literal=<key>=<token> -n <namespace>`, each
    /// word shell-quoted. With the token it is a [`Secret`]; without, it holds the placeholder
    /// `<access_token>`.
    pub fn create_secret_command(&self, token: Option<&Secret>) -> Secret {
        let value = token.map_or("<access_token>", Secret::expose);
        Secret::new(format!(
            "oc create secret generic {} {} -n {}",
            shell_quote(&self.credentials_secret.name),
            shell_quote(&format!(
                "--from-literal={}={value}",
                self.credentials_secret.key
            )),
            shell_quote(&self.credentials_secret.namespace),
        ))
    }
}

/// What Quay holds for one synced namespace's organization.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OrganizationState {
    /// No such organization.
    Missing,
    /// It exists, with these robot accounts (full names).
    Present {
        /// `<organization>+<name>` of each robot account.
        robots: Vec<String>,
    },
    /// It could not be read (a refusal, an unreachable Quay): why.
    Unknown(String),
}

/// One managed service account's robot account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RobotSync {
    /// The service account (`builder`, `default`, `deployer`).
    pub service_account: String,
    /// Its robot account, `<organization>+<service account>`.
    pub robot: String,
    /// Whether Quay has it (false when the organization is missing or unreadable).
    pub exists: bool,
}

/// One synced namespace: its organization, its robots, and what is missing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NamespaceSync {
    /// The namespace.
    pub namespace: String,
    /// Its Quay organization.
    pub organization: String,
    /// Whether the organization exists (false when it could not be read).
    pub organization_exists: bool,
    /// Each managed service account's robot.
    pub robots: Vec<RobotSync>,
    /// What the operator has not made yet: the organization and/or robot names.
    pub missing: Vec<String>,
    /// Why Quay could not be read for this namespace, if it could not.
    pub error: Option<String>,
}

/// The sync check: every synced namespace, and the namespaces left out with why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SyncReport {
    /// The namespaces the operator syncs, sorted.
    pub namespaces: Vec<NamespaceSync>,
    /// Namespaces given that the operator does not sync, sorted.
    pub not_synced: Vec<String>,
    /// Whether every synced namespace has its organization and robots.
    pub in_sync: bool,
}

/// The check of `namespace` from what Quay holds (`state`): pure.
pub fn namespace_sync(
    integration: &QuayIntegration,
    namespace: &str,
    state: &OrganizationState,
) -> NamespaceSync {
    let organization = integration.organization_for(namespace);
    let robots: Vec<RobotSync> = MANAGED_SERVICE_ACCOUNTS
        .iter()
        .map(|sa| {
            let robot = robot_name(&organization, sa);
            let exists =
                matches!(state, OrganizationState::Present { robots } if robots.contains(&robot));
            RobotSync {
                service_account: (*sa).to_owned(),
                robot,
                exists,
            }
        })
        .collect();
    let organization_exists = matches!(state, OrganizationState::Present { .. });
    let mut missing = Vec::new();
    if matches!(state, OrganizationState::Missing) {
        missing.push(organization.clone());
    }
    if !matches!(state, OrganizationState::Unknown(_)) {
        missing.extend(robots.iter().filter(|r| !r.exists).map(|r| r.robot.clone()));
    }
    NamespaceSync {
        namespace: namespace.to_owned(),
        organization,
        organization_exists,
        robots,
        missing,
        error: match state {
            OrganizationState::Unknown(why) => Some(why.clone()),
            _ => None,
        },
    }
}

/// The namespaces to check among `namespaces` (the cluster's; with an allowlist, the
/// allowlist is added), split into synced and not synced, each sorted without repeats.
pub fn partition_namespaces(
    integration: &QuayIntegration,
    namespaces: &[String],
) -> (Vec<String>, Vec<String>) {
    let mut all: Vec<String> = namespaces
        .iter()
        .chain(&integration.allowlist_namespaces)
        .cloned()
        .collect();
    all.sort();
    all.dedup();
    all.into_iter().partition(|n| integration.syncs(n))
}

/// The report of `namespaces` with what Quay holds for each synced one (`states`, in the
/// order of the first list of [`partition_namespaces`]): pure.
pub fn sync_report(
    integration: &QuayIntegration,
    synced: &[String],
    not_synced: Vec<String>,
    states: &[OrganizationState],
) -> SyncReport {
    let namespaces: Vec<NamespaceSync> = synced
        .iter()
        .zip(states)
        .map(|(namespace, state)| namespace_sync(integration, namespace, state))
        .collect();
    let in_sync = namespaces
        .iter()
        .all(|n| n.missing.is_empty() && n.error.is_none());
    SyncReport {
        namespaces,
        not_synced,
        in_sync,
    }
}

impl QuayClient {
    /// What Quay holds for `organization`: missing, or present with its robots.
    pub async fn organization_state(&self, organization: &str) -> OrganizationState {
        if let Err(e) = check_name("organization name", organization, false) {
            return OrganizationState::Unknown(e.to_string());
        }
        match self
            .call::<Value>(Method::GET, &format!("/organization/{organization}"), None)
            .await
        {
            Ok(_) => {}
            Err(Error::NotFound { .. }) => return OrganizationState::Missing,
            Err(e) => return OrganizationState::Unknown(e.to_string()),
        }
        match self.robots(organization).await {
            Ok(robots) => OrganizationState::Present {
                robots: robots.into_iter().map(|r| r.name).collect(),
            },
            Err(e) => OrganizationState::Unknown(e.to_string()),
        }
    }

    /// The Bridge Operator's sync check: for each namespace of `namespaces` (the cluster's)
    /// that `integration` syncs, whether its organization and the robot accounts of
    /// `builder`, `default` and `deployer` exist, all namespaces asked at once.
    pub async fn bridge_sync_check(
        &self,
        integration: &QuayIntegration,
        namespaces: &[String],
    ) -> SyncReport {
        let (synced, not_synced) = partition_namespaces(integration, namespaces);
        let organizations: Vec<String> = synced
            .iter()
            .map(|n| integration.organization_for(n))
            .collect();
        let states = join_all(organizations.iter().map(|o| self.organization_state(o))).await;
        sync_report(integration, &synced, not_synced, &states)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec() -> QuayIntegration {
        QuayIntegration::new("https://quay.example.com/", "openshift-operators")
    }

    #[test]
    fn names_follow_the_operator() {
        assert_eq!(organization_name("OpenShift", "team-a"), "openshift_team-a");
        assert_eq!(
            robot_name("openshift_team-a", "builder"),
            "openshift_team-a+builder"
        );
        assert_eq!(spec().organization_for("app"), "openshift_app");
    }

    #[test]
    fn namespaces_are_synced_as_the_operator_decides() {
        let mut s = spec();
        assert!(s.syncs("team-a"));
        for never in [
            "default",
            "openshift",
            "management-infra",
            "openshift-monitoring",
            "kube-system",
        ] {
            assert!(!s.syncs(never), "{never}");
        }
        s.allowlist_namespaces = vec!["default".into(), "team-a".into()];
        s.denylist_namespaces = vec!["team-a".into()];
        assert!(
            s.syncs("default"),
            "an allowlisted default namespace is synced"
        );
        assert!(!s.syncs("team-a"), "the denylist wins");
        assert!(!s.syncs("team-b"), "with an allowlist, only it");
        let (synced, not) = partition_namespaces(
            &s,
            &["team-b".into(), "kube-system".into(), "team-b".into()],
        );
        assert_eq!(synced, ["default"]);
        assert_eq!(not, ["kube-system", "team-a", "team-b"]);
    }

    #[test]
    fn the_yaml_and_the_object_say_the_same() {
        let mut s = spec();
        s.allowlist_namespaces = vec!["default".into()];
        s.insecure_registry = true;
        assert!(s.validate().is_ok());
        let object = s.to_object();
        assert_eq!(object["apiVersion"], "quay.redhat.com/v1");
        assert_eq!(object["spec"]["quayHostname"], "https://quay.example.com");
        assert_eq!(
            object["spec"]["credentialsSecret"]["name"],
            "quay-integration"
        );
        assert_eq!(object["spec"]["credentialsSecret"]["key"], "token");
        assert_eq!(object["spec"]["allowlistNamespaces"], json!(["default"]));
        assert!(object["spec"].get("denylistNamespaces").is_none());
        let yaml = s.to_yaml();
        assert!(yaml.starts_with("apiVersion: quay.redhat.com/v1\nkind: QuayIntegration\n"));
        assert!(yaml.contains("  clusterID: \"openshift\"\n"), "{yaml}");
        assert!(
            yaml.contains("  allowlistNamespaces:\n    - \"default\"\n"),
            "{yaml}"
        );
        assert!(yaml.contains("  insecureRegistry: true\n"), "{yaml}");
        assert!(!yaml.contains("whitelist"));
    }

    #[test]
    fn what_the_operator_or_the_api_server_would_refuse_is_refused() {
        let mut s = spec();
        s.cluster_id = String::new();
        assert!(s.validate().is_err());
        let mut s = spec();
        s.quay_hostname = "quay.example.com".into();
        assert!(matches!(s.validate(), Err(Error::InvalidUrl { .. })));
        let mut s = spec();
        s.credentials_secret.name = "Quay".into();
        assert!(s.validate().is_err());
        let mut s = spec();
        s.allowlist_namespaces = vec!["a/b".into()];
        assert!(s.validate().is_err());
    }

    #[test]
    fn the_secret_command_is_quoted_and_holds_the_token_as_a_secret() {
        let s = spec();
        assert_eq!(
            s.create_secret_command(None).expose(),
            "oc create secret generic quay-integration '--from-literal=token=<access_token>' -n openshift-operators"
        );
        let command = s.create_secret_command(Some(&Secret::new("abc'$(rm -rf)")));
        assert_eq!(
            command.expose(),
            "oc create secret generic quay-integration '--from-literal=token=abc'\\''$(rm -rf)' -n openshift-operators"
        );
        assert_eq!(format!("{command:?}"), "<redacted>");
        assert_eq!(
            s.create_secret_command(Some(&Secret::new("AbC123")))
                .expose(),
            "oc create secret generic quay-integration --from-literal=token=AbC123 -n openshift-operators"
        );
    }

    #[test]
    fn the_report_says_what_is_missing() {
        let s = spec();
        let synced = vec!["a".to_owned(), "b".to_owned(), "c".to_owned()];
        let report = sync_report(
            &s,
            &synced,
            vec!["default".into()],
            &[
                OrganizationState::Missing,
                OrganizationState::Present {
                    robots: vec!["openshift_b+builder".into(), "openshift_b+other".into()],
                },
                OrganizationState::Unknown("Quay refused (HTTP 403)".into()),
            ],
        );
        assert!(!report.in_sync);
        let [a, b, c] = &report.namespaces[..] else {
            panic!("{report:?}")
        };
        assert_eq!(
            a.missing,
            [
                "openshift_a",
                "openshift_a+builder",
                "openshift_a+default",
                "openshift_a+deployer"
            ]
        );
        assert!(!a.organization_exists);
        assert!(b.organization_exists);
        assert_eq!(b.missing, ["openshift_b+default", "openshift_b+deployer"]);
        assert!(b.robots[0].exists && !b.robots[1].exists);
        assert!(c.missing.is_empty());
        assert_eq!(c.error.as_deref(), Some("Quay refused (HTTP 403)"));
        let all = sync_report(
            &s,
            &synced[..1],
            vec![],
            &[OrganizationState::Present {
                robots: MANAGED_SERVICE_ACCOUNTS
                    .iter()
                    .map(|sa| robot_name("openshift_a", sa))
                    .collect(),
            }],
        );
        assert!(all.in_sync, "{all:?}");
        let json = serde_json::to_value(&all).unwrap();
        assert_eq!(json["namespaces"][0]["organizationExists"], true);
        assert_eq!(json["inSync"], true);
    }
}
