//! A client for Docker Registry HTTP API v2 / OCI distribution registries.
//!
//! [`RegistryClient`] is made once per saved connection and shared (it is an `Arc` inside):
//! it holds the connection's HTTP client (its TLS settings, timeouts), the credentials, the
//! Bearer tokens per scope, and caches of manifests and config blobs by digest (immutable).
//! Every operation answers the authentication the registry asks for, retries idempotent
//! requests on 429/5xx/resets, caps what it reads, verifies digests, and fails with an
//! [`Error`] that keeps the registry's own error envelope.
//!
//! Modules: [`auth`] (challenges, token cache), [`link`] (paging), [`tags`] (display order),
//! [`digest`], [`manifest`] (kinds, parsing, pull specs), [`client`] (transport and the
//! operations), [`model`] (the types the UI receives).

pub mod auth;
pub mod client;
pub mod digest;
pub mod error;
/// Entries for the cargo-fuzz targets in `fuzz/`: not part of the client's API.
#[doc(hidden)]
pub mod fuzzing;
pub mod link;
pub mod manifest;
pub mod model;
pub mod tags;

pub use client::{
    CancelFlag, ClientOptions, MAX_REPOSITORY_NAME, RegistryClient, check_repository_name,
    is_repository_name,
};
pub use error::{Error, ErrorEnvelope, RegistryErrorEntry, Result};

#[cfg(test)]
mod catalog_refusal_tests;
