//! Tag order as an admin reads it: `latest` first, then versions and dates newest first by
//! their numbers (`1.10.0` above `1.2.0`, a release above its `-rc`), then other names
//! alphabetically. Registries return tags in storage order, which is neither.

use std::cmp::Ordering;

/// A tag's numeric segments (`v1.10.0` → `[1, 10, 0]`) and what follows them (`rc.1`), or
/// None when it does not start like a version or a date.
fn version_key(tag: &str) -> Option<(Vec<u64>, &str)> {
    let s = match tag.strip_prefix(['v', 'V']) {
        Some(rest) if rest.starts_with(|c: char| c.is_ascii_digit()) => rest,
        _ => tag,
    };
    if !s.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let mut numbers = Vec::new();
    let mut rest = s;
    loop {
        let end = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        if end == 0 {
            break;
        }
        numbers.push(rest[..end].parse::<u64>().unwrap_or(u64::MAX));
        rest = &rest[end..];
        match rest.chars().next() {
            Some('.' | '-' | '_') if rest[1..].starts_with(|c: char| c.is_ascii_digit()) => {
                rest = &rest[1..];
            }
            _ => break,
        }
    }
    let suffix = rest.trim_start_matches(['.', '-', '_', '+']);
    Some((numbers, suffix))
}

fn compare_numbers(a: &[u64], b: &[u64]) -> Ordering {
    let len = a.len().max(b.len());
    (0..len)
        .map(|i| {
            a.get(i)
                .copied()
                .unwrap_or(0)
                .cmp(&b.get(i).copied().unwrap_or(0))
        })
        .find(|o| o.is_ne())
        .unwrap_or(Ordering::Equal)
}

/// The display order of two tags (see the module docs).
pub fn compare(a: &str, b: &str) -> Ordering {
    let rank = |t: &str| match (t == "latest", version_key(t)) {
        (true, _) => 0,
        (false, Some(_)) => 1,
        (false, None) => 2,
    };
    rank(a).cmp(&rank(b)).then_with(|| {
        match (version_key(a), version_key(b)) {
            (Some((na, sa)), Some((nb, sb))) => compare_numbers(&nb, &na)
                // A release sorts above its pre-releases: `2.0.0` before `2.0.0-rc.1`.
                .then_with(|| sa.is_empty().cmp(&sb.is_empty()).reverse())
                .then_with(|| sb.cmp(sa))
                .then_with(|| a.cmp(b)),
            _ => a.cmp(b),
        }
    })
}

/// Sorts tags in display order.
pub fn sort(tags: &mut [String]) {
    tags.sort_by(|a, b| compare(a, b));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(tags: &[&str]) -> Vec<String> {
        let mut v: Vec<String> = tags.iter().map(|t| (*t).to_owned()).collect();
        sort(&mut v);
        v
    }

    #[test]
    fn latest_first_then_versions_by_number_descending_then_names() {
        assert_eq!(
            sorted(&[
                "1.0.0",
                "1.2.0",
                "1.10.0",
                "latest",
                "2024-01-05",
                "2.0.0-rc.1",
                "stable",
                "0.9.1",
                "edge",
            ]),
            [
                "latest",
                "2024-01-05",
                "2.0.0-rc.1",
                "1.10.0",
                "1.2.0",
                "1.0.0",
                "0.9.1",
                "edge",
                "stable",
            ]
        );
    }

    #[test]
    fn v_prefix_short_versions_and_release_above_its_release_candidate() {
        assert_eq!(
            sorted(&["v1.2", "v1.10.0", "1.36", "2.0.0-rc.1", "2.0.0", "v8"]),
            ["v8", "2.0.0", "2.0.0-rc.1", "1.36", "v1.10.0", "v1.2"]
        );
    }

    #[test]
    fn names_that_only_look_numeric_later_are_names() {
        assert_eq!(sorted(&["sha-abc", "main", "3"]), ["3", "main", "sha-abc"]);
        assert_eq!(version_key("vnext"), None);
        assert_eq!(version_key("2024-01-05"), Some((vec![2024, 1, 5], "")));
    }
}
