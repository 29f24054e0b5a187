//! The Quay page's teams, permissions, effective access and audit log: one call each on the
//! connection's Quay client ([`Console::quay_client`]), named as Quay names things (team roles
//! `member`/`creator`/`admin`, repository roles `read`/`write`/`admin`, default permissions
//! for Quay's prototypes).

use quay::{
    AccessEntry, DefaultPermission, Grantee, LogDay, LogKindCount, LogPage, LogScope,
    RepositoryPermission, RobotPermission, Role, SavedTeam, Team, TeamMember, TeamRole,
};

use audit::{Action, TargetKind};

use crate::{Console, Result};

/// A role as Quay spells it (`read`, `admin`, `creator`), from its variant's name.
fn word(role: &impl std::fmt::Debug) -> String {
    format!("{role:?}").to_lowercase()
}

/// Who a permission is for: `user:alice`, `robot:org+ci`, `team:owners`.
fn grantee_label(grantee: &Grantee) -> String {
    match grantee {
        Grantee::User(name) => format!("user:{name}"),
        Grantee::Robot(name) => format!("robot:{name}"),
        Grantee::Team(name) => format!("team:{name}"),
    }
}

impl Console {
    /// The teams of `organization` (role, member count), by name.
    pub async fn quay_teams(&self, id: &str, organization: &str) -> Result<Vec<Team>> {
        Ok(self.quay_client(id).await?.teams(organization).await?)
    }

    /// The members of `team` (users, robots, invites), by name.
    pub async fn quay_team_members(
        &self,
        id: &str,
        organization: &str,
        team: &str,
    ) -> Result<Vec<TeamMember>> {
        Ok(self
            .quay_client(id)
            .await?
            .team_members(organization, team)
            .await?)
    }

    /// Creates `team` with `role` and `description`, or changes them.
    pub async fn quay_team_save(
        &self,
        id: &str,
        organization: &str,
        team: &str,
        role: TeamRole,
        description: &str,
    ) -> Result<SavedTeam> {
        let entry = self
            .entry_for(Action::QuayTeamSaved, id)
            .target(TargetKind::Organization, organization)
            .target(TargetKind::Team, team)
            .target(TargetKind::Value, &word(&role));
        let work = async {
            Ok(self
                .quay_client(id)
                .await?
                .save_team(organization, team, role, description)
                .await?)
        };
        self.recorded(entry, work).await
    }

    /// Deletes `team` (its repository permissions go with it).
    pub async fn quay_team_delete(&self, id: &str, organization: &str, team: &str) -> Result<()> {
        let entry = self
            .entry_for(Action::QuayTeamDeleted, id)
            .target(TargetKind::Organization, organization)
            .target(TargetKind::Team, team);
        let work = async {
            Ok(self
                .quay_client(id)
                .await?
                .delete_team(organization, team)
                .await?)
        };
        self.recorded(entry, work).await
    }

    /// Adds user or robot `member` to `team`.
    pub async fn quay_team_member_add(
        &self,
        id: &str,
        organization: &str,
        team: &str,
        member: &str,
    ) -> Result<TeamMember> {
        let entry = self
            .entry_for(Action::QuayTeamMemberAdded, id)
            .target(TargetKind::Organization, organization)
            .target(TargetKind::Team, team)
            .target(TargetKind::Member, member);
        let work = async {
            Ok(self
                .quay_client(id)
                .await?
                .add_team_member(organization, team, member)
                .await?)
        };
        self.recorded(entry, work).await
    }

    /// Removes `member` from `team`.
    pub async fn quay_team_member_remove(
        &self,
        id: &str,
        organization: &str,
        team: &str,
        member: &str,
    ) -> Result<()> {
        let entry = self
            .entry_for(Action::QuayTeamMemberRemoved, id)
            .target(TargetKind::Organization, organization)
            .target(TargetKind::Team, team)
            .target(TargetKind::Member, member);
        let work = async {
            Ok(self
                .quay_client(id)
                .await?
                .remove_team_member(organization, team, member)
                .await?)
        };
        self.recorded(entry, work).await
    }

    /// The permissions of users, robots and teams on `namespace/repository`.
    pub async fn quay_repository_permissions(
        &self,
        id: &str,
        namespace: &str,
        repository: &str,
    ) -> Result<Vec<RepositoryPermission>> {
        Ok(self
            .quay_client(id)
            .await?
            .repository_permissions(namespace, repository)
            .await?)
    }

    /// Grants `grantee` `role` on `namespace/repository`, or changes its role.
    pub async fn quay_permission_set(
        &self,
        id: &str,
        namespace: &str,
        repository: &str,
        grantee: &Grantee,
        role: Role,
    ) -> Result<()> {
        let entry = self
            .quay_entry(Action::QuayPermissionSet, id, namespace, repository)
            .target(TargetKind::Member, &grantee_label(grantee))
            .target(TargetKind::Value, &word(&role));
        let work = async {
            Ok(self
                .quay_client(id)
                .await?
                .set_repository_permission(namespace, repository, grantee, role)
                .await?)
        };
        self.recorded(entry, work).await
    }

    /// Takes `grantee`'s permission on `namespace/repository` away.
    pub async fn quay_permission_revoke(
        &self,
        id: &str,
        namespace: &str,
        repository: &str,
        grantee: &Grantee,
    ) -> Result<()> {
        let entry = self
            .quay_entry(Action::QuayPermissionRevoked, id, namespace, repository)
            .target(TargetKind::Member, &grantee_label(grantee));
        let work = async {
            Ok(self
                .quay_client(id)
                .await?
                .revoke_repository_permission(namespace, repository, grantee)
                .await?)
        };
        self.recorded(entry, work).await
    }

    /// The default permissions (Quay's prototypes) of `organization`.
    pub async fn quay_default_permissions(
        &self,
        id: &str,
        organization: &str,
    ) -> Result<Vec<DefaultPermission>> {
        Ok(self
            .quay_client(id)
            .await?
            .default_permissions(organization)
            .await?)
    }

    /// Adds a default permission: `delegate` gets `role` on each repository created in
    /// `organization` (by `activating_user` only, if given).
    pub async fn quay_default_permission_create(
        &self,
        id: &str,
        organization: &str,
        delegate: &Grantee,
        role: Role,
        activating_user: Option<&str>,
    ) -> Result<DefaultPermission> {
        let activating_user = activating_user.map(str::trim).filter(|u| !u.is_empty());
        let entry = self
            .entry_for(Action::QuayDefaultPermissionCreated, id)
            .target(TargetKind::Organization, organization)
            .target(TargetKind::Member, &grantee_label(delegate))
            .target(TargetKind::Value, &word(&role));
        let work = async {
            Ok(self
                .quay_client(id)
                .await?
                .create_default_permission(organization, delegate, role, activating_user)
                .await?)
        };
        self.recorded(entry, work).await
    }

    /// Deletes default permission `permission` (Quay's id) of `organization`.
    pub async fn quay_default_permission_delete(
        &self,
        id: &str,
        organization: &str,
        permission: &str,
    ) -> Result<()> {
        let entry = self
            .entry_for(Action::QuayDefaultPermissionDeleted, id)
            .target(TargetKind::Organization, organization)
            .target(TargetKind::Value, permission);
        let work = async {
            Ok(self
                .quay_client(id)
                .await?
                .delete_default_permission(organization, permission)
                .await?)
        };
        self.recorded(entry, work).await
    }

    /// The repository permissions of robot `name` (short name) of `organization`.
    pub async fn quay_robot_permissions(
        &self,
        id: &str,
        organization: &str,
        name: &str,
    ) -> Result<Vec<RobotPermission>> {
        Ok(self
            .quay_client(id)
            .await?
            .robot_permissions(organization, name)
            .await?)
    }

    /// Who may pull, push and administer `namespace/repository`, and through what.
    pub async fn quay_repository_access(
        &self,
        id: &str,
        namespace: &str,
        repository: &str,
    ) -> Result<Vec<AccessEntry>> {
        Ok(self
            .quay_client(id)
            .await?
            .repository_access(namespace, repository)
            .await?)
    }

    /// One page of `scope`'s audit log between the UTC days `start` and `end`, after `page`.
    pub async fn quay_logs(
        &self,
        id: &str,
        scope: &LogScope,
        start: Option<LogDay>,
        end: Option<LogDay>,
        page: Option<&str>,
    ) -> Result<LogPage> {
        Ok(self
            .quay_client(id)
            .await?
            .logs(scope, start, end, page)
            .await?)
    }

    /// The kinds of entry in `scope`'s audit log between `start` and `end`, with counts.
    pub async fn quay_log_kinds(
        &self,
        id: &str,
        scope: &LogScope,
        start: Option<LogDay>,
        end: Option<LogDay>,
    ) -> Result<Vec<LogKindCount>> {
        Ok(self
            .quay_client(id)
            .await?
            .log_kinds(scope, start, end)
            .await?)
    }
}
