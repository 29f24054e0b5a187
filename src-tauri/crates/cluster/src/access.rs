//! Who may do what in a project: the role bindings as rows, granting and revoking a role the
//! way `oc policy add-role-to-user|group` / `remove-role-from-user|group` do, the
//! cross-project pull wizard, effective pull/push access, and the signed-in user's own
//! rights (SelfSubjectAccessReview).
//!
//! `oc`'s rules, followed here: a grant changes nothing when a binding of that role already
//! holds the subject; otherwise it creates a new binding named after the role (`edit`, then
//! `edit-0`, `edit-1`, ... when taken), and starts over when the create meets AlreadyExists.
//! A revoke removes the subject from every binding of that role; a binding left without
//! subjects is deleted. Updates and deletes carry the `resourceVersion` they were computed
//! from; on 409 the binding is read again and the change re-applied to the fresh copy, so
//! someone else's concurrent change is never overwritten.

use reqwest::Method;
use serde_json::{Value, json};

use crate::client::{ClusterClient, check_name, check_role_name, segment};
use crate::error::{Error, Result};
use crate::model::{
    AccessCheck, BindingKind, EffectiveAccess, GrantOutcome, RevokeOutcome, RoleBindingRow,
    RoleKind, Subject, SubjectKind,
};
use crate::rbac::{
    self, ObjectMeta, PolicyRule, RBAC_GROUP, Role, RoleBinding, RoleRef, WireSubject,
};

const IMAGE_GROUP: &str = "image.openshift.io";
const LAYERS: &str = "imagestreams/layers";

#[derive(serde::Deserialize)]
struct List<T> {
    #[serde(default = "Vec::new")]
    items: Vec<T>,
}

fn bindings_path(namespace: &str) -> String {
    format!("/apis/{RBAC_GROUP}/v1/namespaces/{namespace}/rolebindings")
}

/// Checks a subject before it is written into a binding.
fn check_subject(subject: &Subject) -> Result<()> {
    let bad = |reason: &str| Error::InvalidName {
        what: "subject",
        value: subject.name.clone(),
        reason: reason.to_owned(),
    };
    if subject.name.trim().is_empty() || subject.name.trim() != subject.name {
        return Err(bad("it is empty or has spaces around it"));
    }
    match subject.kind {
        SubjectKind::ServiceAccount => {
            check_name("service account name", &subject.name)?;
            check_name(
                "project name",
                subject.namespace.as_deref().unwrap_or_default(),
            )
        }
        SubjectKind::User if subject.name.starts_with("system:serviceaccount:") => Err(bad(
            "this is a service account: choose the service account and its project instead",
        )),
        _ if subject.namespace.is_some() => Err(bad("only a service account has a project")),
        _ => Ok(()),
    }
}

/// Reads what a user typed as a user name the way `oc` does: `system:serviceaccount:<p>:<n>`
/// is the service account `n` of project `p`; anything else is a user.
pub fn parse_user(input: &str) -> Subject {
    let input = input.trim();
    if let Some(rest) = input.strip_prefix("system:serviceaccount:")
        && let Some((namespace, name)) = rest.split_once(':')
        && !namespace.is_empty()
        && !name.is_empty()
        && !name.contains(':')
    {
        return Subject::service_account(namespace, name);
    }
    Subject::user(input)
}

impl ClusterClient {
    async fn role_bindings(&self, namespace: &str) -> Result<Vec<RoleBinding>> {
        let list: List<RoleBinding> = self
            .call(Method::GET, &bindings_path(namespace), None)
            .await?;
        Ok(list.items)
    }

    /// The role bindings of `namespace` as (role, subject, binding) rows.
    pub async fn list_role_bindings(&self, namespace: &str) -> Result<Vec<RoleBindingRow>> {
        check_name("project name", namespace)?;
        Ok(rbac::binding_rows(&self.role_bindings(namespace).await?))
    }

    /// Grants `role` (a ClusterRole, or a Role of the project) to `subject` in `namespace`,
    /// as `oc policy add-role-to-user|group` does.
    pub async fn grant_role(
        &self,
        namespace: &str,
        role_kind: RoleKind,
        role: &str,
        subject: &Subject,
    ) -> Result<GrantOutcome> {
        check_name("project name", namespace)?;
        let kind = match role_kind {
            RoleKind::ClusterRole => "ClusterRole",
            RoleKind::Role => "Role",
        };
        self.grant_in(Some(namespace), kind, role, subject).await
    }

    /// Grants ClusterRole `role` to `subject` in every project, through a ClusterRoleBinding,
    /// as `oc adm policy add-cluster-role-to-user|group` does (seed 004 grants `view` to a
    /// service account this way). Only a cluster admin may.
    pub async fn grant_cluster_role(&self, role: &str, subject: &Subject) -> Result<GrantOutcome> {
        self.grant_in(None, "ClusterRole", role, subject).await
    }

    /// Adds `subject` to a binding of `role` in `namespace` (`None`: the cluster), making one
    /// when none holds it yet.
    async fn grant_in(
        &self,
        namespace: Option<&str>,
        role_kind: &str,
        role: &str,
        subject: &Subject,
    ) -> Result<GrantOutcome> {
        check_role_name(role)?;
        check_subject(subject)?;
        let role_ref = RoleRef {
            api_group: RBAC_GROUP.into(),
            kind: role_kind.into(),
            name: role.into(),
        };
        let (path, kind) = match namespace {
            Some(ns) => (bindings_path(ns), "RoleBinding"),
            None => (
                format!("/apis/{RBAC_GROUP}/v1/clusterrolebindings"),
                "ClusterRoleBinding",
            ),
        };
        let wire = WireSubject::from_subject(subject);
        let mut last = String::new();
        for _ in 0..self.options.conflict_attempts {
            let bindings: Vec<RoleBinding> = self
                .call::<List<RoleBinding>>(Method::GET, &path, None)
                .await?
                .items;
            if let Some(existing) = rbac::binding_granting(&bindings, &role_ref, &wire) {
                return Ok(GrantOutcome {
                    binding: existing.metadata.name.clone(),
                    created: false,
                });
            }
            let name =
                rbac::new_binding_name(role, bindings.iter().map(|b| b.metadata.name.as_str()));
            let binding = RoleBinding {
                api_version: format!("{RBAC_GROUP}/v1"),
                kind: kind.into(),
                metadata: ObjectMeta {
                    name: name.clone(),
                    namespace: namespace.map(str::to_owned),
                    ..ObjectMeta::default()
                },
                subjects: vec![wire.clone()],
                role_ref: role_ref.clone(),
            };
            let body =
                serde_json::to_value(&binding).map_err(|e| Error::InvalidInput(e.to_string()))?;
            match self.call::<Value>(Method::POST, &path, Some(&body)).await {
                Ok(_) => {
                    return Ok(GrantOutcome {
                        binding: name,
                        created: true,
                    });
                }
                // Someone created a binding of that name since we listed: start over.
                Err(Error::AlreadyExists { message }) => last = message,
                Err(Error::Forbidden { message, .. })
                    if message.contains(rbac::ESCALATION_REFUSAL) =>
                {
                    return Err(Error::Escalation {
                        role: role.to_owned(),
                        missing: rbac::compact_missing_rules(&message),
                        message,
                    });
                }
                Err(e) => return Err(e),
            }
        }
        Err(Error::Conflict {
            message: last,
            attempts: self.options.conflict_attempts,
        })
    }

    /// Removes `subject` from every binding of `role` in `namespace`, deleting the bindings
    /// left empty, as `oc policy remove-role-from-user|group` does.
    pub async fn revoke_role(
        &self,
        namespace: &str,
        role_kind: RoleKind,
        role: &str,
        subject: &Subject,
    ) -> Result<RevokeOutcome> {
        check_name("project name", namespace)?;
        check_role_name(role)?;
        let wire = WireSubject::from_subject(subject);
        let kind = match role_kind {
            RoleKind::ClusterRole => "ClusterRole",
            RoleKind::Role => "Role",
        };
        let targets: Vec<String> = self
            .role_bindings(namespace)
            .await?
            .into_iter()
            .filter(|b| {
                b.role_ref.kind == kind
                    && b.role_ref.name == role
                    && b.subjects.iter().any(|s| s.same_as(&wire))
            })
            .map(|b| b.metadata.name)
            .collect();
        if targets.is_empty() {
            return Err(Error::NotBound {
                subject: subject.display(),
                role: role.to_owned(),
                namespace: namespace.to_owned(),
            });
        }
        let mut outcome = RevokeOutcome::default();
        for name in targets {
            match self.remove_from_binding(namespace, &name, &wire).await? {
                Removal::Updated => outcome.updated.push(name),
                Removal::Deleted => outcome.deleted.push(name),
                Removal::Gone => {}
            }
        }
        Ok(outcome)
    }

    /// Removes `subject` from one binding, on fresh data after each 409.
    async fn remove_from_binding(
        &self,
        namespace: &str,
        name: &str,
        subject: &WireSubject,
    ) -> Result<Removal> {
        let path = format!("{}/{}", bindings_path(namespace), segment(name));
        let mut last = String::new();
        for _ in 0..self.options.conflict_attempts {
            let mut binding: RoleBinding = match self.call(Method::GET, &path, None).await {
                Ok(b) => b,
                Err(e) if e.is_not_found() => return Ok(Removal::Gone),
                Err(e) => return Err(e),
            };
            if !rbac::remove_subject(&mut binding, subject) {
                return Ok(Removal::Gone);
            }
            let keep_empty = binding
                .metadata
                .annotations
                .as_ref()
                .and_then(|a| a.get("rbac.authorization.kubernetes.io/autoupdate"))
                .is_some_and(|v| v == "false");
            let result = if binding.subjects.is_empty() && !keep_empty {
                // Delete only the version we looked at: a subject added meanwhile makes this
                // a 409, and the binding is read again.
                let options = json!({
                    "apiVersion": "v1",
                    "kind": "DeleteOptions",
                    "preconditions": {
                        "resourceVersion": binding.metadata.resource_version,
                        "uid": binding.metadata.uid,
                    },
                });
                self.call_raw(Method::DELETE, &path, Some(&options))
                    .await
                    .map(|_| Removal::Deleted)
            } else {
                let body = serde_json::to_value(&binding)
                    .map_err(|e| Error::InvalidInput(e.to_string()))?;
                self.call::<Value>(Method::PUT, &path, Some(&body))
                    .await
                    .map(|_| Removal::Updated)
            };
            match result {
                Ok(r) => return Ok(r),
                Err(Error::Conflict { message, .. }) => last = message,
                Err(e) if e.is_not_found() => return Ok(Removal::Gone),
                Err(e) => return Err(e),
            }
        }
        Err(Error::Conflict {
            message: last,
            attempts: self.options.conflict_attempts,
        })
    }

    /// The cross-project pull wizard (seed 001, 5.4.1): lets pods of `from` pull images of
    /// `to` by granting `system:image-puller` in `to` to one service account of `from`
    /// (`oc policy add-role-to-user system:image-puller system:serviceaccount:<from>:<sa>
    /// -n <to>`), or, with `service_account` None, to all of them (`oc policy
    /// add-role-to-group system:image-puller system:serviceaccounts:<from> -n <to>`).
    pub async fn allow_cross_project_pull(
        &self,
        from: &str,
        to: &str,
        service_account: Option<&str>,
    ) -> Result<GrantOutcome> {
        check_name("project name", from)?;
        let subject = match service_account {
            Some(sa) => Subject::service_account(from, sa),
            None => Subject::all_service_accounts_of(from),
        };
        self.grant_role(to, RoleKind::ClusterRole, "system:image-puller", &subject)
            .await
    }

    /// Who can pull from (`get` on `imagestreams/layers`) and push to (`update`) the image
    /// streams of `namespace`, and through which binding: computed from the project's role
    /// bindings, the cluster role bindings, and the rules of the roles they refer to.
    pub async fn effective_access(&self, namespace: &str) -> Result<EffectiveAccess> {
        check_name("project name", namespace)?;
        let mut bindings: Vec<(BindingKind, RoleBinding)> = self
            .role_bindings(namespace)
            .await?
            .into_iter()
            .map(|b| (BindingKind::RoleBinding, b))
            .collect();
        let cluster_bindings_included = match self
            .call::<List<RoleBinding>>(
                Method::GET,
                &format!("/apis/{RBAC_GROUP}/v1/clusterrolebindings"),
                None,
            )
            .await
        {
            Ok(list) => {
                bindings.extend(
                    list.items
                        .into_iter()
                        .map(|b| (BindingKind::ClusterRoleBinding, b)),
                );
                true
            }
            Err(e) if e.is_forbidden() => false,
            Err(e) => return Err(e),
        };
        let mut unreadable_roles = Vec::new();
        // Each role once.
        let mut roles: std::collections::BTreeMap<(String, String), Option<Vec<PolicyRule>>> =
            std::collections::BTreeMap::new();
        for (_, b) in &bindings {
            let key = (b.role_ref.kind.clone(), b.role_ref.name.clone());
            if roles.contains_key(&key) {
                continue;
            }
            let path = match b.role_ref.kind.as_str() {
                "Role" => format!(
                    "/apis/{RBAC_GROUP}/v1/namespaces/{namespace}/roles/{}",
                    segment(&b.role_ref.name)
                ),
                _ => format!(
                    "/apis/{RBAC_GROUP}/v1/clusterroles/{}",
                    segment(&b.role_ref.name)
                ),
            };
            let rules = match self.call::<Role>(Method::GET, &path, None).await {
                Ok(role) => Some(role.rules),
                // A binding to a role that does not exist grants nothing.
                Err(e) if e.is_not_found() => None,
                // A namespace admin may not read ClusterRoles: what they grant is unknown,
                // which the answer says rather than failing whole.
                Err(e) if e.is_forbidden() => {
                    unreadable_roles.push(format!("{}/{}", key.0, key.1));
                    None
                }
                Err(e) => return Err(e),
            };
            roles.insert(key, rules);
        }
        let rules_of = |_ns: &str, r: &RoleRef| {
            roles
                .get(&(r.kind.clone(), r.name.clone()))
                .cloned()
                .flatten()
        };
        Ok(EffectiveAccess {
            namespace: namespace.to_owned(),
            pull: rbac::holders(&bindings, rules_of, "get", IMAGE_GROUP, LAYERS),
            push: rbac::holders(&bindings, rules_of, "update", IMAGE_GROUP, LAYERS),
            cluster_bindings_included,
            unreadable_roles,
        })
    }

    /// One SelfSubjectAccessReview: may the signed-in user do `verb` on `resource` (with
    /// `/subresource`) of `group` in `namespace`?
    pub async fn can_i(
        &self,
        namespace: &str,
        verb: &str,
        group: &str,
        resource: &str,
    ) -> Result<(bool, Option<String>)> {
        let (resource, subresource) = match resource.split_once('/') {
            Some((r, s)) => (r, s),
            None => (resource, ""),
        };
        let review = json!({
            "apiVersion": "authorization.k8s.io/v1",
            "kind": "SelfSubjectAccessReview",
            "spec": {"resourceAttributes": {
                "namespace": namespace,
                "verb": verb,
                "group": group,
                "resource": resource,
                "subresource": subresource,
            }},
        });
        let reply: Value = self
            .call(
                Method::POST,
                "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews",
                Some(&review),
            )
            .await?;
        let status = &reply["status"];
        let reason = status["reason"]
            .as_str()
            .or_else(|| status["evaluationError"].as_str())
            .filter(|s| !s.is_empty())
            .map(str::to_owned);
        Ok((status["allowed"].as_bool().unwrap_or(false), reason))
    }

    /// The signed-in user's rights in `namespace` for everything this app does there, one
    /// SelfSubjectAccessReview per action.
    pub async fn self_access(&self, namespace: &str) -> Result<Vec<AccessCheck>> {
        check_name("project name", namespace)?;
        const CHECKS: &[(&str, &str, &str, &str)] = &[
            ("pull", "get", IMAGE_GROUP, LAYERS),
            ("push", "update", IMAGE_GROUP, LAYERS),
            ("listImageStreams", "list", IMAGE_GROUP, "imagestreams"),
            ("listRoleBindings", "list", RBAC_GROUP, "rolebindings"),
            ("grantRoles", "create", RBAC_GROUP, "rolebindings"),
            ("revokeRoles", "delete", RBAC_GROUP, "rolebindings"),
            ("listServiceAccounts", "list", "", "serviceaccounts"),
            ("createServiceAccounts", "create", "", "serviceaccounts"),
            ("requestTokens", "create", "", "serviceaccounts/token"),
            ("createSecrets", "create", "", "secrets"),
            ("linkSecrets", "update", "", "serviceaccounts"),
        ];
        let mut out = Vec::with_capacity(CHECKS.len());
        for (action, verb, group, resource) in CHECKS {
            let (allowed, reason) = self.can_i(namespace, verb, group, resource).await?;
            out.push(AccessCheck {
                action: (*action).to_owned(),
                verb: (*verb).to_owned(),
                group: (*group).to_owned(),
                resource: (*resource).to_owned(),
                allowed,
                reason,
            });
        }
        Ok(out)
    }
}

enum Removal {
    Updated,
    Deleted,
    /// The subject (or the binding) was already gone when we looked again.
    Gone,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_service_account_user_name_is_read_as_the_service_account() {
        assert_eq!(
            parse_user("system:serviceaccount:project-a:default"),
            Subject::service_account("project-a", "default")
        );
        assert_eq!(parse_user(" alice "), Subject::user("alice"));
        assert_eq!(
            parse_user("system:serviceaccount:x"),
            Subject::user("system:serviceaccount:x")
        );
    }

    #[test]
    fn subjects_are_checked_before_they_are_written() {
        assert!(check_subject(&Subject::user("alice")).is_ok());
        assert!(check_subject(&Subject::anonymous()).is_ok());
        assert!(check_subject(&Subject::all_service_accounts_of("p")).is_ok());
        assert!(check_subject(&Subject::service_account("p", "default")).is_ok());
        assert!(check_subject(&Subject::service_account("p", "Bad Name")).is_err());
        assert!(check_subject(&Subject::service_account("", "default")).is_err());
        assert!(check_subject(&Subject::user("")).is_err());
        assert!(check_subject(&Subject::user("system:serviceaccount:p:d")).is_err());
    }
}
