//! Who may do what: a repository's permissions for users, robots and teams (Quay's roles
//! `read`, `write`, `admin`); an organization's default permissions (Quay's *prototypes*,
//! granted on each repository created in it); a robot's permissions; and the effective access
//! to a repository, worked out from all of those.

use std::collections::BTreeMap;

use futures_util::future::{try_join, try_join_all, try_join4};
use reqwest::Method;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use ts_rs::TS;

use crate::repos::repository_path;
use crate::teams::{Team, TeamMember, TeamRole, check_member_name, check_team_name, teams_of};
use crate::{Error, QuayClient, Result, check_name};

/// A repository role, as Quay names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(rename = "QuayRole")]
pub enum Role {
    /// `read`: pull.
    Read,
    /// `write`: pull and push.
    Write,
    /// `admin`: pull, push, and administer (permissions, visibility, deletion).
    Admin,
}

impl Role {
    /// Quay's word for it.
    pub fn as_quay(self) -> &'static str {
        match self {
            Self::Read => "read",
            Self::Write => "write",
            Self::Admin => "admin",
        }
    }

    pub(crate) fn from_quay(role: &str) -> Option<Self> {
        match role {
            "read" => Some(Self::Read),
            "write" => Some(Self::Write),
            "admin" => Some(Self::Admin),
            _ => None,
        }
    }
}

/// Who a permission is for.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(tag = "kind", content = "name", rename_all = "camelCase")]
pub enum Grantee {
    /// A user.
    User(String),
    /// A robot account, `<namespace>+<name>` (Quay keeps it with the users).
    Robot(String),
    /// A team of the repository's organization.
    Team(String),
}

impl Grantee {
    /// Quay's path segment for it: `user/<name>` or `team/<name>`, the name checked.
    fn path(&self) -> Result<String> {
        match self {
            Self::User(name) | Self::Robot(name) => {
                check_member_name(name)?;
                Ok(format!("user/{name}"))
            }
            Self::Team(name) => {
                check_team_name(name)?;
                Ok(format!("team/{name}"))
            }
        }
    }
}

/// A permission on a repository.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RepositoryPermission {
    /// Who.
    pub grantee: Grantee,
    /// Which role.
    pub role: Role,
}

/// An organization's default permission (Quay's prototype): on each repository created in the
/// organization (by `activating_user`, or by anyone), `delegate` gets `role`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DefaultPermission {
    /// Quay's id of it (to delete it).
    pub id: String,
    /// Who gets the role.
    pub delegate: Grantee,
    /// The role.
    pub role: Role,
    /// Only repositories this user creates; `None` for every repository.
    pub activating_user: Option<String>,
}

/// A repository permission of a robot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RobotPermission {
    /// The repository's name (in the robot's organization).
    pub repository: String,
    /// Whether the repository is public.
    pub is_public: bool,
    /// The robot's role on it.
    pub role: Role,
}

/// The permissions of Quay's `{"permissions": {name: {role, is_robot}}}` replies.
fn permissions_of(reply: &Value, team: bool) -> Vec<RepositoryPermission> {
    reply["permissions"]
        .as_object()
        .into_iter()
        .flatten()
        .filter_map(|(name, p)| {
            let role = Role::from_quay(p["role"].as_str()?)?;
            let name = name.clone();
            let grantee = if team {
                Grantee::Team(name)
            } else if p["is_robot"].as_bool().unwrap_or(false) {
                Grantee::Robot(name)
            } else {
                Grantee::User(name)
            };
            Some(RepositoryPermission { grantee, role })
        })
        .collect()
}

fn prototype_of(p: &Value) -> Option<DefaultPermission> {
    let delegate = &p["delegate"];
    let name = delegate["name"].as_str()?.to_owned();
    let delegate = match (
        delegate["kind"].as_str(),
        delegate["is_robot"].as_bool().unwrap_or(false),
    ) {
        (Some("team"), _) => Grantee::Team(name),
        (_, true) => Grantee::Robot(name),
        _ => Grantee::User(name),
    };
    Some(DefaultPermission {
        id: p["id"].as_str()?.to_owned(),
        delegate,
        role: Role::from_quay(p["role"].as_str()?)?,
        activating_user: p["activating_user"]["name"].as_str().map(str::to_owned),
    })
}

/// Where a right comes from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum AccessSource {
    /// A permission granted to the user or robot itself.
    Direct {
        /// Its role.
        role: Role,
    },
    /// A permission granted to a team it is a member of.
    Team {
        /// The team.
        team: String,
        /// The team's role on the repository.
        role: Role,
    },
    /// It is in a team with the organization's `admin` role (the owners team): admin of every
    /// repository.
    OrganizationAdmin {
        /// The team.
        team: String,
    },
    /// The repository is in its own user namespace.
    NamespaceOwner,
    /// The repository is public: anyone may pull.
    Public,
}

impl AccessSource {
    fn role(&self) -> Role {
        match self {
            Self::Direct { role } | Self::Team { role, .. } => *role,
            Self::OrganizationAdmin { .. } | Self::NamespaceOwner => Role::Admin,
            Self::Public => Role::Read,
        }
    }
}

/// Who an [`AccessEntry`] is about.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(tag = "kind", content = "name", rename_all = "camelCase")]
#[ts(rename = "AccessSubject")]
pub enum Subject {
    /// Anyone, signed in or not (a public repository).
    Anyone,
    /// A user.
    User(String),
    /// A robot account.
    Robot(String),
}

/// What one subject may do on a repository, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AccessEntry {
    /// Who.
    pub subject: Subject,
    /// The strongest role it holds.
    pub role: Role,
    /// May pull.
    pub can_pull: bool,
    /// May push.
    pub can_push: bool,
    /// May administer.
    pub can_admin: bool,
    /// Every way it holds a role, sorted.
    pub sources: Vec<AccessSource>,
}

/// Everything [`effective_access`] needs, as fetched from Quay.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AccessFacts {
    /// Whether the repository is public.
    pub is_public: bool,
    /// The user namespace's owner, when the repository is not in an organization.
    pub namespace_owner: Option<String>,
    /// The repository's permissions (users, robots, teams).
    pub permissions: Vec<RepositoryPermission>,
    /// The organization's teams (empty for a user namespace).
    pub teams: Vec<Team>,
    /// The members of the teams that matter (with a permission, or the `admin` role).
    pub members: BTreeMap<String, Vec<TeamMember>>,
}

/// Who may pull, push and administer, and through what: pure, over [`AccessFacts`]. Invited
/// team members hold nothing yet. Anyone comes first, then users and robots by name. Quay's
/// superusers (with `FEATURE_SUPERUSERS_FULL_ACCESS`) may do everything too; they are not
/// listed.
pub fn effective_access(facts: &AccessFacts) -> Vec<AccessEntry> {
    let mut sources: BTreeMap<Subject, Vec<AccessSource>> = BTreeMap::new();
    let subject_of = |member: &TeamMember| {
        if member.is_robot {
            Subject::Robot(member.name.clone())
        } else {
            Subject::User(member.name.clone())
        }
    };
    if facts.is_public {
        sources
            .entry(Subject::Anyone)
            .or_default()
            .push(AccessSource::Public);
    }
    if let Some(owner) = &facts.namespace_owner {
        sources
            .entry(Subject::User(owner.clone()))
            .or_default()
            .push(AccessSource::NamespaceOwner);
    }
    let team_members = |team: &str| {
        facts
            .members
            .get(team)
            .into_iter()
            .flatten()
            .filter(|m| !m.invited)
    };
    for permission in &facts.permissions {
        match &permission.grantee {
            Grantee::User(name) => sources
                .entry(Subject::User(name.clone()))
                .or_default()
                .push(AccessSource::Direct {
                    role: permission.role,
                }),
            Grantee::Robot(name) => sources
                .entry(Subject::Robot(name.clone()))
                .or_default()
                .push(AccessSource::Direct {
                    role: permission.role,
                }),
            Grantee::Team(team) => {
                for member in team_members(team) {
                    sources
                        .entry(subject_of(member))
                        .or_default()
                        .push(AccessSource::Team {
                            team: team.clone(),
                            role: permission.role,
                        });
                }
            }
        }
    }
    for team in facts.teams.iter().filter(|t| t.role == TeamRole::Admin) {
        for member in team_members(&team.name) {
            sources
                .entry(subject_of(member))
                .or_default()
                .push(AccessSource::OrganizationAdmin {
                    team: team.name.clone(),
                });
        }
    }
    sources
        .into_iter()
        .filter_map(|(subject, mut sources)| {
            sources.sort();
            sources.dedup();
            let role = sources.iter().map(AccessSource::role).max()?;
            Some(AccessEntry {
                subject,
                role,
                can_pull: true,
                can_push: role >= Role::Write,
                can_admin: role == Role::Admin,
                sources,
            })
        })
        .collect()
}

impl QuayClient {
    /// The permissions on `namespace/repository` of users, robots and teams, sorted (users and
    /// robots, then teams, each by name). Two calls, at once. Admins only.
    pub async fn repository_permissions(
        &self,
        namespace: &str,
        repository: &str,
    ) -> Result<Vec<RepositoryPermission>> {
        let path = repository_path(namespace, repository)?;
        let users = format!("/repository/{path}/permissions/user/");
        let teams = format!("/repository/{path}/permissions/team/");
        let (users, teams): (Value, Value) = try_join(
            self.call(Method::GET, &users, None),
            self.call(Method::GET, &teams, None),
        )
        .await?;
        let mut permissions = permissions_of(&users, false);
        permissions.extend(permissions_of(&teams, true));
        permissions.sort_by(|a, b| a.grantee.cmp(&b.grantee));
        Ok(permissions)
    }

    /// Grants `grantee` `role` on `namespace/repository`, or changes its role.
    pub async fn set_repository_permission(
        &self,
        namespace: &str,
        repository: &str,
        grantee: &Grantee,
        role: Role,
    ) -> Result<()> {
        let path = repository_path(namespace, repository)?;
        let who = grantee.path()?;
        let body = json!({"role": role.as_quay()});
        let _: Value = self
            .call(
                Method::PUT,
                &format!("/repository/{path}/permissions/{who}"),
                Some(&body),
            )
            .await?;
        Ok(())
    }

    /// Takes `grantee`'s permission on `namespace/repository` away.
    pub async fn revoke_repository_permission(
        &self,
        namespace: &str,
        repository: &str,
        grantee: &Grantee,
    ) -> Result<()> {
        let path = repository_path(namespace, repository)?;
        let who = grantee.path()?;
        let _: Value = self
            .call(
                Method::DELETE,
                &format!("/repository/{path}/permissions/{who}"),
                None,
            )
            .await?;
        Ok(())
    }

    /// The default permissions of `organization` (Quay's prototypes), sorted by delegate.
    pub async fn default_permissions(&self, organization: &str) -> Result<Vec<DefaultPermission>> {
        check_name("organization name", organization, false)?;
        let reply: Value = self
            .call(
                Method::GET,
                &format!("/organization/{organization}/prototypes"),
                None,
            )
            .await?;
        let mut prototypes: Vec<DefaultPermission> = reply["prototypes"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(prototype_of)
            .collect();
        prototypes.sort_by(|a, b| {
            (&a.delegate, &a.activating_user, &a.id).cmp(&(&b.delegate, &b.activating_user, &b.id))
        });
        Ok(prototypes)
    }

    /// Adds a default permission: `delegate` (a user, robot or team) gets `role` on each
    /// repository created in `organization` from now on (by `activating_user` only, if given).
    pub async fn create_default_permission(
        &self,
        organization: &str,
        delegate: &Grantee,
        role: Role,
        activating_user: Option<&str>,
    ) -> Result<DefaultPermission> {
        check_name("organization name", organization, false)?;
        delegate.path()?;
        let (kind, name) = match delegate {
            Grantee::User(name) | Grantee::Robot(name) => ("user", name),
            Grantee::Team(name) => ("team", name),
        };
        let mut body = json!({"role": role.as_quay(), "delegate": {"kind": kind, "name": name}});
        if let Some(user) = activating_user {
            check_name("user name", user, false)?;
            body["activating_user"] = json!({"name": user});
        }
        let reply: Value = self
            .call(
                Method::POST,
                &format!("/organization/{organization}/prototypes"),
                Some(&body),
            )
            .await?;
        prototype_of(&reply).ok_or_else(|| Error::BadResponse {
            request: "POST prototypes".into(),
            reason: "not a default permission".into(),
        })
    }

    /// Deletes default permission `id` of `organization` (repositories keep what it granted).
    pub async fn delete_default_permission(&self, organization: &str, id: &str) -> Result<()> {
        check_name("organization name", organization, false)?;
        if id.is_empty() || !id.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-') {
            return Err(Error::InvalidName {
                what: "default permission id",
                name: id.to_owned(),
            });
        }
        let _: Value = self
            .call(
                Method::DELETE,
                &format!("/organization/{organization}/prototypes/{id}"),
                None,
            )
            .await?;
        Ok(())
    }

    /// The repository permissions of robot `short_name` of `organization`, sorted by
    /// repository. Quay asks for the `user:admin` scope here (not `org:admin`).
    pub async fn robot_permissions(
        &self,
        organization: &str,
        short_name: &str,
    ) -> Result<Vec<RobotPermission>> {
        check_name("organization name", organization, false)?;
        check_name("robot name", short_name, true)?;
        let reply: Value = self
            .call(
                Method::GET,
                &format!("/organization/{organization}/robots/{short_name}/permissions"),
                None,
            )
            .await?;
        let mut permissions: Vec<RobotPermission> = reply["permissions"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|p| {
                Some(RobotPermission {
                    repository: p["repository"]["name"].as_str()?.to_owned(),
                    is_public: p["repository"]["is_public"].as_bool().unwrap_or(false),
                    role: Role::from_quay(p["role"].as_str()?)?,
                })
            })
            .collect();
        permissions.sort_by(|a, b| a.repository.cmp(&b.repository));
        Ok(permissions)
    }

    /// What [`effective_access`] needs for `namespace/repository`: the repository, its user and
    /// team permissions and the organization's teams at once (four calls), then the members of
    /// the teams that matter at once. A namespace that is not an organization is a user's.
    pub async fn access_facts(&self, namespace: &str, repository: &str) -> Result<AccessFacts> {
        let path = repository_path(namespace, repository)?;
        let detail = format!("/repository/{path}?includeTags=false&includeStats=false");
        let users = format!("/repository/{path}/permissions/user/");
        let teams = format!("/repository/{path}/permissions/team/");
        let organization = format!("/organization/{namespace}");
        let (detail, users, teams, organization): (Value, Value, Value, Option<Value>) = try_join4(
            self.call(Method::GET, &detail, None),
            self.call(Method::GET, &users, None),
            self.call(Method::GET, &teams, None),
            async {
                match self.call(Method::GET, &organization, None).await {
                    Ok(reply) => Ok(Some(reply)),
                    Err(Error::NotFound { .. }) => Ok(None),
                    Err(e) => Err(e),
                }
            },
        )
        .await?;
        let mut permissions = permissions_of(&users, false);
        permissions.extend(permissions_of(&teams, true));
        permissions.sort_by(|a, b| a.grantee.cmp(&b.grantee));
        let (org_teams, namespace_owner) = match &organization {
            Some(org) if org["is_organization"].as_bool() != Some(false) => (teams_of(org), None),
            _ => (Vec::new(), Some(namespace.to_owned())),
        };
        let wanted: Vec<String> = org_teams
            .iter()
            .filter(|t| {
                t.role == TeamRole::Admin
                    || permissions
                        .iter()
                        .any(|p| p.grantee == crate::Grantee::Team(t.name.clone()))
            })
            .map(|t| t.name.clone())
            .collect();
        let members =
            try_join_all(wanted.iter().map(|team| self.team_members(namespace, team))).await?;
        Ok(AccessFacts {
            is_public: detail["is_public"].as_bool().unwrap_or(false),
            namespace_owner,
            permissions,
            teams: org_teams,
            members: wanted.into_iter().zip(members).collect(),
        })
    }

    /// Who may pull, push and administer `namespace/repository`, and through what
    /// ([`access_facts`](Self::access_facts) then [`effective_access`]).
    pub async fn repository_access(
        &self,
        namespace: &str,
        repository: &str,
    ) -> Result<Vec<AccessEntry>> {
        Ok(effective_access(
            &self.access_facts(namespace, repository).await?,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(name: &str, is_robot: bool, invited: bool) -> TeamMember {
        TeamMember {
            name: name.into(),
            is_robot,
            invited,
        }
    }

    fn team(name: &str, role: TeamRole) -> Team {
        Team {
            name: name.into(),
            description: None,
            role,
            member_count: 0,
            repository_count: 0,
        }
    }

    #[test]
    fn access_comes_from_grants_teams_admins_and_public() {
        let facts = AccessFacts {
            is_public: true,
            namespace_owner: None,
            permissions: vec![
                RepositoryPermission {
                    grantee: Grantee::User("alice".into()),
                    role: Role::Read,
                },
                RepositoryPermission {
                    grantee: Grantee::Robot("ops+ci".into()),
                    role: Role::Write,
                },
                RepositoryPermission {
                    grantee: Grantee::Team("devs".into()),
                    role: Role::Write,
                },
            ],
            teams: vec![
                team("devs", TeamRole::Member),
                team("owners", TeamRole::Admin),
                team("idle", TeamRole::Creator),
            ],
            members: BTreeMap::from([
                (
                    "devs".into(),
                    vec![
                        member("alice", false, false),
                        member("bob", false, true),
                        member("ops+bot", true, false),
                    ],
                ),
                ("owners".into(), vec![member("admin", false, false)]),
                ("idle".into(), vec![member("carol", false, false)]),
            ]),
        };
        let access = effective_access(&facts);
        let subjects: Vec<&Subject> = access.iter().map(|a| &a.subject).collect();
        assert_eq!(
            subjects,
            [
                &Subject::Anyone,
                &Subject::User("admin".into()),
                &Subject::User("alice".into()),
                &Subject::Robot("ops+bot".into()),
                &Subject::Robot("ops+ci".into()),
            ]
        );
        assert_eq!(access[0].sources, [AccessSource::Public]);
        assert!(access[0].can_pull && !access[0].can_push);
        assert_eq!(
            access[1].sources,
            [AccessSource::OrganizationAdmin {
                team: "owners".into()
            }]
        );
        assert!(access[1].can_admin);
        // alice: read directly, write through devs: write wins, both said.
        assert_eq!(access[2].role, Role::Write);
        assert_eq!(
            access[2].sources,
            [
                AccessSource::Direct { role: Role::Read },
                AccessSource::Team {
                    team: "devs".into(),
                    role: Role::Write
                }
            ]
        );
        assert!(access[2].can_push && !access[2].can_admin);
        assert_eq!(
            access[3].sources,
            [AccessSource::Team {
                team: "devs".into(),
                role: Role::Write
            }]
        );
        assert_eq!(
            access[4].sources,
            [AccessSource::Direct { role: Role::Write }]
        );
    }

    #[test]
    fn a_private_repository_of_a_user_is_its_owners() {
        let facts = AccessFacts {
            namespace_owner: Some("dev".into()),
            ..AccessFacts::default()
        };
        let access = effective_access(&facts);
        assert_eq!(access.len(), 1);
        assert_eq!(access[0].subject, Subject::User("dev".into()));
        assert_eq!(access[0].sources, [AccessSource::NamespaceOwner]);
        assert!(access[0].can_admin);
        assert!(effective_access(&AccessFacts::default()).is_empty());
    }

    #[test]
    fn quays_permission_and_prototype_replies_are_read() {
        let users = json!({"permissions": {
            "alice": {"role": "write", "name": "alice", "is_robot": false},
            "ops+ci": {"role": "read", "name": "ops+ci", "is_robot": true},
            "x": {"role": "owner"}
        }});
        let mut permissions = permissions_of(&users, false);
        permissions.sort_by(|a, b| a.grantee.cmp(&b.grantee));
        assert_eq!(
            permissions,
            [
                RepositoryPermission {
                    grantee: Grantee::User("alice".into()),
                    role: Role::Write
                },
                RepositoryPermission {
                    grantee: Grantee::Robot("ops+ci".into()),
                    role: Role::Read
                },
            ]
        );
        let prototype = json!({
            "activating_user": {"name": "alice", "kind": "user", "is_robot": false},
            "delegate": {"name": "devs", "kind": "team"},
            "role": "write", "id": "1b2c-3d"
        });
        assert_eq!(
            prototype_of(&prototype).unwrap(),
            DefaultPermission {
                id: "1b2c-3d".into(),
                delegate: Grantee::Team("devs".into()),
                role: Role::Write,
                activating_user: Some("alice".into()),
            }
        );
        assert_eq!(
            serde_json::to_value(Grantee::Robot("ops+ci".into())).unwrap(),
            json!({"kind": "robot", "name": "ops+ci"})
        );
        assert!(Grantee::Team("a".into()).path().is_err());
        assert_eq!(
            Grantee::Robot("ops+ci".into()).path().unwrap(),
            "user/ops+ci"
        );
    }
}
