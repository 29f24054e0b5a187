//! Signing in, and staying signed in, without a token ever reaching a plain file.
//!
//! - [`openshift`]: an OpenShift cluster's OAuth server, found from the API URL, in the three
//!   ways `oc login` offers (browser with PKCE, user name and password through the
//!   challenging client, a pasted token), and "who am I" from the user API.
//! - [`oidc`]: any OpenID Connect provider: discovery, code grant with PKCE, ID token checked
//!   against the provider's keys, refresh with rotation, done before a token near its expiry
//!   is used, one refresh per connection at a time ([`oidc::fresh_bearer`]).
//! - [`browser`]: what both browser flows share: PKCE, `state`, the opener (the system
//!   browser in the app, a scripted one in tests) and the loopback listener, which takes one
//!   redirect carrying our `state` and ignores any other request.
//!
//! Every request goes through the one HTTP/TLS layer, [`net`]: verification off reaches the
//! connection's own origin only, bodies are capped, and lifetimes a server states are bounded.
//! A password, code or token goes only to https endpoints, or plain http on this machine (or
//! to an OpenShift OAuth server when the user gave the cluster as plain http).
//! - [`kubeconfig`]: the contexts of the user's kubeconfig (as `oc`/`kubectl` find and merge
//!   it), and importing one as a connection signed in with its token.
//! - [`session`]: the signed-in session and [`session::SessionStore`], which keeps it in the
//!   OS keyring (or, by the user's explicit choice, in memory for this run).
//!
//! - [`revoke`]: what a connection owns (sign-ins, sessions, its CA file), and removing it
//!   all, revoking tokens at the servers that issued them.
//!
//! Nothing here depends on Tauri; the app's commands are thin adapters over these calls.

pub mod browser;
pub mod error;
mod http;
pub mod jwt;
pub mod kubeconfig;
pub mod oidc;
pub mod openshift;
pub mod quay;
pub mod revoke;
pub mod session;

pub use browser::{BrowserOpener, BrowserOptions, Cancel};
pub use error::{Error, Result};
pub use session::{Bearer, Identity, Session, SessionStore, SignInMethod, SignInStatus};
pub use vault::KeptIn;
