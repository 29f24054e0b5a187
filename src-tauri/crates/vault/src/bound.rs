//! The one store of the secrets a connection owns: one entry per connection and kind of
//! secret (a registry sign-in, an OpenShift/OIDC session), kept where the user chose (the OS
//! keyring, or this session's memory), bound to the origin and TLS mode it was given for.
//!
//! Every kind shares these rules, which is why they live here once:
//! - **Bound.** An entry records the [`Binding`] of its connection when it is kept. A read for
//!   the connection as it is now gets it only when the binding is the same; otherwise the
//!   entry is forgotten (best effort) and nothing is returned, so a secret never follows an
//!   edited connection to another server. An entry written before bindings existed is bound
//!   to the connection at its first read and written back so: the app that wrote it already
//!   sent the secret wherever the connection pointed, so refusing it would protect nothing.
//! - **Kept in one place.** [`KeptIn::Keyring`] (still there after a restart) or
//!   [`KeptIn::Session`] (this process's memory, only on the user's explicit choice). Keeping
//!   an entry in one place removes it from the other. A keyring error is returned and the
//!   entry is kept nowhere: there is no silent fallback to memory.
//! - **The keyring is asked once.** What it holds is remembered after the first read and kept
//!   in step by every write and removal here, so a call does not pay a Secret Service round
//!   trip each time. An error is never remembered (the next call asks again), and neither is
//!   the absence of any keyring ([`Error::Unavailable`]): a keyring started later may hold an
//!   entry. Without a keyring a connection simply has no saved entry, and a removal has
//!   nothing to delete there.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use connections::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{Binding, Error, MemoryStore, Secret, SecretStore};

/// Where a secret is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum KeptIn {
    /// The OS keyring: still there after a restart.
    Keyring,
    /// This process's memory: gone when the app exits. Only on the user's explicit choice.
    Session,
}

/// A kind of secret a connection owns, as its keyring entry holds it.
pub trait BoundSecret: Clone + Send + 'static {
    /// The failure of this kind's calls; a keyring's failure becomes one through `From`.
    type Error: From<Error>;

    /// The keyring account of connection `connection_id`'s entry of this kind.
    fn account(connection_id: &str) -> String;

    /// The entry's text, recording `binding`. Written straight into a [`Secret`]: no unwiped
    /// copy of the secret is made.
    fn encode(&self, connection_id: &str, binding: &Binding) -> Result<Secret, Self::Error>;

    /// The secret an entry's text holds, with the binding it records (none in entries written
    /// before bindings existed). An error never quotes the text.
    fn decode(connection_id: &str, text: &Secret) -> Result<(Self, Option<Binding>), Self::Error>;
}

/// An entry as the store knows it.
#[derive(Clone)]
struct Entry<T> {
    value: T,
    binding: Binding,
    kept_in: KeptIn,
}

/// What reading the stores found.
enum Found<T> {
    /// This, or nothing; worth remembering.
    Known(Option<Entry<T>>),
    /// No keyring on this desktop, and nothing in this session's memory.
    NoKeyring,
}

/// What a removal let go of.
#[derive(Debug)]
pub struct Removed<T> {
    /// The secret that was kept (to revoke it where it was issued), when it could be read.
    pub value: Option<T>,
    /// Whether an entry was deleted (from the keyring or this session's memory).
    pub deleted: bool,
}

/// The entries of one kind of secret for every connection.
pub struct BoundStore<T> {
    keyring: Arc<dyn SecretStore>,
    session: MemoryStore,
    /// Connection id → what is known: `Some` entry, or `None` (looked up, nothing kept).
    /// Absent: not looked up yet.
    known: Mutex<HashMap<String, Option<Entry<T>>>>,
}

impl<T> std::fmt::Debug for BoundStore<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BoundStore").finish_non_exhaustive()
    }
}

impl<T: BoundSecret> BoundStore<T> {
    /// Entries kept in `keyring` (the OS keyring in the app; a [`MemoryStore`] in tests) or in
    /// this process's memory.
    pub fn new(keyring: Arc<dyn SecretStore>) -> Self {
        Self {
            keyring,
            session: MemoryStore::new(),
            known: Mutex::new(HashMap::new()),
        }
    }

    fn known(&self) -> MutexGuard<'_, HashMap<String, Option<Entry<T>>>> {
        self.known.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Keeps `value` for `connection`, bound to its origin and TLS mode as they are now, in
    /// `kept_in`, replacing what was kept before in either place. A keyring error is returned
    /// and nothing is kept anywhere.
    pub fn put(&self, connection: &Connection, value: T, kept_in: KeptIn) -> Result<(), T::Error> {
        let id = connection.id.as_str();
        let account = T::account(id);
        let binding = Binding::of(connection);
        let text = value.encode(id, &binding)?;
        match kept_in {
            KeptIn::Keyring => {
                if let Err(error) = self.keyring.set(&account, &text) {
                    // What the keyring holds now is not known: read it again next time.
                    self.known().remove(id);
                    return Err(error.into());
                }
                self.session.delete(&account)?;
            }
            KeptIn::Session => {
                self.session.set(&account, &text)?;
                // An entry the user chose to keep for this session only must not come back
                // from an older keyring entry after a restart. The keyring may be the reason
                // for this choice, so failing to reach it is not an error here.
                let _ = self.keyring.delete(&account);
            }
        }
        self.known().insert(
            id.to_owned(),
            Some(Entry {
                value,
                binding,
                kept_in,
            }),
        );
        Ok(())
    }

    /// Whether connection `connection_id`'s entry is kept in this session's memory.
    pub fn in_session(&self, connection_id: &str) -> bool {
        matches!(self.session.get(&T::account(connection_id)), Ok(Some(_)))
    }

    /// The entry of `connection` and where it is kept: this session's, else the keyring's
    /// (asked once per connection and run; an error is not remembered). `None` when nothing
    /// is kept, when there is no keyring on this desktop, and when the entry was given for
    /// another origin or TLS mode than the connection's now: that entry is then forgotten
    /// (best effort: a keyring that refuses the deletion keeps it, and the next read refuses
    /// it again).
    pub fn get(&self, connection: &Connection) -> Result<Option<(T, KeptIn)>, T::Error> {
        let id = connection.id.as_str();
        let current = Binding::of(connection);
        let known = self.known().get(id).cloned();
        let kept = match known {
            Some(kept) => kept,
            None => match self.read(id, &current)? {
                Found::Known(found) => {
                    self.known().insert(id.to_owned(), found.clone());
                    found
                }
                Found::NoKeyring => None,
            },
        };
        match kept {
            Some(entry) if entry.binding == current => Ok(Some((entry.value, entry.kept_in))),
            Some(_) => {
                let _ = self.remove(id);
                Ok(None)
            }
            None => Ok(None),
        }
    }

    /// Reads the entry of `id` from this session's memory, else the keyring.
    fn read(&self, id: &str, current: &Binding) -> Result<Found<T>, T::Error> {
        let account = T::account(id);
        if let Some(text) = self.session.get(&account)? {
            let entry = self.adopt(id, T::decode(id, &text)?, KeptIn::Session, current);
            return Ok(Found::Known(Some(entry)));
        }
        match self.keyring.get(&account) {
            Ok(Some(text)) => {
                let entry = self.adopt(id, T::decode(id, &text)?, KeptIn::Keyring, current);
                Ok(Found::Known(Some(entry)))
            }
            Ok(None) => Ok(Found::Known(None)),
            Err(Error::Unavailable { .. }) => Ok(Found::NoKeyring),
            Err(error) => Err(error.into()),
        }
    }

    /// An entry read from a store; one written before bindings existed is bound to `current`
    /// and written back so (best effort: unbound, it is bound again at the next start).
    fn adopt(
        &self,
        id: &str,
        (value, binding): (T, Option<Binding>),
        kept_in: KeptIn,
        current: &Binding,
    ) -> Entry<T> {
        let binding = binding.unwrap_or_else(|| {
            if let Ok(text) = value.encode(id, current) {
                let account = T::account(id);
                let _ = match kept_in {
                    KeptIn::Keyring => self.keyring.set(&account, &text),
                    KeptIn::Session => self.session.set(&account, &text),
                };
            }
            current.clone()
        });
        Entry {
            value,
            binding,
            kept_in,
        }
    }

    /// Forgets connection `connection_id`'s entry everywhere (the keyring entry deleted), and
    /// returns what was kept, so the caller can revoke it. With no keyring at all there is no
    /// entry this app could have left, so that is not an error; a keyring that is there but
    /// refuses (locked, no answer) is, and its entry may still be there (the session copy is
    /// gone already).
    pub fn remove(&self, connection_id: &str) -> Result<Removed<T>, T::Error> {
        let account = T::account(connection_id);
        let in_session = self.session.get(&account).ok().flatten();
        let _ = self.session.delete(&account);
        let cached = self.known().remove(connection_id);
        let value = match (&in_session, cached) {
            (Some(text), _) => T::decode(connection_id, text).ok().map(|(v, _)| v),
            (None, Some(Some(entry))) => Some(entry.value),
            (None, Some(None)) => None,
            // Not read this run: read it, so that it can be revoked.
            (None, None) => self
                .keyring
                .get(&account)
                .ok()
                .flatten()
                .and_then(|text| T::decode(connection_id, &text).ok())
                .map(|(v, _)| v),
        };
        let in_keyring = match self.keyring.delete(&account) {
            Ok(deleted) => {
                self.known().insert(connection_id.to_owned(), None);
                deleted
            }
            Err(Error::Unavailable { .. }) => false,
            Err(error) => return Err(error.into()),
        };
        Ok(Removed {
            value,
            deleted: in_session.is_some() || in_keyring,
        })
    }
}
