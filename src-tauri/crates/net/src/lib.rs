//! The one HTTP/TLS layer every crate that talks to a server uses (registry, cluster, auth).
//!
//! Why one layer: the rules that keep a hostile server or network from hurting the user are
//! the same for every protocol, and five copies of them drift. They are:
//! - **One client per connection** ([`Client`]), rustls on ring, the system roots plus the
//!   connection's CA bundle ([`load_ca_bundle`], the only CA reader), timeouts on connect and
//!   on the whole request.
//! - **"Verification off" is the connection's own origin only.** A registry's token realm or a
//!   cluster's identity provider on another host is verified as usual ([`Client`] routes each
//!   request by its origin).
//! - **Every body is capped** ([`read_body`]): an endless or huge reply is an error, never
//!   memory growth.
//! - **Numbers from servers are bounded** before use: lifetimes ([`lifetime`]) and `Retry-After`
//!   ([`retry`]).
//! - **A secret never travels in cleartext** to a server the user reached over https
//!   ([`travel::secret_may_travel`]).
//!
//! To extend it: add the rule here with its test, then call it from the protocol crates.

mod body;
mod ca;
mod client;
mod error;
pub mod lifetime;
pub mod retry;
pub mod travel;

pub use body::{BodyError, limits, read_body};
pub use ca::load_ca_bundle;
pub use client::{Client, Options};
pub use error::{Error, Result};
pub use travel::{CleartextRefusal, Origin, is_loopback, secret_may_travel};
