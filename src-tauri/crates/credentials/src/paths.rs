//! Where Docker and Podman keep their auth files on this machine.

use std::path::PathBuf;

use crate::model::AuthFileKind;

/// The environment the paths depend on (read once, passed in so tests can choose).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Env {
    /// `$HOME` (`%USERPROFILE%` on Windows, where Docker keeps `.docker\config.json`).
    pub home: Option<PathBuf>,
    /// `$XDG_RUNTIME_DIR`.
    pub xdg_runtime_dir: Option<PathBuf>,
    /// `$REGISTRY_AUTH_FILE`: Podman, skopeo and buildah use it instead of the default.
    pub registry_auth_file: Option<PathBuf>,
    /// `$DOCKER_CONFIG`: the directory of Docker's `config.json`.
    pub docker_config: Option<PathBuf>,
}

impl Env {
    /// This process's environment; empty variables count as unset.
    pub fn from_process() -> Self {
        let var = |name: &str| {
            std::env::var_os(name)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        };
        Self {
            home: var("HOME").or_else(|| var("USERPROFILE")),
            xdg_runtime_dir: var("XDG_RUNTIME_DIR"),
            registry_auth_file: var("REGISTRY_AUTH_FILE"),
            docker_config: var("DOCKER_CONFIG"),
        }
    }
}

/// The auth file of `kind` and the rule that chose it, or `None` without a home directory.
pub fn auth_file_path(kind: AuthFileKind, env: &Env) -> Option<(PathBuf, String)> {
    match kind {
        AuthFileKind::Docker => match &env.docker_config {
            Some(dir) => Some((dir.join("config.json"), "$DOCKER_CONFIG/config.json".into())),
            None => env.home.as_ref().map(|h| {
                (
                    h.join(".docker/config.json"),
                    "$HOME/.docker/config.json".into(),
                )
            }),
        },
        // containers-auth.json(5): REGISTRY_AUTH_FILE, else ${XDG_RUNTIME_DIR}/containers/auth.json,
        // else $HOME/.config/containers/auth.json.
        AuthFileKind::Podman => {
            if let Some(file) = &env.registry_auth_file {
                Some((file.clone(), "$REGISTRY_AUTH_FILE".into()))
            } else if let Some(dir) = &env.xdg_runtime_dir {
                Some((
                    dir.join("containers/auth.json"),
                    "$XDG_RUNTIME_DIR/containers/auth.json".into(),
                ))
            } else {
                env.home.as_ref().map(|h| {
                    (
                        h.join(".config/containers/auth.json"),
                        "$HOME/.config/containers/auth.json".into(),
                    )
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn podman_prefers_the_runtime_dir_then_the_home_config() {
        let mut env = Env {
            home: Some("/home/a".into()),
            xdg_runtime_dir: Some("/run/user/1000".into()),
            ..Env::default()
        };
        assert_eq!(
            auth_file_path(AuthFileKind::Podman, &env).unwrap().0,
            PathBuf::from("/run/user/1000/containers/auth.json")
        );
        env.xdg_runtime_dir = None;
        assert_eq!(
            auth_file_path(AuthFileKind::Podman, &env).unwrap().0,
            PathBuf::from("/home/a/.config/containers/auth.json")
        );
        env.registry_auth_file = Some("/tmp/auth.json".into());
        let (path, reason) = auth_file_path(AuthFileKind::Podman, &env).unwrap();
        assert_eq!(
            (path.to_str().unwrap(), reason.as_str()),
            ("/tmp/auth.json", "$REGISTRY_AUTH_FILE")
        );
    }

    #[test]
    fn docker_uses_its_config_dir_or_home() {
        let mut env = Env {
            home: Some("/home/a".into()),
            ..Env::default()
        };
        assert_eq!(
            auth_file_path(AuthFileKind::Docker, &env).unwrap().0,
            PathBuf::from("/home/a/.docker/config.json")
        );
        env.docker_config = Some("/etc/d".into());
        assert_eq!(
            auth_file_path(AuthFileKind::Docker, &env).unwrap().0,
            PathBuf::from("/etc/d/config.json")
        );
        assert_eq!(auth_file_path(AuthFileKind::Docker, &Env::default()), None);
    }
}
