//! Quay teams, repository and default permissions, effective access and audit logs: adapters
//! over `console::Console`'s Quay teams area.

use console::Console;
use ipc::CommandError;
use quay::{
    AccessEntry, DefaultPermission, Grantee, LogDay, LogKindCount, LogPage, LogScope,
    RepositoryPermission, RobotPermission, Role, SavedTeam, Team, TeamMember, TeamRole,
};
use tauri::State;

/// The teams of an organization.
#[tauri::command]
pub async fn quay_teams(
    console: State<'_, Console>,
    connection_id: String,
    organization: String,
) -> Result<Vec<Team>, CommandError> {
    Ok(console.quay_teams(&connection_id, &organization).await?)
}

/// The members of a team.
#[tauri::command]
pub async fn quay_team_members(
    console: State<'_, Console>,
    connection_id: String,
    organization: String,
    team: String,
) -> Result<Vec<TeamMember>, CommandError> {
    Ok(console
        .quay_team_members(&connection_id, &organization, &team)
        .await?)
}

/// Creates a team or changes its role and description.
#[tauri::command]
pub async fn quay_team_save(
    console: State<'_, Console>,
    connection_id: String,
    organization: String,
    team: String,
    role: TeamRole,
    description: String,
) -> Result<SavedTeam, CommandError> {
    Ok(console
        .quay_team_save(&connection_id, &organization, &team, role, &description)
        .await?)
}

/// Deletes a team.
#[tauri::command]
pub async fn quay_team_delete(
    console: State<'_, Console>,
    connection_id: String,
    organization: String,
    team: String,
) -> Result<(), CommandError> {
    Ok(console
        .quay_team_delete(&connection_id, &organization, &team)
        .await?)
}

/// Adds a user or robot to a team.
#[tauri::command]
pub async fn quay_team_member_add(
    console: State<'_, Console>,
    connection_id: String,
    organization: String,
    team: String,
    member: String,
) -> Result<TeamMember, CommandError> {
    Ok(console
        .quay_team_member_add(&connection_id, &organization, &team, &member)
        .await?)
}

/// Removes a member from a team.
#[tauri::command]
pub async fn quay_team_member_remove(
    console: State<'_, Console>,
    connection_id: String,
    organization: String,
    team: String,
    member: String,
) -> Result<(), CommandError> {
    Ok(console
        .quay_team_member_remove(&connection_id, &organization, &team, &member)
        .await?)
}

/// A repository's permissions for users, robots and teams.
#[tauri::command]
pub async fn quay_repository_permissions(
    console: State<'_, Console>,
    connection_id: String,
    namespace: String,
    repository: String,
) -> Result<Vec<RepositoryPermission>, CommandError> {
    Ok(console
        .quay_repository_permissions(&connection_id, &namespace, &repository)
        .await?)
}

/// Grants a role on a repository, or changes it.
#[tauri::command]
pub async fn quay_permission_set(
    console: State<'_, Console>,
    connection_id: String,
    namespace: String,
    repository: String,
    grantee: Grantee,
    role: Role,
) -> Result<(), CommandError> {
    Ok(console
        .quay_permission_set(&connection_id, &namespace, &repository, &grantee, role)
        .await?)
}

/// Revokes a permission on a repository.
#[tauri::command]
pub async fn quay_permission_revoke(
    console: State<'_, Console>,
    connection_id: String,
    namespace: String,
    repository: String,
    grantee: Grantee,
) -> Result<(), CommandError> {
    Ok(console
        .quay_permission_revoke(&connection_id, &namespace, &repository, &grantee)
        .await?)
}

/// An organization's default permissions.
#[tauri::command]
pub async fn quay_default_permissions(
    console: State<'_, Console>,
    connection_id: String,
    organization: String,
) -> Result<Vec<DefaultPermission>, CommandError> {
    Ok(console
        .quay_default_permissions(&connection_id, &organization)
        .await?)
}

/// Adds a default permission.
#[tauri::command]
pub async fn quay_default_permission_create(
    console: State<'_, Console>,
    connection_id: String,
    organization: String,
    delegate: Grantee,
    role: Role,
    activating_user: Option<String>,
) -> Result<DefaultPermission, CommandError> {
    Ok(console
        .quay_default_permission_create(
            &connection_id,
            &organization,
            &delegate,
            role,
            activating_user.as_deref(),
        )
        .await?)
}

/// Deletes a default permission.
#[tauri::command]
pub async fn quay_default_permission_delete(
    console: State<'_, Console>,
    connection_id: String,
    organization: String,
    permission: String,
) -> Result<(), CommandError> {
    Ok(console
        .quay_default_permission_delete(&connection_id, &organization, &permission)
        .await?)
}

/// A robot's repository permissions.
#[tauri::command]
pub async fn quay_robot_permissions(
    console: State<'_, Console>,
    connection_id: String,
    organization: String,
    name: String,
) -> Result<Vec<RobotPermission>, CommandError> {
    Ok(console
        .quay_robot_permissions(&connection_id, &organization, &name)
        .await?)
}

/// Who may pull, push and administer a repository, and through what.
#[tauri::command]
pub async fn quay_repository_access(
    console: State<'_, Console>,
    connection_id: String,
    namespace: String,
    repository: String,
) -> Result<Vec<AccessEntry>, CommandError> {
    Ok(console
        .quay_repository_access(&connection_id, &namespace, &repository)
        .await?)
}

/// One page of an organization's or repository's audit log.
#[tauri::command]
pub async fn quay_logs(
    console: State<'_, Console>,
    connection_id: String,
    scope: LogScope,
    start: Option<LogDay>,
    end: Option<LogDay>,
    page: Option<String>,
) -> Result<LogPage, CommandError> {
    Ok(console
        .quay_logs(&connection_id, &scope, start, end, page.as_deref())
        .await?)
}

/// The kinds of entry in an audit log's period, with counts.
#[tauri::command]
pub async fn quay_log_kinds(
    console: State<'_, Console>,
    connection_id: String,
    scope: LogScope,
    start: Option<LogDay>,
    end: Option<LogDay>,
) -> Result<Vec<LogKindCount>, CommandError> {
    Ok(console
        .quay_log_kinds(&connection_id, &scope, start, end)
        .await?)
}
