//! Repositories the user opened by name, per connection: kept in the settings file (not in the
//! webview's storage), most recent first, at most [`MAX_RECENT_REPOSITORIES`] per connection.
//!
//! The settings file is the user's to edit, so this part of it is read leniently: a list that
//! is not a list, a name that is not a string, is too long or holds characters no repository
//! name has, a list of a million names, a connection that no longer exists: each is dropped
//! or cut on reading, and never makes the whole file (with its connections) "corrupt". Whether
//! a name follows the distribution grammar exactly is the registry's concept
//! (`registry::is_repository_name`); the console checks that before it remembers or shows one.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer};

/// How many names are remembered per connection.
pub const MAX_RECENT_REPOSITORIES: usize = 10;

/// The longest name kept (the distribution grammar's cap on a whole repository name).
pub const MAX_NAME_LEN: usize = 255;

/// Recent names per connection id.
pub type RecentRepositories = BTreeMap<String, Vec<String>>;

/// True for what may be a repository name: 1 to [`MAX_NAME_LEN`] bytes of lowercase ASCII
/// letters, digits, `.`, `_`, `-` and `/` (the characters of the distribution grammar).
pub fn plausible_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= MAX_NAME_LEN
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-/".contains(&b))
}

/// `names` as kept: plausible names only, each once (the first, most recent, wins), at most
/// [`MAX_RECENT_REPOSITORIES`].
pub fn clean<'a>(names: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut kept: Vec<String> = Vec::new();
    for name in names {
        if kept.len() == MAX_RECENT_REPOSITORIES {
            break;
        }
        if plausible_name(name) && !kept.iter().any(|k| k == name) {
            kept.push(name.to_owned());
        }
    }
    kept
}

/// `list` with `name` put first (moved there when it was already in it), cut to the cap.
pub fn remember(list: &[String], name: &str) -> Vec<String> {
    clean(std::iter::once(name).chain(list.iter().map(String::as_str)))
}

/// Reads `recentRepositories` whatever it holds: an object of arrays of strings is kept
/// (cleaned); anything else is read as nothing.
pub(crate) fn lenient<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<RecentRepositories, D::Error> {
    let value = serde_json::Value::deserialize(deserializer)?;
    let serde_json::Value::Object(map) = value else {
        return Ok(RecentRepositories::new());
    };
    Ok(map
        .iter()
        .filter_map(|(id, names)| {
            let serde_json::Value::Array(names) = names else {
                return None;
            };
            let names = clean(names.iter().filter_map(serde_json::Value::as_str));
            (!id.is_empty() && !names.is_empty()).then(|| (id.clone(), names))
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembering_puts_the_name_first_once_and_keeps_ten() {
        let mut list = Vec::new();
        for i in 0..15 {
            list = remember(&list, &format!("demo/r{i}"));
        }
        assert_eq!(list.len(), MAX_RECENT_REPOSITORIES);
        assert_eq!(list[0], "demo/r14");
        assert_eq!(list[9], "demo/r5");
        let list = remember(&list, "demo/r9");
        assert_eq!(list[0], "demo/r9");
        assert_eq!(list.iter().filter(|n| *n == "demo/r9").count(), 1);
        assert_eq!(list.len(), MAX_RECENT_REPOSITORIES);
    }

    #[test]
    fn implausible_names_are_not_kept() {
        let long = "a".repeat(MAX_NAME_LEN + 1);
        let kept = clean([
            "demo/x",
            "",
            "Demo/X",
            "a b",
            "../../etc/passwd:latest",
            "<img src=x>",
            long.as_str(),
            "demo/x",
            "ｄｅｍｏ",
            "ok/y",
        ]);
        assert_eq!(kept, ["demo/x", "ok/y"]);
        // Dots and slashes alone pass here; the console checks the grammar itself.
        assert!(plausible_name("../.."));
    }
}
