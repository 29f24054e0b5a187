//! An organization's teams: list (role, member count), members (users, robots, invites),
//! create or update (role, description), delete, add and remove members.
//!
//! Quay's team roles, as it names them: `member` (no right of its own), `creator` (may create
//! repositories), `admin` (administers the organization and every repository in it).

use reqwest::Method;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use ts_rs::TS;

use crate::{Error, QuayClient, Result, check_name};

/// A team's role in its organization.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum TeamRole {
    /// Quay's `member`: only the repository permissions granted to the team.
    Member,
    /// Quay's `creator`: may also create repositories.
    Creator,
    /// Quay's `admin`: administers the organization (every repository).
    Admin,
}

impl TeamRole {
    /// Quay's word for it.
    pub fn as_quay(self) -> &'static str {
        match self {
            Self::Member => "member",
            Self::Creator => "creator",
            Self::Admin => "admin",
        }
    }

    fn from_quay(role: &str) -> Option<Self> {
        match role {
            "member" => Some(Self::Member),
            "creator" => Some(Self::Creator),
            "admin" => Some(Self::Admin),
            _ => None,
        }
    }
}

/// A team of an organization.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Team {
    /// Its name.
    pub name: String,
    /// What it is for.
    pub description: Option<String>,
    /// Its role in the organization.
    pub role: TeamRole,
    /// How many members it has (users and robots; Quay's `member_count`).
    pub member_count: u32,
    /// On how many repositories it holds a permission (Quay's `repo_count`).
    pub repository_count: u32,
}

/// A team as it was saved by [`QuayClient::save_team`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SavedTeam {
    /// Its name.
    pub name: String,
    /// What it is for.
    pub description: Option<String>,
    /// Its role.
    pub role: TeamRole,
    /// Whether Quay made it now (not there before).
    pub created: bool,
}

/// A member of a team, or one invited to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TeamMember {
    /// The user name, `<org>+<robot>` for a robot, or the e-mail address of an invite.
    pub name: String,
    /// Whether it is a robot account.
    pub is_robot: bool,
    /// Whether it is only invited (Quay invites a user who is not yet in the organization
    /// when mail is configured and `FEATURE_REQUIRE_TEAM_INVITE` is on).
    pub invited: bool,
}

impl TeamMember {
    pub(crate) fn from_quay(member: &Value) -> Option<Self> {
        let name = member["name"]
            .as_str()
            .or_else(|| member["email"].as_str())?;
        Some(Self {
            name: name.to_owned(),
            is_robot: member["is_robot"].as_bool().unwrap_or(false),
            invited: member["invited"].as_bool().unwrap_or(false),
        })
    }
}

/// The teams of Quay's `getOrganization` reply (`teams`: name → view), sorted by name.
pub(crate) fn teams_of(reply: &Value) -> Vec<Team> {
    let mut teams: Vec<Team> = reply["teams"]
        .as_object()
        .into_iter()
        .flatten()
        .filter_map(|(name, team)| {
            Some(Team {
                name: team["name"].as_str().unwrap_or(name).to_owned(),
                description: team["description"]
                    .as_str()
                    .filter(|d| !d.is_empty())
                    .map(str::to_owned),
                role: TeamRole::from_quay(team["role"].as_str()?)?,
                member_count: count(&team["member_count"]),
                repository_count: count(&team["repo_count"]),
            })
        })
        .collect();
    teams.sort_by(|a, b| a.name.cmp(&b.name));
    teams
}

fn count(value: &Value) -> u32 {
    value
        .as_u64()
        .map_or(0, |n| u32::try_from(n).unwrap_or(u32::MAX))
}

/// A team name Quay takes: lowercase letters and digits, single `.`, `_` or `-` between them,
/// 2 to 255 characters.
pub(crate) fn check_team_name(name: &str) -> Result<()> {
    let bytes = name.as_bytes();
    let separator = |b: u8| matches!(b, b'.' | b'_' | b'-');
    let ok = (2..=255).contains(&name.len())
        && bytes
            .iter()
            .all(|&b| b.is_ascii_lowercase() || b.is_ascii_digit() || separator(b))
        && !separator(bytes[0])
        && !separator(bytes[bytes.len() - 1])
        && !bytes.windows(2).any(|w| separator(w[0]) && separator(w[1]));
    if ok {
        Ok(())
    } else {
        Err(Error::InvalidName {
            what: "team name",
            name: name.to_owned(),
        })
    }
}

/// A user name, or a robot's `<namespace>+<name>`.
pub(crate) fn check_member_name(name: &str) -> Result<()> {
    match name.split_once('+') {
        Some((namespace, robot)) => {
            check_name("namespace", namespace, false)?;
            check_name("robot name", robot, true)
        }
        None => check_name("user name", name, false),
    }
}

impl QuayClient {
    /// The teams of `organization`, sorted by name (`GET /organization/{org}`: Quay lists them
    /// only to its members and superusers).
    pub async fn teams(&self, organization: &str) -> Result<Vec<Team>> {
        check_name("organization name", organization, false)?;
        let reply: Value = self
            .call(Method::GET, &format!("/organization/{organization}"), None)
            .await?;
        Ok(teams_of(&reply))
    }

    /// The members of team `team` and those invited to it, sorted by name.
    pub async fn team_members(&self, organization: &str, team: &str) -> Result<Vec<TeamMember>> {
        check_name("organization name", organization, false)?;
        check_team_name(team)?;
        let reply: Value = self
            .call(
                Method::GET,
                &format!("/organization/{organization}/team/{team}/members?includePending=true"),
                None,
            )
            .await?;
        let mut members: Vec<TeamMember> = reply["members"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(TeamMember::from_quay)
            .collect();
        members.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(members)
    }

    /// Creates team `team` with `role` and `description`, or changes them if it is there.
    pub async fn save_team(
        &self,
        organization: &str,
        team: &str,
        role: TeamRole,
        description: &str,
    ) -> Result<SavedTeam> {
        check_name("organization name", organization, false)?;
        check_team_name(team)?;
        let body = json!({"role": role.as_quay(), "description": description});
        let reply: Value = self
            .call(
                Method::PUT,
                &format!("/organization/{organization}/team/{team}"),
                Some(&body),
            )
            .await?;
        Ok(SavedTeam {
            name: reply["name"].as_str().unwrap_or(team).to_owned(),
            description: reply["description"]
                .as_str()
                .filter(|d| !d.is_empty())
                .map(str::to_owned),
            role: reply["role"]
                .as_str()
                .and_then(TeamRole::from_quay)
                .unwrap_or(role),
            created: reply["new_team"].as_bool().unwrap_or(false),
        })
    }

    /// Deletes team `team` (its repository permissions go with it).
    pub async fn delete_team(&self, organization: &str, team: &str) -> Result<()> {
        check_name("organization name", organization, false)?;
        check_team_name(team)?;
        let _: Value = self
            .call(
                Method::DELETE,
                &format!("/organization/{organization}/team/{team}"),
                None,
            )
            .await?;
        Ok(())
    }

    /// Adds user or robot `member` to team `team` (or invites the user, if Quay requires it).
    pub async fn add_team_member(
        &self,
        organization: &str,
        team: &str,
        member: &str,
    ) -> Result<TeamMember> {
        check_name("organization name", organization, false)?;
        check_team_name(team)?;
        check_member_name(member)?;
        let reply: Value = self
            .call(
                Method::PUT,
                &format!("/organization/{organization}/team/{team}/members/{member}"),
                None,
            )
            .await?;
        TeamMember::from_quay(&reply).ok_or_else(|| Error::BadResponse {
            request: "PUT team member".into(),
            reason: "the reply names no member".into(),
        })
    }

    /// Removes `member` from team `team` (or withdraws its invite).
    pub async fn remove_team_member(
        &self,
        organization: &str,
        team: &str,
        member: &str,
    ) -> Result<()> {
        check_name("organization name", organization, false)?;
        check_team_name(team)?;
        check_member_name(member)?;
        let _: Value = self
            .call(
                Method::DELETE,
                &format!("/organization/{organization}/team/{team}/members/{member}"),
                None,
            )
            .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quays_organization_reply_gives_sorted_teams_with_roles_and_counts() {
        let reply = json!({
            "name": "ops",
            "teams": {
                "owners": {"name": "owners", "description": "", "role": "admin",
                           "member_count": 1, "repo_count": 0, "can_view": true},
                "devs": {"name": "devs", "description": "builders", "role": "creator",
                         "member_count": 3, "repo_count": 2},
                "odd": {"name": "odd", "role": "overlord"}
            }
        });
        let teams = teams_of(&reply);
        assert_eq!(
            teams,
            [
                Team {
                    name: "devs".into(),
                    description: Some("builders".into()),
                    role: TeamRole::Creator,
                    member_count: 3,
                    repository_count: 2,
                },
                Team {
                    name: "owners".into(),
                    description: None,
                    role: TeamRole::Admin,
                    member_count: 1,
                    repository_count: 0,
                },
            ]
        );
        assert!(teams_of(&json!({"name": "ops"})).is_empty());
    }

    #[test]
    fn members_invites_and_names() {
        let robot = json!({"name": "ops+ci", "kind": "user", "is_robot": true, "invited": false});
        let invite = json!({"email": "a@example.com", "kind": "invite", "invited": true});
        assert!(TeamMember::from_quay(&robot).unwrap().is_robot);
        let invite = TeamMember::from_quay(&invite).unwrap();
        assert_eq!(invite.name, "a@example.com");
        assert!(invite.invited);

        assert!(check_team_name("site-reliability.eu").is_ok());
        assert!(check_team_name("a").is_err());
        assert!(check_team_name("a--b").is_err());
        assert!(check_team_name("Devs").is_err());
        assert!(check_team_name("-devs").is_err());
        assert!(check_member_name("ops+ci_1").is_ok());
        assert!(check_member_name("alice").is_ok());
        assert!(check_member_name("ops+ci-1").is_err());
        assert!(check_member_name("../x").is_err());
    }
}
