//! The checklist: every [`CheckId`] evaluated on parsed certificates and keys, host coverage
//! with the wildcard rules clients apply, the fixed order of the bundle, and the copy-ready
//! steps that go with it.
//!
//! A check that cannot be evaluated is left out rather than passed: with no certificate only
//! [`CheckId::CertificatePresent`] and the key checks appear; with no key (or on a live
//! endpoint) there is no [`CheckId::KeyMatchesCertificate`]; with no host asked for there is
//! no [`CheckId::HostsCovered`].

use std::collections::BTreeMap;
use std::net::IpAddr;

use time::OffsetDateTime;
use x509_parser::certificate::X509Certificate;

use crate::info::{self, Signed};
use crate::keys::{self, KeyMatch, PrivateKey};
use crate::model::{Check, CheckId, CheckStatus, HostCoverage, Instructions, SanKind};

/// Validity longer than this warns (two years, a leap day allowed).
pub const MAX_VALIDITY_DAYS: i64 = 731;
/// Expiry closer than this warns.
pub const EXPIRY_WARNING_DAYS: i64 = 30;

/// Where a trust anchor comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AnchorSource {
    /// The operating system's roots.
    System,
    /// The CA file the user gave (or the connection's CA bundle).
    CaFile,
}

impl AnchorSource {
    fn as_str(self) -> &'static str {
        match self {
            Self::System => "system",
            Self::CaFile => "caFile",
        }
    }
}

/// A certificate trusted as a root.
#[derive(Debug, Clone)]
pub(crate) struct Anchor {
    pub der: Vec<u8>,
    pub source: AnchorSource,
}

/// The doctor's findings.
#[derive(Debug, Default)]
pub(crate) struct Findings {
    /// Certificate indices in the fixed order: the chain from the leaf, then unrelated ones.
    pub order: Vec<usize>,
    /// The index (into the keys) of the unencrypted key that matches the leaf.
    pub matching_key: Option<usize>,
    /// The checklist.
    pub checks: Vec<Check>,
    /// Coverage per host asked for.
    pub hosts: Vec<HostCoverage>,
    /// Copy-ready steps (none without a certificate).
    pub instructions: Option<Instructions>,
    /// Server certificates left out of the fixed order: another end-entity certificate the
    /// key does not belong to.
    pub left_out: Vec<usize>,
}

fn check(id: CheckId, status: CheckStatus, params: &[(&str, String)]) -> Check {
    Check {
        id,
        status,
        params: params
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect::<BTreeMap<_, _>>(),
    }
}

fn pass_if(ok: bool) -> CheckStatus {
    if ok {
        CheckStatus::Pass
    } else {
        CheckStatus::Fail
    }
}

/// Runs the doctor. `keys` is `None` for a live endpoint (no key checks).
pub(crate) fn examine(
    ders: &[Vec<u8>],
    keys: Option<&[PrivateKey]>,
    hosts: &[String],
    anchors: &[Anchor],
    now: OffsetDateTime,
) -> Findings {
    let certs: Vec<X509Certificate<'_>> = ders
        .iter()
        .filter_map(|d| x509_parser::parse_x509_certificate(d).ok().map(|(_, c)| c))
        .collect();
    let mut f = Findings::default();

    if keys.is_some() {
        f.checks.push(check(
            CheckId::CertificatePresent,
            pass_if(!certs.is_empty()),
            &[("count", certs.len().to_string())],
        ));
    }
    let usable_keys: Vec<(usize, &PrivateKey)> = keys
        .unwrap_or_default()
        .iter()
        .enumerate()
        .filter(|(_, k)| !k.format.is_encrypted())
        .collect();
    if let Some(keys) = keys {
        f.checks.push(check(
            CheckId::OnePrivateKey,
            pass_if(keys.len() == 1),
            &[("count", keys.len().to_string())],
        ));
        if !keys.is_empty() {
            match keys.iter().find(|k| k.format.is_encrypted()) {
                Some(k) => f.checks.push(check(
                    CheckId::KeyUnencrypted,
                    CheckStatus::Fail,
                    &[("source", k.location())],
                )),
                None => f.checks.push(check(
                    CheckId::KeyUnencrypted,
                    CheckStatus::Pass,
                    &[("source", keys[0].location())],
                )),
            }
        }
    }
    if certs.is_empty() {
        return f;
    }

    // Who issued whom (names match and the signature verifies, or cannot be checked here).
    let n = certs.len();
    let issued = |child: usize, parent: usize| signed_by_cached(&certs, child, parent);
    let issues_another: Vec<bool> = (0..n)
        .map(|p| (0..n).any(|c| c != p && issued(c, p) != Signed::No))
        .collect();
    let candidates: Vec<usize> = (0..n).filter(|&i| !issues_another[i]).collect();
    let key_leaf = (0..n).find(|&i| {
        candidates.contains(&i)
            && usable_keys
                .iter()
                .any(|(_, k)| keys::key_matches(k, &certs[i]) == KeyMatch::Yes)
    });
    let leaf = key_leaf
        .or_else(|| {
            candidates
                .iter()
                .copied()
                .find(|&i| !info::is_ca(&certs[i]))
        })
        .or_else(|| candidates.first().copied())
        .unwrap_or(0);

    // The chain from the leaf, each next one the issuer of the previous.
    let mut chain = vec![leaf];
    loop {
        let current = *chain.last().unwrap_or(&leaf);
        if info::is_self_signed(&certs[current]) {
            break;
        }
        let next = (0..n)
            .filter(|i| !chain.contains(i))
            .filter(|&i| issued(current, i) != Signed::No)
            .max_by_key(|&i| issued(current, i) == Signed::Verified);
        match next {
            Some(i) => chain.push(i),
            None => break,
        }
    }
    // End-entity certificates: not a CA and issuing none of the others. A bundle holds one;
    // when the key says which is the server's, the others leave the fixed bundle.
    let end_entities: Vec<usize> = candidates
        .iter()
        .copied()
        .filter(|&i| !info::is_ca(&certs[i]))
        .collect();
    if key_leaf.is_some() {
        f.left_out = end_entities
            .iter()
            .copied()
            .filter(|i| !chain.contains(i))
            .collect();
    }
    let unrelated: Vec<usize> = (0..n)
        .filter(|i| !chain.contains(i) && !f.left_out.contains(i))
        .collect();
    f.order = chain.iter().chain(&unrelated).copied().collect();
    let leaf_cert = &certs[leaf];
    let subject = |i: usize| certs[i].subject().to_string();

    // Key matches the leaf.
    if keys.is_some() && !usable_keys.is_empty() {
        f.matching_key = usable_keys
            .iter()
            .find(|(_, k)| keys::key_matches(k, leaf_cert) == KeyMatch::Yes)
            .map(|(i, _)| *i);
        let mut params = vec![("subject", subject(leaf))];
        if f.matching_key.is_none()
            && let Some(other) = (0..n).find(|&i| {
                usable_keys
                    .iter()
                    .any(|(_, k)| keys::key_matches(k, &certs[i]) == KeyMatch::Yes)
            })
        {
            params.push(("matches", subject(other)));
        }
        f.checks.push(check(
            CheckId::KeyMatchesCertificate,
            pass_if(f.matching_key.is_some()),
            &params,
        ));
    }

    f.checks.push(one_server_certificate(
        &certs,
        &end_entities,
        key_leaf,
        &f.left_out,
    ));
    f.checks
        .push(chain_order(&certs, &chain, &unrelated, leaf, &f.left_out));
    f.checks.push(chain_trusted(&certs, &chain, anchors));
    let order = f.order.clone();
    validity_checks(&mut f, &certs, &order, leaf, now);

    f.checks.push(check(
        CheckId::LeafNotCa,
        pass_if(!info::is_ca(leaf_cert)),
        &[("subject", subject(leaf))],
    ));
    let server_auth = match leaf_cert.extended_key_usage() {
        Ok(Some(eku)) => eku.value.server_auth || eku.value.any,
        Ok(None) => true,
        Err(_) => false,
    };
    f.checks.push(check(
        CheckId::ServerAuthUsage,
        pass_if(server_auth),
        &[("subject", subject(leaf))],
    ));

    // Weak keys anywhere in the chain.
    let weak_key = chain.iter().copied().find_map(|i| {
        let (kind, bits) = info::key_kind(&certs[i]);
        let weak = match kind.as_str() {
            "RSA" => bits < 2048,
            "EC" => bits < 256,
            _ => false,
        };
        weak.then_some((i, bits))
    });
    f.checks.push(match weak_key {
        Some((i, bits)) => check(
            CheckId::KeyStrength,
            CheckStatus::Fail,
            &[("subject", subject(i)), ("bits", bits.to_string())],
        ),
        None => check(
            CheckId::KeyStrength,
            CheckStatus::Pass,
            &[
                ("subject", subject(leaf)),
                ("bits", info::key_kind(leaf_cert).1.to_string()),
            ],
        ),
    });

    // Weak signatures: every certificate but a self-signed root (its signature is not used).
    let weak_sig = chain.iter().copied().find_map(|i| {
        let name =
            info::signature_algorithm_name(&certs[i].signature_algorithm.algorithm.to_id_string());
        let root = i != leaf && info::is_self_signed(&certs[i]);
        (info::is_weak_signature(&name) && !root).then_some((i, name))
    });
    f.checks.push(match weak_sig {
        Some((i, name)) => check(
            CheckId::SignatureAlgorithm,
            CheckStatus::Fail,
            &[("subject", subject(i)), ("algorithm", name)],
        ),
        None => check(
            CheckId::SignatureAlgorithm,
            CheckStatus::Pass,
            &[
                ("subject", subject(leaf)),
                (
                    "algorithm",
                    info::signature_algorithm_name(
                        &leaf_cert.signature_algorithm.algorithm.to_id_string(),
                    ),
                ),
            ],
        ),
    });

    let sans = info::sans(leaf_cert);
    let cn = info::common_name(leaf_cert).unwrap_or_default();
    let has_names = sans
        .iter()
        .any(|s| matches!(s.kind, SanKind::Dns | SanKind::Ip));
    f.checks.push(check(
        CheckId::SubjectAltNames,
        pass_if(has_names),
        &[("cn", cn)],
    ));
    let wildcards: Vec<&str> = sans
        .iter()
        .filter(|s| s.kind == SanKind::Dns && s.value.contains('*'))
        .map(|s| s.value.as_str())
        .collect();
    if !wildcards.is_empty() {
        let invalid: Vec<&str> = wildcards
            .iter()
            .copied()
            .filter(|w| wildcard_problem(w).is_some())
            .collect();
        let problems: Vec<&str> = invalid.iter().filter_map(|w| wildcard_problem(w)).collect();
        f.checks.push(check(
            CheckId::WildcardNames,
            pass_if(invalid.is_empty()),
            &[
                ("names", wildcards.join(", ")),
                ("invalid", invalid.join(", ")),
                (
                    "problem",
                    problems.first().copied().unwrap_or_default().into(),
                ),
            ],
        ));
    }

    let wanted: Vec<HostName> = hosts.iter().filter_map(|h| HostName::parse(h)).collect();
    f.hosts = wanted.iter().map(|h| coverage(h, leaf_cert)).collect();
    if !f.hosts.is_empty() {
        let missing: Vec<&str> = f
            .hosts
            .iter()
            .filter(|h| !h.covered)
            .map(|h| h.host.as_str())
            .collect();
        f.checks.push(check(
            CheckId::HostsCovered,
            pass_if(missing.is_empty()),
            &[("missing", missing.join(", "))],
        ));
    }

    let ip_sans: Vec<IpAddr> = sans
        .iter()
        .filter(|s| s.kind == SanKind::Ip)
        .filter_map(|s| parse_ip(&s.value))
        .collect();
    let ip_as_dns: Vec<(String, bool)> = sans
        .iter()
        .filter(|s| s.kind == SanKind::Dns)
        .filter_map(|s| parse_ip(&s.value).map(|ip| (s.value.clone(), ip_sans.contains(&ip))))
        .collect();
    let status = if ip_as_dns.is_empty() {
        CheckStatus::Pass
    } else if ip_as_dns.iter().all(|(_, also_ip)| *also_ip) {
        // Harmless next to the real IP SAN (the documents' own example), but worth knowing.
        CheckStatus::Warn
    } else {
        CheckStatus::Fail
    };
    f.checks.push(check(
        CheckId::IpAsDnsName,
        status,
        &[(
            "names",
            ip_as_dns
                .iter()
                .map(|(n, _)| n.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        )],
    ));

    f.instructions = Some(instructions(&wanted, leaf_cert));
    f
}

fn signed_by_cached(certs: &[X509Certificate<'_>], child: usize, parent: usize) -> Signed {
    info::signed_by(&certs[child], &certs[parent])
}

/// Exactly one end-entity (server) certificate. Params: `count`, `subjects` (all of them),
/// `keySubject` (the one the key belongs to) and `leftOut` (those left out of the fixed bundle).
fn one_server_certificate(
    certs: &[X509Certificate<'_>],
    end_entities: &[usize],
    key_leaf: Option<usize>,
    left_out: &[usize],
) -> Check {
    let subjects = |list: &[usize]| {
        list.iter()
            .map(|&i| certs[i].subject().to_string())
            .collect::<Vec<_>>()
            .join("; ")
    };
    let mut params = vec![
        ("count", end_entities.len().to_string()),
        ("subjects", subjects(end_entities)),
    ];
    if let Some(k) = key_leaf {
        params.push(("keySubject", certs[k].subject().to_string()));
    }
    if !left_out.is_empty() {
        params.push(("leftOut", subjects(left_out)));
    }
    let status = if end_entities.len() > 1 {
        CheckStatus::Fail
    } else {
        CheckStatus::Pass
    };
    check(CheckId::OneServerCertificate, status, &params)
}

/// The order as given, judged without the server certificates left out (those are reported by
/// [`CheckId::OneServerCertificate`], not as an order problem).
fn chain_order(
    certs: &[X509Certificate<'_>],
    chain: &[usize],
    unrelated: &[usize],
    leaf: usize,
    left_out: &[usize],
) -> Check {
    let subject = |i: usize| certs[i].subject().to_string();
    let given: Vec<usize> = (0..certs.len()).filter(|i| !left_out.contains(i)).collect();
    let first = given.first().copied().unwrap_or(0);
    if leaf != first {
        return check(
            CheckId::ChainOrder,
            CheckStatus::Fail,
            &[
                ("problem", "leafNotFirst".into()),
                ("subject", subject(leaf)),
                ("detail", format!("{} → {}", subject(first), subject(leaf))),
            ],
        );
    }
    for pair in given.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        if info::signed_by(&certs[a], &certs[b]) == Signed::No {
            let problem = if unrelated.contains(&b) || unrelated.contains(&a) {
                "unrelated"
            } else {
                "notSignedByNext"
            };
            return check(
                CheckId::ChainOrder,
                CheckStatus::Fail,
                &[
                    ("problem", problem.into()),
                    ("subject", subject(a)),
                    ("next", subject(b)),
                    ("detail", format!("{} → {}", subject(a), subject(b))),
                ],
            );
        }
    }
    check(
        CheckId::ChainOrder,
        CheckStatus::Pass,
        &[(
            "detail",
            chain
                .iter()
                .map(|&i| subject(i))
                .collect::<Vec<_>>()
                .join(" → "),
        )],
    )
}

fn chain_trusted(certs: &[X509Certificate<'_>], chain: &[usize], anchors: &[Anchor]) -> Check {
    let last = &certs[*chain.last().unwrap_or(&0)];
    let last_der = last.as_raw();
    let parsed: Vec<(X509Certificate<'_>, AnchorSource)> = anchors
        .iter()
        .filter_map(|a| {
            x509_parser::parse_x509_certificate(&a.der)
                .ok()
                .map(|(_, c)| (c, a.source))
        })
        .collect();
    // The last certificate is itself an anchor (same DER, or same name and key).
    let same = parsed.iter().find(|(a, _)| {
        a.as_raw() == last_der
            || (a.subject().as_raw() == last.subject().as_raw()
                && a.public_key().raw == last.public_key().raw)
    });
    // Or an anchor signed it.
    let issuer = || {
        parsed
            .iter()
            .find(|(a, _)| info::signed_by(last, a) != Signed::No)
    };
    if let Some((a, source)) = same.or_else(issuer) {
        return check(
            CheckId::ChainTrusted,
            CheckStatus::Pass,
            &[
                ("detail", a.subject().to_string()),
                ("source", source.as_str().into()),
            ],
        );
    }
    let (problem, detail) = if info::is_self_signed(last) {
        ("selfSignedUntrusted", last.subject().to_string())
    } else {
        ("issuerNotFound", last.issuer().to_string())
    };
    check(
        CheckId::ChainTrusted,
        CheckStatus::Fail,
        &[("problem", problem.into()), ("detail", detail)],
    )
}

/// A certificate the user asked to be self-signed is not failed for being self-signed: its
/// `chainTrusted` check becomes a warning with `problem` `selfSignedAsAsked` (clients still have
/// to be told to trust it, which the UI says how), and `host`, the first name asked for, so the
/// UI can name the trust directories. Any other reason for a failure stays a failure.
pub(crate) fn self_signed_as_asked(checks: &mut [Check], hosts: &[String]) {
    let host = hosts
        .iter()
        .map(|h| h.trim())
        .find(|h| !h.is_empty())
        .unwrap_or_default();
    for c in checks.iter_mut().filter(|c| {
        c.id == CheckId::ChainTrusted
            && c.status == CheckStatus::Fail
            && c.params.get("problem").map(String::as_str) == Some("selfSignedUntrusted")
    }) {
        c.status = CheckStatus::Warn;
        c.params
            .insert("problem".to_owned(), "selfSignedAsAsked".to_owned());
        c.params.insert("host".to_owned(), host.to_owned());
    }
}

fn validity_checks(
    f: &mut Findings,
    certs: &[X509Certificate<'_>],
    order: &[usize],
    leaf: usize,
    now: OffsetDateTime,
) {
    let bounds = |i: usize| {
        let v = certs[i].validity();
        (v.not_before.to_datetime(), v.not_after.to_datetime())
    };
    let params = |i: usize, problem: Option<&str>| {
        let v = certs[i].validity();
        let mut p = vec![
            ("subject", certs[i].subject().to_string()),
            ("notBefore", info::rfc3339(&v.not_before)),
            ("notAfter", info::rfc3339(&v.not_after)),
        ];
        if let Some(problem) = problem {
            p.push(("problem", problem.to_owned()));
        }
        p
    };
    let invalid = order.iter().copied().find_map(|i| {
        let (nb, na) = bounds(i);
        if now < nb {
            Some((i, "notYetValid"))
        } else if now > na {
            Some((i, "expired"))
        } else {
            None
        }
    });
    f.checks.push(match invalid {
        Some((i, problem)) => check(
            CheckId::ValidNow,
            CheckStatus::Fail,
            &params(i, Some(problem)),
        ),
        None => check(CheckId::ValidNow, CheckStatus::Pass, &params(leaf, None)),
    });

    let (nb, na) = bounds(leaf);
    let days_left = (na - now).whole_days();
    let status = if now > na {
        CheckStatus::Fail
    } else if days_left < EXPIRY_WARNING_DAYS {
        CheckStatus::Warn
    } else {
        CheckStatus::Pass
    };
    f.checks.push(check(
        CheckId::ExpiresSoon,
        status,
        &[("days", days_left.to_string())],
    ));
    let length = (na - nb).whole_days();
    f.checks.push(check(
        CheckId::ValidityLength,
        if length > MAX_VALIDITY_DAYS {
            CheckStatus::Warn
        } else {
            CheckStatus::Pass
        },
        &[("days", length.to_string())],
    ));
}

/// An IP address as written in a SAN or typed by the user (IPv6 with or without brackets).
pub(crate) fn parse_ip(s: &str) -> Option<IpAddr> {
    s.trim_start_matches('[').trim_end_matches(']').parse().ok()
}

/// A host name or IP the registry is reached by, with an optional port.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct HostName {
    /// As typed (trimmed), for the report.
    pub typed: String,
    /// Lower-case name without a trailing dot, or the IP's text.
    pub name: String,
    /// The IP, when it is one.
    pub ip: Option<IpAddr>,
    /// The port, when typed (`host:5000`).
    pub port: Option<u16>,
}

impl HostName {
    /// Parses `host`, `host:port`, `1.2.3.4`, `[::1]:5000`, `::1`, or a URL's host part.
    pub(crate) fn parse(input: &str) -> Option<Self> {
        let typed = input.trim();
        let without_scheme = typed
            .split_once("://")
            .map_or(typed, |(_, rest)| rest)
            .split('/')
            .next()
            .unwrap_or_default();
        if without_scheme.is_empty() {
            return None;
        }
        let (host, port) = if let Some(rest) = without_scheme.strip_prefix('[') {
            let (h, after) = rest.split_once(']')?;
            (h, after.strip_prefix(':').and_then(|p| p.parse().ok()))
        } else if without_scheme.parse::<IpAddr>().is_ok() {
            (without_scheme, None)
        } else if let Some((h, p)) = without_scheme.rsplit_once(':') {
            (h, Some(p.parse().ok()?))
        } else {
            (without_scheme, None)
        };
        let ip = host.parse::<IpAddr>().ok();
        let name = match ip {
            Some(ip) => ip.to_string(),
            None => host.trim_end_matches('.').to_ascii_lowercase(),
        };
        if name.is_empty() {
            return None;
        }
        Some(Self {
            typed: typed.to_owned(),
            name,
            ip,
            port,
        })
    }

    /// `host` or `host:port`, as `/etc/docker/certs.d` names directories.
    fn certs_d_dir(&self) -> String {
        let host = match self.ip {
            Some(IpAddr::V6(v6)) if self.port.is_some() => format!("[{v6}]"),
            _ => self.name.clone(),
        };
        match self.port {
            Some(p) => format!("{host}:{p}"),
            None => host,
        }
    }
}

/// Why a DNS SAN holding `*` is not a name TLS clients accept, by RFC 6125 section 6.4.3 as
/// RFC 9525 and the CA/Browser Forum's Baseline Requirements narrow it: the wildcard must be
/// the whole left-most label (`*.example.com`), appear once, and stand above at least two
/// labels. `None` for a valid wildcard (or a name without one).
pub(crate) fn wildcard_problem(san: &str) -> Option<&'static str> {
    let san = san.trim_end_matches('.');
    if !san.contains('*') {
        return None;
    }
    let labels: Vec<&str> = san.split('.').collect();
    if san.matches('*').count() > 1 {
        return Some("severalWildcards");
    }
    if labels.iter().skip(1).any(|l| l.contains('*')) {
        return Some("notLeftmost");
    }
    if labels[0] != "*" {
        return Some("partialLabel");
    }
    if labels.len() < 3 || labels.iter().skip(1).any(|l| l.is_empty()) {
        return Some("tooBroad");
    }
    None
}

/// Whether an invalid wildcard SAN looks as if it covered `host` (each `*` read as any text
/// within one label): the near miss a user expects to work and no client accepts.
fn loose_wildcard_match(san: &str, host: &str) -> bool {
    let san = san.trim_end_matches('.').to_ascii_lowercase();
    let (pattern, name): (Vec<&str>, Vec<&str>) =
        (san.split('.').collect(), host.split('.').collect());
    pattern.len() == name.len() && pattern.iter().zip(&name).all(|(p, l)| glob_label(p, l))
}

fn glob_label(pattern: &str, label: &str) -> bool {
    match pattern.split_once('*') {
        None => pattern == label,
        Some((prefix, rest)) => {
            let Some(after) = label.strip_prefix(prefix) else {
                return false;
            };
            (0..=after.len())
                .filter(|&i| after.is_char_boundary(i))
                .any(|i| glob_label(rest, &after[i..]))
        }
    }
}

/// Whether a DNS SAN (`*.apps.example.com`) covers `host` by the rules TLS clients apply:
/// exact match, or a valid wildcard standing for exactly one whole left-most label.
pub(crate) fn dns_covers(san: &str, host: &str) -> bool {
    let san = san.trim_end_matches('.').to_ascii_lowercase();
    if san == host {
        return true;
    }
    if wildcard_problem(&san).is_some() {
        return false;
    }
    match san.strip_prefix("*.") {
        Some(rest) if !rest.is_empty() => host
            .strip_suffix(rest)
            .and_then(|label| label.strip_suffix('.'))
            .is_some_and(|label| !label.is_empty() && !label.contains('.')),
        _ => false,
    }
}

fn coverage(host: &HostName, leaf: &X509Certificate<'_>) -> HostCoverage {
    let sans = info::sans(leaf);
    let mut result = HostCoverage {
        host: host.typed.clone(),
        is_ip: host.ip.is_some(),
        covered: false,
        matched_by: None,
        near_miss: None,
    };
    let dns: Vec<&str> = sans
        .iter()
        .filter(|s| s.kind == SanKind::Dns)
        .map(|s| s.value.as_str())
        .collect();
    let names_present = sans
        .iter()
        .any(|s| matches!(s.kind, SanKind::Dns | SanKind::Ip));
    if let Some(ip) = host.ip {
        if let Some(san) = sans
            .iter()
            .find(|s| s.kind == SanKind::Ip && parse_ip(&s.value) == Some(ip))
        {
            result.covered = true;
            result.matched_by = Some(san.value.clone());
        } else if dns.iter().any(|d| parse_ip(d) == Some(ip)) {
            result.near_miss = Some("ipWrittenAsDns".into());
        }
    } else if let Some(san) = dns.iter().find(|d| dns_covers(d, &host.name)) {
        result.covered = true;
        result.matched_by = Some((*san).to_owned());
    } else if dns
        .iter()
        .any(|d| wildcard_problem(d).is_some() && loose_wildcard_match(d, &host.name))
    {
        result.near_miss = Some("invalidWildcard".into());
    } else if dns.iter().any(|d| {
        d.strip_prefix("*.").is_some_and(|rest| {
            host.name
                .ends_with(&format!(".{}", rest.to_ascii_lowercase()))
        })
    }) {
        result.near_miss = Some("wildcardOneLabelOnly".into());
    }
    if !result.covered
        && result.near_miss.is_none()
        && !names_present
        && info::common_name(leaf).is_some_and(|cn| {
            cn.trim_end_matches('.').eq_ignore_ascii_case(&host.name)
                || host.ip.is_some_and(|ip| parse_ip(&cn) == Some(ip))
        })
    {
        result.near_miss = Some("commonNameOnly".into());
    }
    result
}

/// The file name the console's bundle is saved as in the instructions.
pub const CONSOLE_CERT_FILE: &str = "console.cert";

fn instructions(hosts: &[HostName], leaf: &X509Certificate<'_>) -> Instructions {
    let oc_create_secret = format!(
        "oc create secret generic console-secret --from-file={CONSOLE_CERT_FILE}\n\
         oc volume dc/registry-console --add --type=secret --secret-name=console-secret -m /etc/cockpit/ws-certs.d"
    );
    let mut names: Vec<HostName> = hosts.to_vec();
    if names.is_empty() {
        // No host asked for: the names the certificate is for.
        names = info::sans(leaf)
            .iter()
            .filter(|s| matches!(s.kind, SanKind::Dns | SanKind::Ip))
            .filter(|s| !s.value.starts_with('*'))
            .filter_map(|s| HostName::parse(&s.value))
            .collect();
    }
    let mut dirs: Vec<String> = names.iter().map(HostName::certs_d_dir).collect();
    dirs.dedup();
    let certs_d = |root: &str| -> Vec<String> {
        dirs.iter()
            .map(|d| format!("sudo mkdir -p {root}/{d} && sudo cp ca.crt {root}/{d}/ca.crt"))
            .collect()
    };
    let docker_certs_d = certs_d("/etc/docker/certs.d");
    let podman_certs_d = certs_d("/etc/containers/certs.d");
    Instructions {
        oc_create_secret,
        docker_certs_d,
        podman_certs_d,
        additional_trusted_ca: additional_trusted_ca(&dirs),
        route_certificate: route_certificate(&names),
        quay_ssl: quay_ssl(),
    }
}

/// Shell lines that split the saved bundle (certificates, then the key) into a certificate
/// chain file and a key file.
fn split_bundle(cert_file: &str, key_file: &str) -> String {
    format!(
        "sed '/-BEGIN [A-Z ]*PRIVATE KEY-/,/-END [A-Z ]*PRIVATE KEY-/d' {CONSOLE_CERT_FILE} > {cert_file}\n\
         openssl pkey -in {CONSOLE_CERT_FILE} -out {key_file}"
    )
}

/// OpenShift 4.x: the cluster trusts `ca.crt` for each `host[:port]` (the config map's keys
/// write the port's colon as `..`, as `image.config.openshift.io` reads them).
fn additional_trusted_ca(dirs: &[String]) -> String {
    if dirs.is_empty() {
        return String::new();
    }
    let files: Vec<String> = dirs
        .iter()
        .map(|d| format!("--from-file={}=ca.crt", config_map_key(d)))
        .collect();
    format!(
        "oc create configmap registry-cas -n openshift-config {}\n\
         oc patch image.config.openshift.io/cluster --type=merge -p '{{\"spec\":{{\"additionalTrustedCA\":{{\"name\":\"registry-cas\"}}}}}}'",
        files.join(" ")
    )
}

/// A config map key for `host[:port]`: the port's colon as `..` (a key may not hold `:`), an
/// IPv6 address's brackets and colons the same way.
fn config_map_key(dir: &str) -> String {
    dir.replace(['[', ']'], "").replace(':', "..")
}

/// OpenShift 4.x: the integrated registry's route with this certificate, for the first host
/// that is not a cluster-internal service name (a placeholder when there is none).
fn route_certificate(names: &[HostName]) -> String {
    let host = names
        .iter()
        .filter(|h| h.ip.is_none())
        .map(|h| h.name.as_str())
        .find(|n| !n.ends_with(".svc") && !n.ends_with(".svc.cluster.local") && !n.contains('*'))
        .unwrap_or("<registry-host>");
    format!(
        "{}\n\
         oc create secret tls public-route-tls -n openshift-image-registry --cert=tls.crt --key=tls.key\n\
         oc patch configs.imageregistry.operator.openshift.io/cluster --type=merge -p '{{\"spec\":{{\"routes\":[{{\"name\":\"public-routes\",\"hostname\":\"{host}\",\"secretName\":\"public-route-tls\"}}]}}}}'",
        split_bundle("tls.crt", "tls.key")
    )
}

/// Red Hat Quay: `ssl.cert` (the chain) and `ssl.key` beside `config.yaml`, or in the Quay
/// Operator's config bundle secret.
fn quay_ssl() -> String {
    format!(
        "{}\n\
         oc create secret generic config-bundle-secret --from-file=config.yaml=./config.yaml --from-file=ssl.cert=./ssl.cert --from-file=ssl.key=./ssl.key",
        split_bundle("ssl.cert", "ssl.key")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcard_covers_exactly_one_label() {
        assert!(dns_covers(
            "*.apps.example.com",
            "registry.apps.example.com"
        ));
        assert!(dns_covers(
            "*.APPS.example.com.",
            "registry.apps.example.com"
        ));
        assert!(!dns_covers("*.apps.example.com", "a.b.apps.example.com"));
        assert!(!dns_covers("*.apps.example.com", "apps.example.com"));
        assert!(!dns_covers("*.apps.example.com", ".apps.example.com"));
        assert!(!dns_covers(
            "reg*.apps.example.com",
            "registry.apps.example.com"
        ));
        assert!(dns_covers(
            "docker-registry.default.svc",
            "docker-registry.default.svc"
        ));
        assert!(!dns_covers("*.", "a"));
    }

    #[test]
    fn wildcards_clients_refuse_are_named_and_cover_nothing() {
        for (san, problem) in [
            ("*.*.example.com", Some("severalWildcards")),
            ("a.*.example.com", Some("notLeftmost")),
            ("registry.*", Some("notLeftmost")),
            ("f*.example.com", Some("partialLabel")),
            ("*oo.example.com", Some("partialLabel")),
            ("f*o.example.com", Some("partialLabel")),
            ("*.com", Some("tooBroad")),
            ("*", Some("tooBroad")),
            ("*..com", Some("tooBroad")),
            ("*.example.com", None),
            ("*.apps.example.com.", None),
            ("registry.example.com", None),
        ] {
            assert_eq!(wildcard_problem(san), problem, "{san}");
        }
        assert!(!dns_covers("*.com", "example.com"));
        assert!(!dns_covers("*.*.example.com", "a.b.example.com"));
        assert!(!dns_covers("f*.example.com", "foo.example.com"));
        assert!(loose_wildcard_match("*.*.example.com", "a.b.example.com"));
        assert!(loose_wildcard_match("f*.example.com", "foo.example.com"));
        assert!(loose_wildcard_match("f*o.example.com", "fo.example.com"));
        assert!(!loose_wildcard_match("f*.example.com", "bar.example.com"));
        assert!(!loose_wildcard_match("*.*.example.com", "b.example.com"));
    }

    #[test]
    fn host_names_parse_with_ports_and_brackets() {
        let h = HostName::parse(" Registry.Example.com.:5000 ").unwrap();
        assert_eq!(
            (h.name.as_str(), h.port, h.ip),
            ("registry.example.com", Some(5000), None)
        );
        let h = HostName::parse("[2001:db8::1]:5000").unwrap();
        assert_eq!(h.ip, Some("2001:db8::1".parse().unwrap()));
        assert_eq!(h.certs_d_dir(), "[2001:db8::1]:5000");
        let h = HostName::parse("2001:db8::1").unwrap();
        assert_eq!(h.port, None);
        let h = HostName::parse("https://172.30.2.98:5000/v2/").unwrap();
        assert_eq!(h.certs_d_dir(), "172.30.2.98:5000");
        assert!(HostName::parse("  ").is_none());
        assert!(HostName::parse("host:notaport").is_none());
    }
}
