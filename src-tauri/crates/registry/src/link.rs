//! `Link` headers (RFC 8288) as registries use them for paging:
//! `Link: </v2/_catalog?last=b&n=100>; rel="next"`. The target may be relative (the
//! distribution registry) or absolute (some proxies); it is resolved against the page's URL.

use url::Url;

/// The target of the `rel="next"` link in one or more `Link` header values, unresolved.
pub fn next_target<'a>(values: impl IntoIterator<Item = &'a str>) -> Option<String> {
    for value in values {
        let mut rest = value;
        while let Some(start) = rest.find('<') {
            let after = &rest[start + 1..];
            let end = after.find('>')?;
            let target = &after[..end];
            let params_end = after[end..].find('<').map_or(after.len(), |i| end + i);
            let params = &after[end + 1..params_end];
            let is_next = params.split(';').any(|p| {
                let p = p.trim().trim_end_matches(',').trim();
                let Some((name, value)) = p.split_once('=') else {
                    return false;
                };
                name.trim().eq_ignore_ascii_case("rel")
                    && value
                        .trim()
                        .trim_matches('"')
                        .split_whitespace()
                        .any(|r| r.eq_ignore_ascii_case("next"))
            });
            if is_next {
                return Some(target.trim().to_owned());
            }
            rest = &after[params_end..];
        }
    }
    None
}

/// Resolves a link target against the current page's URL.
pub fn resolve(current: &Url, target: &str) -> Option<Url> {
    current.join(target).ok()
}

/// True when both URLs have the same scheme, host and port: paging never leaves the registry.
pub fn same_origin(a: &Url, b: &Url) -> bool {
    a.scheme() == b.scheme()
        && a.host_str() == b.host_str()
        && a.port_or_known_default() == b.port_or_known_default()
}

/// The `last` query parameter of a paging URL.
pub fn last_param(url: &Url) -> Option<String> {
    url.query_pairs()
        .find(|(k, _)| k == "last")
        .map(|(_, v)| v.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_distribution_registrys_relative_next_link() {
        assert_eq!(
            next_target([r#"</v2/_catalog?last=fill%2Frepo-0099&n=100>; rel="next""#]),
            Some("/v2/_catalog?last=fill%2Frepo-0099&n=100".into())
        );
    }

    #[test]
    fn picks_next_among_several_links_and_unquoted_rel() {
        assert_eq!(
            next_target([
                r#"<https://r.example/v2/_catalog?last=a>; rel="prev", <https://r.example/v2/_catalog?last=z>; rel=next"#
            ]),
            Some("https://r.example/v2/_catalog?last=z".into())
        );
        assert_eq!(
            next_target(["<a>; rel=\"prev\"", "<b>; title=\"x\"; rel=\"next last\""]),
            Some("b".into())
        );
        assert_eq!(next_target([r#"</x>; rel="prev""#]), None);
        assert_eq!(next_target(["garbage"]), None);
    }

    #[test]
    fn resolves_relative_and_checks_origin() {
        let page = Url::parse("http://127.0.0.1:5000/v2/_catalog?n=1000").unwrap();
        let next = resolve(&page, "/v2/_catalog?last=b&n=1000").unwrap();
        assert_eq!(
            next.as_str(),
            "http://127.0.0.1:5000/v2/_catalog?last=b&n=1000"
        );
        assert!(same_origin(&page, &next));
        assert_eq!(last_param(&next).as_deref(), Some("b"));
        let elsewhere = resolve(&page, "http://127.0.0.1:5001/v2/_catalog").unwrap();
        assert!(!same_origin(&page, &elsewhere));
        let https = Url::parse("https://r.example/v2/").unwrap();
        assert!(same_origin(
            &https,
            &Url::parse("https://r.example:443/x").unwrap()
        ));
    }
}
