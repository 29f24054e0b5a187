//! What can go wrong in the certificate doctor. Every variant names the file, host or handle
//! concerned; none ever carries key material (a key's location is given, never its content).

use std::path::PathBuf;

/// A failed certificate operation. Never carries key material.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file sent by the UI is not base64 (the webview encodes what it read).
    #[error("the content of {name} could not be read (it is not base64)")]
    InputEncoding {
        /// The file name.
        name: String,
    },

    /// The CA file given to trust holds no certificate.
    #[error("the CA file {name} holds no PEM or DER certificate")]
    CaFileWithoutCertificate {
        /// The file name.
        name: String,
    },

    /// A bundle, inspection or generated certificate handle is unknown (it expired).
    #[error("the {what} {id} is no longer available; run it again")]
    UnknownHandle {
        /// "bundle", "inspection" or "generated certificate".
        what: &'static str,
        /// The handle.
        id: String,
    },

    /// A certificate index is past the end of an inspected chain.
    #[error("the inspected chain has {len} certificates; there is no certificate {index}")]
    NoSuchCertificate {
        /// The index asked for (0-based).
        index: usize,
        /// The chain's length.
        len: usize,
    },

    /// The bundle cannot be exported as the console needs it.
    #[error(
        "this bundle cannot be exported: it needs exactly one unencrypted private key that matches the server certificate"
    )]
    NotExportable,

    /// A save path is relative: the UI always asks for an absolute one.
    #[error("{path} is not an absolute path")]
    RelativePath {
        /// The path given.
        path: PathBuf,
    },

    /// The file exists and overwriting was not asked for.
    #[error("{path} already exists; choose another name or allow overwriting")]
    Exists {
        /// The file.
        path: PathBuf,
    },

    /// The file could not be written (nothing was left half-written).
    #[error("cannot write {path}: {source}")]
    Write {
        /// The file.
        path: PathBuf,
        /// The operating system's reason.
        #[source]
        source: std::io::Error,
    },

    /// The connection's CA bundle could not be read, is too large or holds no certificate
    /// (read by `net`, the one reader of CA bundles).
    #[error(transparent)]
    CaBundle(#[from] net::Error),

    /// A file that was to be read could not be.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The operating system's reason.
        #[source]
        source: std::io::Error,
    },

    /// A directory has more entries than a certificates directory ever holds.
    #[error("{path} holds more than {max} entries; choose the certificates directory itself")]
    TooManyEntries {
        /// The directory.
        path: PathBuf,
        /// The limit.
        max: usize,
    },

    /// The path picked is a directory, a device or a pipe, not a file.
    #[error("{path} is not a file")]
    NotAFile {
        /// The path.
        path: PathBuf,
    },

    /// A file is too large to be a certificate bundle.
    #[error("{path} is larger than {max} bytes; a certificate bundle is a few kilobytes")]
    FileTooLarge {
        /// The file.
        path: PathBuf,
        /// The limit in bytes.
        max: u64,
    },

    /// No host name was given to generate a certificate for.
    #[error("give at least one host name or IP address")]
    NoHostnames,

    /// A host name is not a valid DNS name or IP address.
    #[error("\"{name}\" is not a valid host name or IP address")]
    InvalidHostname {
        /// The name as typed.
        name: String,
    },

    /// The validity asked for is out of range.
    #[error("{days} days is not a usable validity (1 to 3650 days)")]
    InvalidDays {
        /// The number given.
        days: u32,
    },

    /// The picked CA file holds no certificate.
    #[error("{name} holds no certificate to sign with")]
    CaCertificateMissing {
        /// The file name.
        name: String,
    },

    /// The picked CA certificate is not a CA (`CA:FALSE` or no basicConstraints).
    #[error("{subject} is not a CA certificate (no CA:TRUE): clients would refuse what it signs")]
    NotACa {
        /// Its subject.
        subject: String,
    },

    /// The picked CA key file holds no private key.
    #[error("{name} holds no private key")]
    CaKeyMissing {
        /// The file name.
        name: String,
    },

    /// The picked CA key is encrypted.
    #[error(
        "the CA key at {location} is encrypted; decrypt it first (openssl pkey -in KEY -out KEY.plain)"
    )]
    CaKeyEncrypted {
        /// "ca.key, line 1".
        location: String,
    },

    /// The picked CA key does not belong to the picked CA certificate.
    #[error("the key at {location} does not belong to the CA certificate {subject}")]
    CaKeyMismatch {
        /// "ca.key, line 1".
        location: String,
        /// The CA certificate's subject.
        subject: String,
    },

    /// The CA key is of a type rcgen cannot sign with here.
    #[error("the key at {location} cannot sign certificates here (use an RSA, P-256 or P-384 key)")]
    CaKeyUnsupported {
        /// "ca.key, line 1".
        location: String,
    },

    /// rcgen refused to make the certificate.
    #[error("the certificate could not be made: {reason}")]
    Generate {
        /// rcgen's reason.
        reason: String,
    },

    /// The host to inspect is empty or the SNI name is not a valid server name.
    #[error("\"{name}\" is not a valid host name to connect to")]
    InvalidServerName {
        /// The name.
        name: String,
    },

    /// The host name did not resolve.
    #[error("{host} could not be resolved (DNS): check the host name")]
    Resolve {
        /// The host name.
        host: String,
        /// The resolver's reason.
        #[source]
        source: std::io::Error,
    },

    /// Nothing listens on that port.
    #[error("{address} refused the connection: nothing is listening on that port")]
    Refused {
        /// `host:port`.
        address: String,
    },

    /// No answer in time.
    #[error("{address} did not answer within {seconds} seconds ({stage})")]
    Timeout {
        /// `host:port`.
        address: String,
        /// The limit.
        seconds: u64,
        /// "connecting" or "TLS handshake".
        stage: &'static str,
    },

    /// The TCP connection failed for another reason (unreachable network, reset).
    #[error("cannot connect to {address}: {source}")]
    Connect {
        /// `host:port`.
        address: String,
        /// The operating system's reason.
        #[source]
        source: std::io::Error,
    },

    /// The port answers plain HTTP, not TLS.
    #[error(
        "{address} speaks plain HTTP, not HTTPS: there is no certificate to inspect (use an http:// URL for this registry, or enable TLS on it)"
    )]
    PlainHttp {
        /// `host:port`.
        address: String,
    },

    /// The TLS handshake failed before any certificate was seen.
    #[error("the TLS handshake with {address} failed: {reason}")]
    Handshake {
        /// `host:port`.
        address: String,
        /// rustls' reason.
        reason: String,
    },

    /// The TLS client could not be set up.
    #[error("the TLS client could not be set up: {reason}")]
    TlsSetup {
        /// rustls' reason.
        reason: String,
    },

    /// The chosen certificate to trust is not a CA.
    #[error("{subject} is not a CA certificate; trust the CA that signed it instead")]
    TrustNotCa {
        /// Its subject.
        subject: String,
    },

    /// The connection's settings could not be changed.
    #[error(transparent)]
    Settings(#[from] connections::Error),
}

/// The crate's result type.
pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    /// What the UI does about it: the CA file field, a replace question, a retry, the TLS
    /// settings, or the form's own message.
    pub fn code(&self) -> codes::ErrorCode {
        use codes::ErrorCode as C;
        match self {
            Self::CaFileWithoutCertificate { .. } | Self::CaBundle(_) => C::InvalidCaBundle,
            Self::UnknownHandle { .. } | Self::NoSuchCertificate { .. } => C::NotFound,
            Self::Exists { .. } => C::FileExists,
            Self::InvalidServerName { .. }
            | Self::Resolve { .. }
            | Self::Refused { .. }
            | Self::Timeout { .. }
            | Self::Connect { .. } => C::Unreachable,
            Self::PlainHttp { .. } | Self::Handshake { .. } | Self::TlsSetup { .. } => {
                C::TlsFailure
            }
            Self::Write { .. }
            | Self::Read { .. }
            | Self::RelativePath { .. }
            | Self::TooManyEntries { .. }
            | Self::FileTooLarge { .. }
            | Self::NotAFile { .. }
            | Self::InputEncoding { .. }
            | Self::NotExportable
            | Self::NoHostnames
            | Self::InvalidHostname { .. }
            | Self::InvalidDays { .. }
            | Self::CaCertificateMissing { .. }
            | Self::NotACa { .. }
            | Self::CaKeyMissing { .. }
            | Self::CaKeyEncrypted { .. }
            | Self::CaKeyMismatch { .. }
            | Self::CaKeyUnsupported { .. }
            | Self::Generate { .. }
            | Self::TrustNotCa { .. } => C::InvalidInput,
            // The same refusals as the Connections page, under the same fields.
            Self::Settings(inner) => inner.code(),
        }
    }

    /// The operating system's or resolver's reason, for the UI's detail line.
    pub fn detail(&self) -> Option<String> {
        match self {
            Self::Settings(inner) => inner.detail(),
            _ => std::error::Error::source(self).map(ToString::to_string),
        }
    }
}
