//! Secrets kept in memory for this session only: the user's explicit choice when there is no
//! usable keyring.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use crate::{Result, Secret, SecretStore};

/// Secrets kept in this process's memory and lost when it exits. Never written anywhere.
#[derive(Debug, Default)]
pub struct MemoryStore {
    secrets: Mutex<HashMap<String, Secret>>,
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    fn secrets(&self) -> std::sync::MutexGuard<'_, HashMap<String, Secret>> {
        // A panic while holding the lock cannot leave a HashMap half-updated in a way that
        // matters here: keep going with what is there.
        self.secrets.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl SecretStore for MemoryStore {
    fn get(&self, account: &str) -> Result<Option<Secret>> {
        Ok(self.secrets().get(account).cloned())
    }

    fn set(&self, account: &str, secret: &Secret) -> Result<()> {
        self.secrets().insert(account.to_owned(), secret.clone());
        Ok(())
    }

    fn delete(&self, account: &str) -> Result<bool> {
        Ok(self.secrets().remove(account).is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_keeps_accounts_apart() {
        let store = MemoryStore::new();
        assert_eq!(store.get("c1/alice").unwrap(), None);
        store.set("c1/alice", &Secret::new("one")).unwrap();
        store.set("c2/alice", &Secret::new("two")).unwrap();
        assert_eq!(store.get("c1/alice").unwrap(), Some(Secret::new("one")));
        assert_eq!(store.get("c2/alice").unwrap(), Some(Secret::new("two")));
        store.set("c1/alice", &Secret::new("three")).unwrap();
        assert_eq!(store.get("c1/alice").unwrap(), Some(Secret::new("three")));
        assert!(store.delete("c1/alice").unwrap());
        assert!(!store.delete("c1/alice").unwrap());
        assert_eq!(store.get("c1/alice").unwrap(), None);
        assert_eq!(store.get("c2/alice").unwrap(), Some(Secret::new("two")));
    }

    #[test]
    fn debug_never_prints_a_secret() {
        let store = MemoryStore::new();
        store
            .set("c1/alice", &Secret::new("hunter2-memory"))
            .unwrap();
        for debug in [format!("{store:?}"), format!("{store:#?}")] {
            assert!(!debug.contains("hunter2-memory"), "{debug}");
            assert!(debug.contains("<redacted>"), "{debug}");
        }
    }

    #[test]
    fn usable_as_a_trait_object() {
        let store: Box<dyn SecretStore> = Box::new(MemoryStore::new());
        store.set("a", &Secret::new("s")).unwrap();
        assert_eq!(store.get("a").unwrap().unwrap().expose(), "s");
    }
}
