//! RBAC objects as the API sends them, and the pure decisions made on them: which binding
//! a grant uses (the way `oc policy add-role-to-user|group` names and reuses bindings), how
//! a subject is added and removed, and who holds a permission through which binding.
//!
//! Kept free of I/O so the decisions are unit-tested on their own.

use serde::{Deserialize, Serialize};

use crate::model::{AccessGrant, BindingKind, RoleBindingRow, RoleKind, Subject, SubjectKind};

/// The RBAC API group.
pub const RBAC_GROUP: &str = "rbac.authorization.k8s.io";

/// `metadata` of an object, with the fields we read or must send back.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ObjectMeta {
    /// The name.
    #[serde(default)]
    pub name: String,
    /// The namespace, for namespaced objects.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// The version the server last stored; sent back on update so that a concurrent change
    /// is refused (409) instead of overwritten.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_version: Option<String>,
    /// The object's unique id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uid: Option<String>,
    /// When it was created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creation_timestamp: Option<String>,
    /// Annotations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annotations: Option<std::collections::BTreeMap<String, String>>,
    /// Labels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub labels: Option<std::collections::BTreeMap<String, String>>,
    /// Every other field, kept so that an update sends back what it did not understand.
    #[serde(flatten)]
    pub other: serde_json::Map<String, serde_json::Value>,
}

/// A subject as RBAC objects hold it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WireSubject {
    /// `User`, `Group` or `ServiceAccount`.
    pub kind: String,
    /// `rbac.authorization.k8s.io` for users and groups; absent for service accounts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_group: Option<String>,
    /// The name.
    pub name: String,
    /// The service account's namespace.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
}

impl WireSubject {
    /// The wire form of a subject, as `oc` writes it.
    pub fn from_subject(subject: &Subject) -> Self {
        match subject.kind {
            SubjectKind::User | SubjectKind::Group => Self {
                kind: if subject.kind == SubjectKind::User {
                    "User"
                } else {
                    "Group"
                }
                .into(),
                api_group: Some(RBAC_GROUP.into()),
                name: subject.name.clone(),
                namespace: None,
            },
            SubjectKind::ServiceAccount => Self {
                kind: "ServiceAccount".into(),
                api_group: None,
                name: subject.name.clone(),
                namespace: subject.namespace.clone(),
            },
        }
    }

    /// The subject, when its kind is one we know.
    pub fn to_subject(&self) -> Option<Subject> {
        let kind = match self.kind.as_str() {
            "User" => SubjectKind::User,
            "Group" => SubjectKind::Group,
            "ServiceAccount" => SubjectKind::ServiceAccount,
            _ => return None,
        };
        Some(Subject {
            kind,
            name: self.name.clone(),
            namespace: (kind == SubjectKind::ServiceAccount)
                .then(|| self.namespace.clone().unwrap_or_default()),
        })
    }

    /// Same kind, name and namespace (what `oc` compares; the apiGroup is not compared).
    pub fn same_as(&self, other: &WireSubject) -> bool {
        self.kind == other.kind
            && self.name == other.name
            && self.namespace.as_deref().unwrap_or("") == other.namespace.as_deref().unwrap_or("")
    }
}

/// `roleRef` of a binding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RoleRef {
    /// Always `rbac.authorization.k8s.io`.
    #[serde(default)]
    pub api_group: String,
    /// `ClusterRole` or `Role`.
    pub kind: String,
    /// The role's name.
    pub name: String,
}

impl RoleRef {
    /// A reference to a cluster role.
    pub fn cluster_role(name: &str) -> Self {
        Self {
            api_group: RBAC_GROUP.into(),
            kind: "ClusterRole".into(),
            name: name.into(),
        }
    }

    /// ClusterRole or Role.
    pub fn role_kind(&self) -> RoleKind {
        if self.kind == "Role" {
            RoleKind::Role
        } else {
            RoleKind::ClusterRole
        }
    }
}

/// A RoleBinding or ClusterRoleBinding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RoleBinding {
    /// `rbac.authorization.k8s.io/v1`.
    #[serde(default)]
    pub api_version: String,
    /// `RoleBinding` or `ClusterRoleBinding`.
    #[serde(default)]
    pub kind: String,
    /// Name, namespace, resourceVersion.
    pub metadata: ObjectMeta,
    /// Who (absent in JSON when empty).
    #[serde(default)]
    pub subjects: Vec<WireSubject>,
    /// Which role.
    pub role_ref: RoleRef,
}

/// One rule of a role.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PolicyRule {
    /// Verbs, `*` for all.
    #[serde(default)]
    pub verbs: Vec<String>,
    /// API groups, `""` for core, `*` for all.
    #[serde(default)]
    pub api_groups: Vec<String>,
    /// Resources (`imagestreams/layers` for a subresource), `*` for all.
    #[serde(default)]
    pub resources: Vec<String>,
    /// When not empty, only these object names.
    #[serde(default)]
    pub resource_names: Vec<String>,
    /// Non-resource URLs (not used for resource requests).
    #[serde(default, rename = "nonResourceURLs")]
    pub non_resource_urls: Vec<String>,
}

impl PolicyRule {
    /// True when this rule allows `verb` on `resource` (with `/subresource`) of `group`, for
    /// any object name (rules limited to names do not count).
    pub fn allows(&self, verb: &str, group: &str, resource: &str) -> bool {
        let any = |list: &[String], wanted: &str| list.iter().any(|v| v == "*" || v == wanted);
        if !self.resource_names.is_empty() {
            return false;
        }
        if !any(&self.verbs, verb) || !any(&self.api_groups, group) {
            return false;
        }
        self.resources.iter().any(|r| {
            r == "*"
                || r == resource
                || r.strip_suffix("/*").is_some_and(|base| {
                    resource
                        .split_once('/')
                        .is_some_and(|(parent, _)| parent == base)
                })
        })
    }
}

/// A Role or ClusterRole (its rules are what matters).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Role {
    /// Name.
    #[serde(default)]
    pub metadata: ObjectMeta,
    /// The rules: absent, or `null` (the real server's answer for an aggregated role whose
    /// selectors match nothing yet), is none.
    #[serde(default, deserialize_with = "null_as_empty")]
    pub rules: Vec<PolicyRule>,
}

/// A list that may be `null`, read as empty.
fn null_as_empty<'de, D, T>(deserializer: D) -> std::result::Result<Vec<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Option::<Vec<T>>::deserialize(deserializer)?.unwrap_or_default())
}

/// The name `oc policy add-role-to-*` gives a new binding of `role`: the role's name when no
/// binding has it, else `<role>-0`, `<role>-1`, ... the first that is free.
pub fn new_binding_name<'a>(role: &str, existing: impl IntoIterator<Item = &'a str>) -> String {
    let taken: std::collections::HashSet<&str> = existing.into_iter().collect();
    if !taken.contains(role) {
        return role.to_owned();
    }
    (0u32..)
        .map(|i| format!("{role}-{i}"))
        .find(|name| !taken.contains(name.as_str()))
        .expect("some number is free")
}

/// The binding that already grants `role_ref` to `subject`, if any: `oc` then changes
/// nothing.
pub fn binding_granting<'a>(
    bindings: &'a [RoleBinding],
    role_ref: &RoleRef,
    subject: &WireSubject,
) -> Option<&'a RoleBinding> {
    bindings.iter().find(|b| {
        b.role_ref.kind == role_ref.kind
            && b.role_ref.name == role_ref.name
            && b.subjects.iter().any(|s| s.same_as(subject))
    })
}

/// Removes `subject` from `binding`; true when it was there.
pub fn remove_subject(binding: &mut RoleBinding, subject: &WireSubject) -> bool {
    let before = binding.subjects.len();
    binding.subjects.retain(|s| !s.same_as(subject));
    binding.subjects.len() != before
}

/// The rows of a project's bindings: one per (binding, subject), sorted by role, subject,
/// binding. Subjects of kinds we do not know are left out.
pub fn binding_rows(bindings: &[RoleBinding]) -> Vec<RoleBindingRow> {
    let mut rows: Vec<RoleBindingRow> = bindings
        .iter()
        .flat_map(|b| {
            b.subjects.iter().filter_map(move |s| {
                Some(RoleBindingRow {
                    role: b.role_ref.name.clone(),
                    role_kind: b.role_ref.role_kind(),
                    subject: s.to_subject()?,
                    binding: b.metadata.name.clone(),
                    created: b.metadata.creation_timestamp.clone(),
                })
            })
        })
        .collect();
    rows.sort();
    rows
}

/// Every (subject, role, binding) through which `verb` on `resource` of `group` is held,
/// from `bindings` (each with its kind) and the rules of the roles they refer to
/// (`rules_of` answers None for a role it does not know: it grants nothing).
pub fn holders(
    bindings: &[(BindingKind, RoleBinding)],
    rules_of: impl Fn(&str, &RoleRef) -> Option<Vec<PolicyRule>>,
    verb: &str,
    group: &str,
    resource: &str,
) -> Vec<AccessGrant> {
    let mut out = Vec::new();
    for (kind, binding) in bindings {
        let namespace = binding.metadata.namespace.as_deref().unwrap_or("");
        let Some(rules) = rules_of(namespace, &binding.role_ref) else {
            continue;
        };
        if !rules.iter().any(|r| r.allows(verb, group, resource)) {
            continue;
        }
        for subject in binding.subjects.iter().filter_map(WireSubject::to_subject) {
            out.push(AccessGrant {
                subject,
                role: binding.role_ref.name.clone(),
                role_kind: binding.role_ref.role_kind(),
                binding: binding.metadata.name.clone(),
                binding_kind: *kind,
            });
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The words of RBAC's escalation refusal, before its list of missing rules.
pub(crate) const ESCALATION_REFUSAL: &str =
    "is attempting to grant RBAC permissions not currently held";

/// The missing rules of an escalation refusal, compact: rules with the same verbs put
/// together, each resource once with the API groups it was missing in (`core` for `""`),
/// e.g. `get, update: imagestreams/layers (core and image.openshift.io); create:
/// imagestreamimports (core and image.openshift.io)`. The message's own list when no rule in
/// it can be read.
pub(crate) fn compact_missing_rules(message: &str) -> String {
    let list = message
        .split_once(ESCALATION_REFUSAL)
        .map_or("", |(_, rest)| rest.trim_start_matches(':'));
    // verbs -> resource -> groups, each in the order first seen.
    type Groups = Vec<String>;
    let mut by_verbs: Vec<(String, Vec<(String, Groups)>)> = Vec::new();
    for rule in list.split('{').skip(1) {
        let rule = rule.split('}').next().unwrap_or_default();
        let field = |name: &str| -> Vec<String> {
            rule.split_once(&format!("{name}:["))
                .and_then(|(_, rest)| rest.split_once(']'))
                .map(|(inside, _)| {
                    inside
                        .split('"')
                        .skip(1)
                        .step_by(2)
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default()
        };
        let verbs = field("Verbs").join(", ");
        let mut resources = field("Resources");
        resources.extend(field("NonResourceURLs"));
        let groups = field("APIGroups");
        if verbs.is_empty() || resources.is_empty() {
            continue;
        }
        let entry = match by_verbs.iter_mut().position(|(v, _)| *v == verbs) {
            Some(i) => &mut by_verbs[i].1,
            None => {
                by_verbs.push((verbs, Vec::new()));
                &mut by_verbs.last_mut().expect("just pushed").1
            }
        };
        for resource in resources {
            let held = match entry.iter_mut().position(|(r, _)| *r == resource) {
                Some(i) => &mut entry[i].1,
                None => {
                    entry.push((resource, Vec::new()));
                    &mut entry.last_mut().expect("just pushed").1
                }
            };
            for group in &groups {
                let group = if group.is_empty() {
                    "core"
                } else {
                    group.as_str()
                };
                if !held.iter().any(|g| g == group) {
                    held.push(group.to_owned());
                }
            }
        }
    }
    if by_verbs.is_empty() {
        return list.trim().trim_end_matches('.').to_owned();
    }
    by_verbs
        .iter()
        .map(|(verbs, resources)| {
            // Resources missing in the same groups share one parenthesis.
            let mut parts: Vec<(Vec<&str>, &Vec<String>)> = Vec::new();
            for (resource, groups) in resources {
                match parts.iter_mut().find(|(_, g)| *g == groups) {
                    Some((names, _)) => names.push(resource),
                    None => parts.push((vec![resource], groups)),
                }
            }
            let parts: Vec<String> = parts
                .iter()
                .map(|(names, groups)| {
                    if groups.is_empty() {
                        names.join(", ")
                    } else {
                        format!("{} ({})", names.join(", "), groups.join(" and "))
                    }
                })
                .collect();
            format!("{verbs}: {}", parts.join(", "))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn binding(name: &str, role: &str, subjects: Vec<Subject>) -> RoleBinding {
        RoleBinding {
            api_version: format!("{RBAC_GROUP}/v1"),
            kind: "RoleBinding".into(),
            metadata: ObjectMeta {
                name: name.into(),
                namespace: Some("p".into()),
                ..ObjectMeta::default()
            },
            subjects: subjects.iter().map(WireSubject::from_subject).collect(),
            role_ref: RoleRef::cluster_role(role),
        }
    }

    fn rule(groups: &[&str], resources: &[&str], verbs: &[&str]) -> PolicyRule {
        let own = |l: &[&str]| l.iter().map(|s| (*s).to_owned()).collect();
        PolicyRule {
            verbs: own(verbs),
            api_groups: own(groups),
            resources: own(resources),
            ..PolicyRule::default()
        }
    }

    #[test]
    fn a_new_binding_is_named_after_the_role_then_numbered() {
        assert_eq!(new_binding_name("edit", ["admin", "view"]), "edit");
        assert_eq!(new_binding_name("edit", ["edit", "custom"]), "edit-0");
        assert_eq!(
            new_binding_name("edit", ["edit", "edit-0", "edit-2"]),
            "edit-1"
        );
        assert_eq!(
            new_binding_name("system:image-puller", ["system:image-pullers"]),
            "system:image-puller"
        );
        assert_eq!(
            new_binding_name(
                "system:image-puller",
                ["system:image-puller", "system:image-puller-0"]
            ),
            "system:image-puller-1"
        );
    }

    #[test]
    fn an_existing_binding_holding_the_subject_is_reused_and_others_are_not() {
        let bindings = vec![
            binding("view", "view", vec![Subject::user("alice")]),
            binding("edit", "edit", vec![Subject::user("bob")]),
            binding(
                "view-0",
                "view",
                vec![Subject::service_account("q", "default")],
            ),
        ];
        let sa = WireSubject::from_subject(&Subject::service_account("q", "default"));
        let found = binding_granting(&bindings, &RoleRef::cluster_role("view"), &sa);
        assert_eq!(found.map(|b| b.metadata.name.as_str()), Some("view-0"));
        // Same name in another project is another subject.
        let other = WireSubject::from_subject(&Subject::service_account("r", "default"));
        assert!(binding_granting(&bindings, &RoleRef::cluster_role("view"), &other).is_none());
        // The user has edit, not view.
        let bob = WireSubject::from_subject(&Subject::user("bob"));
        assert!(binding_granting(&bindings, &RoleRef::cluster_role("view"), &bob).is_none());
        // A group named like a user is not the user.
        let group_bob = WireSubject::from_subject(&Subject::group("bob"));
        assert!(binding_granting(&bindings, &RoleRef::cluster_role("edit"), &group_bob).is_none());
    }

    #[test]
    fn removing_a_subject_keeps_the_others() {
        let mut b = binding(
            "view",
            "view",
            vec![
                Subject::user("alice"),
                Subject::group("alice"),
                Subject::user("carol"),
            ],
        );
        assert!(remove_subject(
            &mut b,
            &WireSubject::from_subject(&Subject::user("alice"))
        ));
        assert_eq!(
            b.subjects
                .iter()
                .map(|s| (s.kind.as_str(), s.name.as_str()))
                .collect::<Vec<_>>(),
            vec![("Group", "alice"), ("User", "carol")]
        );
        assert!(!remove_subject(
            &mut b,
            &WireSubject::from_subject(&Subject::user("alice"))
        ));
    }

    #[test]
    fn rules_match_verbs_groups_subresources_and_wildcards() {
        let puller = rule(
            &["", "image.openshift.io"],
            &["imagestreams/layers"],
            &["get"],
        );
        assert!(puller.allows("get", "image.openshift.io", "imagestreams/layers"));
        assert!(!puller.allows("update", "image.openshift.io", "imagestreams/layers"));
        assert!(!puller.allows("get", "image.openshift.io", "imagestreams"));
        let star = rule(&["*"], &["*"], &["*"]);
        assert!(star.allows("update", "image.openshift.io", "imagestreams/layers"));
        let sub_star = rule(&["image.openshift.io"], &["imagestreams/*"], &["update"]);
        assert!(sub_star.allows("update", "image.openshift.io", "imagestreams/layers"));
        assert!(!sub_star.allows("update", "image.openshift.io", "imagestreams"));
        let mut named = puller.clone();
        named.resource_names = vec!["one".into()];
        assert!(!named.allows("get", "image.openshift.io", "imagestreams/layers"));
    }

    #[test]
    fn effective_access_names_the_binding_of_each_holder() {
        let bindings = vec![
            (
                BindingKind::RoleBinding,
                binding(
                    "system:image-pullers",
                    "system:image-puller",
                    vec![Subject::all_service_accounts_of("p")],
                ),
            ),
            (
                BindingKind::RoleBinding,
                binding("edit", "edit", vec![Subject::user("bob")]),
            ),
            (
                BindingKind::RoleBinding,
                binding("admin", "admin", vec![Subject::user("alice")]),
            ),
            (
                BindingKind::RoleBinding,
                binding("mystery", "unknown-role", vec![Subject::user("eve")]),
            ),
            (
                BindingKind::ClusterRoleBinding,
                binding(
                    "cluster-admins",
                    "cluster-admin",
                    vec![Subject::group("system:cluster-admins")],
                ),
            ),
        ];
        let rules_of = |_ns: &str, role: &RoleRef| -> Option<Vec<PolicyRule>> {
            let layers = ["imagestreams/layers"];
            let groups = ["", "image.openshift.io"];
            match role.name.as_str() {
                "system:image-puller" => Some(vec![rule(&groups, &layers, &["get"])]),
                "edit" => Some(vec![rule(&groups, &layers, &["get", "update"])]),
                "admin" => Some(vec![rule(
                    &groups,
                    &["imagestreams/layers", "imagestreams"],
                    &["get", "update"],
                )]),
                "cluster-admin" => Some(vec![rule(&["*"], &["*"], &["*"])]),
                _ => None,
            }
        };
        let pull = holders(
            &bindings,
            rules_of,
            "get",
            "image.openshift.io",
            "imagestreams/layers",
        );
        let names: Vec<(String, &str)> = pull
            .iter()
            .map(|g| (g.subject.display(), g.binding.as_str()))
            .collect();
        assert_eq!(
            names,
            vec![
                ("alice".to_owned(), "admin"),
                ("bob".to_owned(), "edit"),
                ("group system:cluster-admins".to_owned(), "cluster-admins"),
                (
                    "group system:serviceaccounts:p".to_owned(),
                    "system:image-pullers"
                ),
            ]
        );
        let push = holders(
            &bindings,
            rules_of,
            "update",
            "image.openshift.io",
            "imagestreams/layers",
        );
        assert_eq!(push.len(), 3, "{push:?}");
        assert!(push.iter().all(|g| g.role != "system:image-puller"));
        assert!(
            push.iter()
                .any(|g| g.binding_kind == BindingKind::ClusterRoleBinding)
        );
    }

    #[test]
    fn an_escalation_refusal_lists_its_missing_rules_compactly() {
        let message = "rolebindings.rbac.authorization.k8s.io \"registry-editor\" is forbidden: user \"alice\" (groups=[\"developers\" \"system:authenticated\"]) is attempting to grant RBAC permissions not currently held:\n{APIGroups:[\"\"], Resources:[\"imagestreams\"], Verbs:[\"get\" \"list\"]}\n{APIGroups:[\"\"], Resources:[\"imagestreams/layers\"], Verbs:[\"get\" \"update\"]}\n{APIGroups:[\"image.openshift.io\"], Resources:[\"imagestreams\"], Verbs:[\"get\" \"list\"]}\n{APIGroups:[\"image.openshift.io\"], Resources:[\"imagestreams/layers\"], Verbs:[\"get\" \"update\"]}\n{APIGroups:[\"project.openshift.io\"], Resources:[\"projects\"], Verbs:[\"get\" \"list\"]}.";
        assert_eq!(
            compact_missing_rules(message),
            "get, list: imagestreams (core and image.openshift.io), projects (project.openshift.io); get, update: imagestreams/layers (core and image.openshift.io)"
        );
        assert_eq!(
            compact_missing_rules(
                "x is attempting to grant RBAC permissions not currently held: something else."
            ),
            "something else"
        );
    }
}
