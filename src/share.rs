//! Share links: the playground state in a URL fragment, versioned and compact.
//!
//! A fragment is `v1.` followed by the URL-safe, unpadded Base64 of the raw-DEFLATE-compressed
//! JSON of the state. Decoding never panics: a truncated, corrupt or future link is an error the
//! UI shows as a notice.

use crate::sim::{base64, deflate};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// The version prefix written by [`encode`].
pub const VERSION_PREFIX: &str = "v1.";

/// The largest decompressed state accepted, so a crafted link cannot exhaust memory.
pub const MAX_STATE_BYTES: usize = 1 << 20;

/// Why a share fragment could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShareError {
    /// The fragment is empty.
    Empty,
    /// The fragment does not start with a version this build knows (`v1.`).
    UnknownVersion(String),
    /// The payload is not URL-safe Base64.
    NotBase64,
    /// The payload does not decompress (truncated or corrupt), or is too large.
    NotCompressed,
    /// The decompressed payload is not the expected JSON.
    BadState(String),
}

impl std::fmt::Display for ShareError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Empty => write!(f, "the link holds no playground state"),
            Self::UnknownVersion(v) => write!(
                f,
                "the link was made by another version of the playground (`{v}`), which this one cannot read"
            ),
            Self::NotBase64 => write!(f, "the link is damaged (its state is not valid Base64)"),
            Self::NotCompressed => write!(f, "the link is damaged or truncated (its state does not decompress)"),
            Self::BadState(e) => write!(f, "the link's state is not understood: {e}"),
        }
    }
}

impl std::error::Error for ShareError {}

/// Encodes a state as a fragment (without the leading `#`).
pub fn encode<T: Serialize>(state: &T) -> String {
    let json = serde_json::to_string(state).unwrap_or_default();
    let compressed = deflate::deflate(json.as_bytes());
    format!("{VERSION_PREFIX}{}", base64::encode_url(compressed))
}

/// Decodes a fragment made by [`encode`] (a leading `#` is ignored).
pub fn decode<T: DeserializeOwned>(fragment: &str) -> Result<T, ShareError> {
    let value = decode_value(fragment)?;
    crate::sim::json::from_value(&value).map_err(|e| ShareError::BadState(e.to_string()))
}

/// [`decode`] up to the parsed JSON, for a state read by hand.
pub fn decode_value(fragment: &str) -> Result<serde_json::Value, ShareError> {
    let fragment = fragment.trim().trim_start_matches('#');
    if fragment.is_empty() {
        return Err(ShareError::Empty);
    }
    let Some(payload) = fragment.strip_prefix(VERSION_PREFIX) else {
        let version = fragment.split('.').next().unwrap_or_default();
        return Err(ShareError::UnknownVersion(
            version.chars().take(16).collect(),
        ));
    };
    let compressed = base64::decode_url(payload).map_err(|_| ShareError::NotBase64)?;
    let json =
        deflate::inflate(&compressed, MAX_STATE_BYTES).map_err(|_| ShareError::NotCompressed)?;
    // `from_str` as everywhere else: one copy of the JSON parser in the wasm, not two.
    let json = String::from_utf8(json)
        .map_err(|_| ShareError::BadState("the state is not UTF-8 text".to_string()))?;
    serde_json::from_str(&json).map_err(|e| ShareError::BadState(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct State {
        request: serde_json::Value,
        tab: String,
    }

    fn sample() -> State {
        State {
            request: serde_json::json!({"RegionId": "cn-hangzhou", "CommandContent": "echo 你好 {{name}}"}),
            tab: "schedule".into(),
        }
    }

    #[test]
    fn round_trips_and_is_url_safe() {
        let fragment = encode(&sample());
        assert!(fragment.starts_with("v1."));
        assert!(fragment
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c)));
        assert_eq!(decode::<State>(&fragment).unwrap(), sample());
        assert_eq!(decode::<State>(&format!("#{fragment}")).unwrap(), sample());
    }

    /// Links made before `sim::deflate` (by `miniz_oxide` at level 9, with dynamic-code blocks)
    /// still open.
    #[test]
    fn opens_links_made_by_earlier_builds() {
        let small = "v1.bcsxDsIwEETRq0RTJxKhTJsqLS1QbJyVbQmvAdsNlu9CwzFyG7gHpqPIlE_zM-58SxwihozRO0eyjF4iSxWwMr55r8_Pa21yFnJcykm2tCFNVtBikhBJFE8LhiNsN1972v2vr6cN3uPc4sDaevmlUNIZEv0wPqG0iDRXDMrwki6M8gU";
        let state: State = decode(small).unwrap();
        assert_eq!(state.tab, "schedule");
        assert_eq!(
            state.request["CommandContent"],
            "echo 你好 {{name}}\necho 你好 {{name}} again"
        );
        assert_eq!(state.request["InstanceId"][1], "i-bp1a00000000000002");
        let repetitive = "v1.7daxDYAgEIXhVcyrncCWNWxQL6GAu6hnYkLYHXagfd2Xf4K_4pH7k9exVQQrJeoVTF10FMiZbEmSs-1K0zRN0zRNzxtthcdjnNaP1gE";
        let state: State = decode(repetitive).unwrap();
        assert_eq!(state.request["CommandContent"], "echo hello\n".repeat(200));
    }

    #[test]
    fn compresses_repetitive_state() {
        let big = State {
            request: serde_json::json!({"CommandContent": "echo hello\n".repeat(200)}),
            tab: "x".into(),
        };
        let json_len = serde_json::to_string(&big).unwrap().len();
        assert!(
            encode(&big).len() * 10 < json_len,
            "a repetitive script compresses well"
        );
    }

    #[test]
    fn reports_each_kind_of_bad_link() {
        assert_eq!(decode::<State>(""), Err(ShareError::Empty));
        assert_eq!(
            decode::<State>("#v0.abc"),
            Err(ShareError::UnknownVersion("v0".into()))
        );
        assert_eq!(decode::<State>("v1.***"), Err(ShareError::NotBase64));
        let good = encode(&sample());
        // Cut to a Base64 length that can be complete (never 1 more than a multiple of 4).
        let mut cut = good.len() / 2;
        if (cut - VERSION_PREFIX.len()) % 4 == 1 {
            cut -= 1;
        }
        assert_eq!(
            decode::<State>(&good[..cut]),
            Err(ShareError::NotCompressed)
        );
        let not_state = encode(&serde_json::json!({"other": 1}));
        assert!(matches!(
            decode::<State>(&not_state),
            Err(ShareError::BadState(_))
        ));
    }
}
