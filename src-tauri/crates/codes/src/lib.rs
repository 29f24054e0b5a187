//! The error codes the UI branches on, in a crate of their own so that each backend crate can
//! say, next to its error variants, which code each one gets (`Error::code`): a new variant
//! then cannot be forgotten, because that match is exhaustive inside its crate.
//!
//! Why a crate of its own: `cargo tree -e normal` shows `connections` as the one crate below
//! all the others (`vault` depends on it to bind a sign-in to its origin, and `credentials`
//! reaches it through `vault`), but the codes are the UI contract's concept, not a saved
//! connection's: placed there, every crate would take them from the settings crate, and the
//! settings crate would change whenever the UI learns a new branch. Here they depend on serde
//! and ts-rs alone, so any crate can use them without a cycle, `connections` included.
//!
//! To add a code: add it here only when the UI does something different for it (a field it
//! marks, a title or hint of its own, a retry, a dialog); run
//! `cargo run -p ipc --bin export-bindings`; and branch on it in the UI. A code the UI does not
//! branch on is [`ErrorCode::Other`].

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What the UI branches on. Add a variant only when the UI does something different for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ErrorCode {
    /// The connection name is empty or taken: shown under the name field.
    InvalidName,
    /// The URL is unusable: shown under the URL field.
    InvalidUrl,
    /// The CA bundle cannot be read or holds no certificate: shown under the CA file field.
    InvalidCaBundle,
    /// A value the user typed or picked cannot be used (a user name with a colon, a Kubernetes
    /// name, a kubeconfig, a certificate's host names): shown under the field or the form.
    InvalidInput,
    /// The file to save already exists: the UI asks once whether to replace it, then retries
    /// with `overwrite: true`.
    FileExists,
    /// The thing acted on is gone: the UI reloads its list.
    NotFound,
    /// The server wants credentials (401, no or an expired sign-in): the UI asks the user to
    /// sign in, then retries.
    SignInRequired,
    /// The credentials are valid but not allowed this (a registry's 403, `DENIED`,
    /// `insufficient_scope`; a cluster's RBAC refusal, whose parts are in
    /// `CommandError::denial`).
    AccessDenied,
    /// The registry refuses deletes (405 `UNSUPPORTED`): the UI explains how to enable them.
    DeleteDisabled,
    /// The content's sha256 differs from the digest asked for: shown as an error, never as data.
    DigestMismatch,
    /// The server could not be reached (refused, DNS, timeout, reset): the UI offers a retry.
    Unreachable,
    /// The TLS handshake failed (untrusted CA, wrong host name): the UI points at the TLS settings.
    TlsFailure,
    /// The server (a registry, a cluster's API) answered with an error of its own (500, 503,
    /// an envelope with no more specific meaning): its words are in the error; a retry may help.
    ServerError,
    /// The reply could not be understood (invalid JSON, truncated, too large, a `Link` loop).
    BadResponse,
    /// The OS keyring could not be used (no Secret Service, locked, no answer in time): the
    /// sign-in form offers to keep the credentials for this session only.
    KeyringUnavailable,
    /// Someone else changed the object at the same time, or a name is taken (409): the UI
    /// reloads and says nothing was overwritten.
    Conflict,
    /// The user stopped the work (a listing, a sign-in) or did not finish it in the browser:
    /// the UI says so, without an error, and offers to start again.
    Cancelled,
    /// Nothing the UI does differently for (a settings or auth file not written, a sign-in
    /// the provider refused): shown where the user acted, with the message and detail.
    Other,
    /// The registry answers its API but will not list its repositories to this user (the
    /// catalog scope refused by its token service, a token granted without it, a 401 or 403
    /// on `/v2/_catalog` while the same credentials are accepted elsewhere): a permission
    /// fact, not an expired sign-in. The UI says so in one sentence and offers to open a
    /// repository by its name; it never asks to sign in again for it (when nobody is signed
    /// in it offers a sign-in, which may grant the catalog).
    CatalogRefused,
    /// The registry answers its API but has no catalog (404 or 405 on `/v2/_catalog`): the
    /// UI offers to open a repository by its name, and no sign-in (it would not help).
    CatalogNotOffered,
    /// The OpenShift registry's metrics need its metrics secret, and none is saved or the
    /// one saved was refused: the Metrics tab asks for it (once; it is kept in the keyring).
    MetricsSecretRequired,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_serialize_in_camel_case_for_the_ui() {
        assert_eq!(
            serde_json::to_string(&ErrorCode::InvalidCaBundle).unwrap(),
            "\"invalidCaBundle\""
        );
        assert_eq!(
            serde_json::from_str::<ErrorCode>("\"accessDenied\"").unwrap(),
            ErrorCode::AccessDenied
        );
    }
}
