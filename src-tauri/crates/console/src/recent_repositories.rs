//! Opening a repository by its name, for registries that will not list their repositories
//! (the integrated registry for non-admins, Quay, Docker Hub, registry.redhat.io), and the
//! names recently opened that way, per connection, in the settings file.
//!
//! A name is remembered only once it opened: its tag list answered. Names are checked
//! against the distribution grammar (`registry::is_repository_name`) when typed and again
//! when read back from the file, which the user may have edited.

use connections::{Connection, ConnectionKind};

use crate::{Console, Error, Result, lock};

/// What the user typed, as a repository name: surrounding spaces go, and so does the
/// registry's own host when it was pasted with it (`registry.example:5000/demo/x`).
pub fn normalize_repository_input(registry_host: &str, input: &str) -> String {
    let name = input.trim();
    let name = name
        .strip_prefix("docker://")
        .unwrap_or(name)
        .trim_start_matches('/');
    match name.split_once('/') {
        Some((host, rest)) if host.eq_ignore_ascii_case(registry_host) => rest.to_owned(),
        _ => name.to_owned(),
    }
}

impl Console {
    fn registry_connection(&self, connection_id: &str) -> Result<Connection> {
        let connection = self.connection(connection_id)?;
        if connection.kind != ConnectionKind::Registry {
            return Err(Error::NotARegistry {
                connection: connection.name,
            });
        }
        Ok(connection)
    }

    /// The repositories recently opened by name on `connection_id`, most recent first; names
    /// that are not repository names (a hand-edited file) are left out.
    pub fn recent_repositories(&self, connection_id: &str) -> Result<Vec<String>> {
        self.registry_connection(connection_id)?;
        Ok(lock(&self.settings)
            .recent_repositories(connection_id)
            .into_iter()
            .filter(|name| registry::is_repository_name(name))
            .collect())
    }

    /// Opens the repository the user typed on `connection_id`: the name is checked against
    /// the distribution grammar, its tag list is asked for (so a name that does not exist, or
    /// that the user may not pull, is said at once and not remembered), and then it is put
    /// first among the connection's recent repositories. Returns the name as opened and the
    /// recent list.
    pub async fn open_repository(
        &self,
        connection_id: &str,
        input: &str,
    ) -> Result<(String, Vec<String>)> {
        let connection = self.registry_connection(connection_id)?;
        let client = self.registries.client(&connection).await?;
        let name = normalize_repository_input(client.host(), input);
        if !registry::is_repository_name(&name) {
            return Err(Error::InvalidRepositoryName {
                value: name.chars().take(300).collect(),
            });
        }
        client.tags(&name).await?;
        let recent = lock(&self.settings).remember_repository(
            connection_id,
            &name,
            registry::is_repository_name,
        )?;
        Ok((name, recent))
    }

    /// Removes `name` from the recent repositories of `connection_id`; returns the list.
    pub fn forget_recent_repository(&self, connection_id: &str, name: &str) -> Result<Vec<String>> {
        self.registry_connection(connection_id)?;
        lock(&self.settings).forget_repository(connection_id, name)?;
        self.recent_repositories(connection_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_names_lose_spaces_and_the_registrys_own_host() {
        let n = |input: &str| normalize_repository_input("registry.example:5000", input);
        assert_eq!(n("  demo/x \n"), "demo/x");
        assert_eq!(n("registry.example:5000/demo/x"), "demo/x");
        assert_eq!(n("docker://registry.example:5000/demo/x"), "demo/x");
        assert_eq!(n("REGISTRY.example:5000/demo/x"), "demo/x");
        // Another host stays, and is then refused by the grammar (a colon).
        assert_eq!(n("quay.io:443/demo/x"), "quay.io:443/demo/x");
        assert_eq!(n("demo/x:latest"), "demo/x:latest");
    }
}
