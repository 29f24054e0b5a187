//! The Access page's changes on a cluster (grants, revocations, service accounts, tokens,
//! pull secrets, links), each run through [`Console::cluster`] and recorded in the activity
//! log with the names it acted on. Reads go through [`Console::cluster`] directly.

use std::time::Duration;

use audit::{Action, Entry, TargetKind};
use cluster::{
    GrantOutcome, LinkFor, LongLivedToken, MintedToken, PullSecretEntry, RevokeOutcome, RoleKind,
    ServiceAccount, Subject, SubjectKind,
};

use crate::{Console, Result};

/// A subject as `oc` writes it: `user:alice`, `group:devs`, `serviceaccount:demo:builder`.
pub fn subject_label(subject: &Subject) -> String {
    match (subject.kind, subject.namespace.as_deref()) {
        (SubjectKind::ServiceAccount, Some(ns)) => format!("serviceaccount:{ns}:{}", subject.name),
        (SubjectKind::ServiceAccount, None) => format!("serviceaccount:{}", subject.name),
        (SubjectKind::User, _) => format!("user:{}", subject.name),
        (SubjectKind::Group, _) => format!("group:{}", subject.name),
    }
}

fn role_entry(entry: Entry, role: &str, subject: &Subject) -> Entry {
    entry
        .target(TargetKind::Role, role)
        .target(TargetKind::Subject, &subject_label(subject))
}

impl Console {
    /// Grants a role in a project, as `oc policy add-role-to-user|group`.
    pub async fn grant_role(
        &self,
        connection_id: &str,
        namespace: &str,
        role_kind: RoleKind,
        role: &str,
        subject: &Subject,
    ) -> Result<GrantOutcome> {
        let entry = role_entry(
            self.cluster_entry(Action::RoleGranted, connection_id).await,
            role,
            subject,
        )
        .target(TargetKind::Project, namespace);
        let work = self.cluster(connection_id, |c| async move {
            c.grant_role(namespace, role_kind, role, subject).await
        });
        self.recorded(entry, work).await
    }

    /// Grants a cluster role in every project, as `oc adm policy add-cluster-role-to-user`.
    pub async fn grant_cluster_role(
        &self,
        connection_id: &str,
        role: &str,
        subject: &Subject,
    ) -> Result<GrantOutcome> {
        let entry = role_entry(
            self.cluster_entry(Action::RoleGranted, connection_id).await,
            role,
            subject,
        );
        let work = self.cluster(connection_id, |c| async move {
            c.grant_cluster_role(role, subject).await
        });
        self.recorded(entry, work).await
    }

    /// Revokes a role in a project, as `oc policy remove-role-from-user|group`.
    pub async fn revoke_role(
        &self,
        connection_id: &str,
        namespace: &str,
        role_kind: RoleKind,
        role: &str,
        subject: &Subject,
    ) -> Result<RevokeOutcome> {
        let entry = role_entry(
            self.cluster_entry(Action::RoleRevoked, connection_id).await,
            role,
            subject,
        )
        .target(TargetKind::Project, namespace);
        let work = self.cluster(connection_id, |c| async move {
            c.revoke_role(namespace, role_kind, role, subject).await
        });
        self.recorded(entry, work).await
    }

    /// Lets one service account (or all) of `from` pull the images of `to`.
    pub async fn allow_cross_project_pull(
        &self,
        connection_id: &str,
        from: &str,
        to: &str,
        service_account: Option<&str>,
    ) -> Result<GrantOutcome> {
        let subject = match service_account {
            Some(sa) => format!("serviceaccount:{from}:{sa}"),
            None => format!("group:system:serviceaccounts:{from}"),
        };
        let entry = self
            .cluster_entry(Action::CrossProjectPullAllowed, connection_id)
            .await
            .target(TargetKind::Subject, &subject)
            .target(TargetKind::Project, to);
        let work = self.cluster(connection_id, |c| async move {
            c.allow_cross_project_pull(from, to, service_account).await
        });
        self.recorded(entry, work).await
    }

    /// Creates a service account (`oc create serviceaccount`).
    pub async fn create_service_account(
        &self,
        connection_id: &str,
        namespace: &str,
        name: &str,
    ) -> Result<ServiceAccount> {
        let entry = self
            .cluster_entry(Action::ServiceAccountCreated, connection_id)
            .await
            .target(TargetKind::Project, namespace)
            .target(TargetKind::ServiceAccount, name);
        let work = self.cluster(connection_id, |c| async move {
            c.create_service_account(namespace, name).await
        });
        self.recorded(entry, work).await
    }

    /// Mints a service-account token with TokenRequest, living `lifetime`. The entry names
    /// the service account and the lifetime, never the token.
    pub async fn request_token(
        &self,
        connection_id: &str,
        namespace: &str,
        service_account: &str,
        lifetime: Duration,
    ) -> Result<MintedToken> {
        let entry = self
            .cluster_entry(Action::TokenMinted, connection_id)
            .await
            .target(TargetKind::Project, namespace)
            .target(TargetKind::ServiceAccount, service_account)
            .target(TargetKind::Value, &format!("{}s", lifetime.as_secs()));
        let work = self.cluster(connection_id, |c| async move {
            c.request_token(namespace, service_account, lifetime).await
        });
        self.recorded(entry, work).await
    }

    /// Creates a long-lived token secret for a service account.
    pub async fn create_long_lived_token(
        &self,
        connection_id: &str,
        namespace: &str,
        service_account: &str,
    ) -> Result<LongLivedToken> {
        let entry = self
            .cluster_entry(Action::TokenMinted, connection_id)
            .await
            .target(TargetKind::Project, namespace)
            .target(TargetKind::ServiceAccount, service_account)
            .target(TargetKind::Value, "long-lived");
        let work = self.cluster(connection_id, |c| async move {
            c.create_long_lived_token(namespace, service_account).await
        });
        self.recorded(entry, work).await
    }

    /// Creates a pull secret in a project; the entry names the secret and its registries.
    pub async fn create_pull_secret(
        &self,
        connection_id: &str,
        namespace: &str,
        name: &str,
        entries: &[PullSecretEntry],
    ) -> Result<()> {
        let mut entry = self
            .cluster_entry(Action::SecretCreated, connection_id)
            .await
            .target(TargetKind::Project, namespace)
            .target(TargetKind::Secret, name);
        for registry in entries {
            entry = entry.target(TargetKind::Host, &registry.registry);
        }
        let work = self.cluster(connection_id, |c| async move {
            c.create_pull_secret(namespace, name, entries).await
        });
        self.recorded(entry, work).await
    }

    /// Links a secret to a service account for pull and/or mount (`oc secrets link`).
    pub async fn link_secret(
        &self,
        connection_id: &str,
        namespace: &str,
        service_account: &str,
        secret: &str,
        link: LinkFor,
    ) -> Result<ServiceAccount> {
        let used_for = match (link.pull, link.mount) {
            (true, true) => "pull, mount",
            (true, false) => "pull",
            (false, true) => "mount",
            (false, false) => "",
        };
        let entry = self
            .cluster_entry(Action::SecretLinked, connection_id)
            .await
            .target(TargetKind::Project, namespace)
            .target(TargetKind::ServiceAccount, service_account)
            .target(TargetKind::Secret, secret)
            .target(TargetKind::Value, used_for);
        let work = self.cluster(connection_id, |c| async move {
            c.link_secret(namespace, service_account, secret, link)
                .await
        });
        self.recorded(entry, work).await
    }
}
