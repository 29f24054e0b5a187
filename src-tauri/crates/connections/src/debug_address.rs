//! The registry debug server's address per connection (`http.debug.addr` of the distribution
//! registry), given on the Health tab: where `/debug/health` and `/metrics` are read.
//!
//! Kept beside the connections rather than in them, like the recent repositories: it is
//! optional, set from another screen than the connection form, and read leniently, so a
//! hand-edited value that is not a string, is empty or too long is dropped on reading and
//! never makes the whole file (with its connections) "corrupt". Whether it is a usable
//! address is checked by the console before it is saved (`health::probe`).

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer};

/// The longest address kept.
pub const MAX_DEBUG_ADDRESS_LEN: usize = 300;

/// Debug addresses per connection id.
pub type DebugAddresses = BTreeMap<String, String>;

/// Reads the map, keeping only non-empty string addresses of a sane length.
pub(crate) fn lenient<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<DebugAddresses, D::Error> {
    let value = serde_json::Value::deserialize(deserializer)?;
    let serde_json::Value::Object(map) = value else {
        return Ok(DebugAddresses::new());
    };
    Ok(map
        .iter()
        .filter_map(|(id, address)| {
            let address = address.as_str()?.trim();
            (!id.is_empty() && !address.is_empty() && address.len() <= MAX_DEBUG_ADDRESS_LEN)
                .then(|| (id.clone(), address.to_owned()))
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hand_edited_map_keeps_only_plausible_addresses() {
        let json = serde_json::json!({
            "a": "127.0.0.1:5001",
            "b": 5,
            "c": "",
            "d": "x".repeat(MAX_DEBUG_ADDRESS_LEN + 1),
        });
        let kept = lenient(json).unwrap();
        assert_eq!(kept.len(), 1);
        assert_eq!(kept["a"], "127.0.0.1:5001");
        assert!(lenient(serde_json::json!([1, 2])).unwrap().is_empty());
    }
}
