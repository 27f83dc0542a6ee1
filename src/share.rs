//! Share links: the playground state in a URL fragment, versioned and compact.
//!
//! A fragment is `v1.` followed by the URL-safe, unpadded Base64 of the raw-DEFLATE-compressed
//! JSON of the state. Native code compresses with `miniz_oxide` ([`encode`] and [`decode`] are
//! synchronous); the wasm leaves it to the browser's compression streams
//! (`crate::ui::deflate_stream`), so there they are `async`. Decoding never panics: a truncated, corrupt or future link is an error the
//! UI shows as a notice.
//!
//! Secret parameter-store values stay out of links and drafts unless the user asks:
//! [`without_secret_values`] drops them (the secret keeps its name, region and `secret` flag)
//! and [`fill_secrets_without_value`] gives them an empty value again when a state is opened,
//! naming the secrets that need one.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

/// The version prefix written by [`encode`].
pub const VERSION_PREFIX: &str = "v1.";

/// The largest decompressed state accepted, so a crafted link cannot exhaust memory.
pub const MAX_STATE_BYTES: usize = 1 << 20;

/// The DEFLATE level native code writes links with (the best compression: links stay short).
#[cfg(not(target_arch = "wasm32"))]
const LEVEL: u8 = 9;

/// Why a share fragment could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShareError {
    /// The fragment is empty.
    Empty,
    /// The fragment does not start with a version this build knows (`v1.`).
    UnknownVersion(String),
    /// The payload is not URL-safe Base64.
    NotBase64,
    /// The payload does not decompress (truncated or corrupt).
    NotCompressed,
    /// The payload decompresses to more than [`MAX_STATE_BYTES`] (refused before it is expanded).
    TooLarge,
    /// The decompressed payload is not the expected JSON.
    BadState(String),
    /// The browser cannot compress or decompress links (no `"deflate-raw"` compression streams).
    Unsupported,
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
            Self::TooLarge => write!(
                f,
                "the link's state is larger than the playground opens ({} KiB uncompressed), far beyond the API's limits",
                MAX_STATE_BYTES / 1024
            ),
            Self::BadState(e) => write!(f, "the link's state is not understood: {e}"),
            Self::Unsupported => write!(
                f,
                "this browser cannot compress or decompress links (it has no \"deflate-raw\" CompressionStream)"
            ),
        }
    }
}

impl std::error::Error for ShareError {}

/// The JSON a link holds.
fn json_of<T: Serialize>(state: &T) -> String {
    serde_json::to_string(state).unwrap_or_default()
}

/// A fragment holding these compressed bytes.
fn fragment_of(compressed: &[u8]) -> String {
    format!("{VERSION_PREFIX}{}", URL_SAFE_NO_PAD.encode(compressed))
}

/// The compressed bytes of a fragment (a leading `#` is ignored).
fn compressed_of(fragment: &str) -> Result<Vec<u8>, ShareError> {
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
    // Strict: no padding, no `+` or `/`, zero unused bits in the last symbol.
    URL_SAFE_NO_PAD
        .decode(payload)
        .map_err(|_| ShareError::NotBase64)
}

/// The state in a link's JSON, with the place of a problem (`now: invalid type: …`).
fn state_of<T: DeserializeOwned>(json: &[u8]) -> Result<T, ShareError> {
    let text = std::str::from_utf8(json)
        .map_err(|_| ShareError::BadState("it is not UTF-8 text".to_string()))?;
    let value: Value =
        serde_json::from_str(text).map_err(|e| ShareError::BadState(e.to_string()))?;
    crate::sim::json::read(&value, "").map_err(|e| ShareError::BadState(e.to_string()))
}

/// Encodes a state as a fragment (without the leading `#`).
#[cfg(not(target_arch = "wasm32"))]
pub fn encode<T: Serialize>(state: &T) -> String {
    let compressed = miniz_oxide::deflate::compress_to_vec(json_of(state).as_bytes(), LEVEL);
    fragment_of(&compressed)
}

/// Decodes a fragment made by [`encode`] (a leading `#` is ignored). A state of the wrong shape
/// is reported with the place of the problem (`now: invalid type: …`).
#[cfg(not(target_arch = "wasm32"))]
pub fn decode<T: DeserializeOwned>(fragment: &str) -> Result<T, ShareError> {
    let compressed = compressed_of(fragment)?;
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&compressed, MAX_STATE_BYTES)
        .map_err(|e| match e.status {
            miniz_oxide::inflate::TINFLStatus::HasMoreOutput => ShareError::TooLarge,
            _ => ShareError::NotCompressed,
        })?;
    state_of(&json)
}

/// Encodes a state as a fragment (without the leading `#`), compressed by the browser.
#[cfg(target_arch = "wasm32")]
pub async fn encode<T: Serialize>(state: &T) -> Result<String, ShareError> {
    let compressed = crate::ui::deflate_stream::deflate(json_of(state).as_bytes())
        .await
        .map_err(ShareError::from)?;
    Ok(fragment_of(&compressed))
}

/// Decodes a fragment (a leading `#` is ignored), decompressed by the browser. A state of the
/// wrong shape is reported with the place of the problem (`now: invalid type: …`).
#[cfg(target_arch = "wasm32")]
pub async fn decode<T: DeserializeOwned>(fragment: &str) -> Result<T, ShareError> {
    let compressed = compressed_of(fragment)?;
    let json = crate::ui::deflate_stream::inflate(&compressed, MAX_STATE_BYTES)
        .await
        .map_err(ShareError::from)?;
    state_of(&json)
}

#[cfg(target_arch = "wasm32")]
impl From<crate::ui::deflate_stream::StreamError> for ShareError {
    fn from(e: crate::ui::deflate_stream::StreamError) -> Self {
        use crate::ui::deflate_stream::StreamError;
        match e {
            StreamError::Unsupported => Self::Unsupported,
            StreamError::Corrupt => Self::NotCompressed,
            StreamError::TooLarge => Self::TooLarge,
        }
    }
}

/// The secret parameters of a world's parameter store.
fn secret_entries(world: &Value) -> impl Iterator<Item = &serde_json::Map<String, Value>> {
    world
        .get("parameterStore")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_object)
        .filter(|p| p.get("secret") == Some(&Value::Bool(true)))
}

/// Whether a world holds a value for any of its secret parameters.
pub fn has_secret_values(world: &Value) -> bool {
    secret_entries(world).any(|p| p.contains_key("value"))
}

/// The world without the values of its secret parameters (their names, regions and `secret`
/// flags stay), or `None` when it holds no secret value (nothing to leave out).
pub fn without_secret_values(world: &Value) -> Option<Value> {
    if !has_secret_values(world) {
        return None;
    }
    let mut world = world.clone();
    if let Some(store) = world
        .get_mut("parameterStore")
        .and_then(Value::as_array_mut)
    {
        for entry in store.iter_mut().filter_map(Value::as_object_mut) {
            if entry.get("secret") == Some(&Value::Bool(true)) {
                entry.remove("value");
            }
        }
    }
    Some(world)
}

/// Gives each secret parameter without a value an empty one (so the world reads again) and
/// returns their names as `name (region)`, in store order.
pub fn fill_secrets_without_value(world: &mut Value) -> Vec<String> {
    let mut named = Vec::new();
    if let Some(store) = world
        .get_mut("parameterStore")
        .and_then(Value::as_array_mut)
    {
        for entry in store.iter_mut().filter_map(Value::as_object_mut) {
            if entry.get("secret") == Some(&Value::Bool(true)) && !entry.contains_key("value") {
                entry.insert("value".into(), Value::String(String::new()));
                let text = |key: &str| entry.get(key).and_then(Value::as_str).unwrap_or("?");
                named.push(format!("{} ({})", text("name"), text("regionId")));
            }
        }
    }
    named
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

    /// Links made by earlier builds still open: two written by `miniz_oxide` (one with
    /// dynamic-code blocks, one of a repetitive script) and one by the build before this one,
    /// which had its own DEFLATE encoder.
    #[test]
    fn opens_links_made_by_earlier_builds() {
        let script = "echo 你好 {{name}}\necho 你好 {{name}} again";
        for (link, tab, content) in [
            ("v1.bcsxDsIwEETRq0RTJxKhTJsqLS1QbJyVbQmvAdsNlu9CwzFyG7gHpqPIlE_zM-58SxwihozRO0eyjF4iSxWwMr55r8_Pa21yFnJcykm2tCFNVtBikhBJFE8LhiNsN1972v2vr6cN3uPc4sDaevmlUNIZEv0wPqG0iDRXDMrwki6M8gU", "schedule", script.to_string()),
            ("v1.q1YqSi0sTS0uUbKqVnLOz81NzEtxzs8rSc0DiiilJmfkKzzZu-Dp0r0K1dV5ibmptbUxedhEFRLTEzPzYvKUFfWTMvP0kxKLM2Ly0vKLFDIVMvMUDBWMFIytFVLyFcB6Y5RUMmOUQPy8VCUdJc-84pLEvORUzxQlq2ilTN2kAsNEA2RgCFSERdhIKVZHKSg1PTM_D6RVKTlPNyMxL70qI79UqVZHqSQxCShYnl-Uk6JUCwA", "world", format!("{script}\n#!/bin/bash\nfor i in 1 2 3; do echo \"$i\"; done")),
        ] {
            let state: State = decode(link).unwrap();
            assert_eq!(state.tab, tab);
            assert_eq!(state.request["CommandContent"], content.as_str());
            assert_eq!(state.request["InstanceId"][1], "i-bp1a00000000000002");
        }
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
        assert_eq!(
            decode::<State>(&not_state),
            Err(ShareError::BadState("missing field `request`".into()))
        );
        // A stored DEFLATE block holding the bytes FF FE.
        assert_eq!(
            decode::<State>("v1.AQIA_f___g"),
            Err(ShareError::BadState("it is not UTF-8 text".into()))
        );
        let wrong_tab = encode(&serde_json::json!({"request": {}, "tab": 5}));
        assert_eq!(
            decode::<State>(&wrong_tab),
            Err(ShareError::BadState(
                "tab: invalid type: integer `5`, expected a string".into()
            ))
        );
    }

    /// The payload is strict URL-safe Base64: no padding, no `+` or `/`, no white space, zero
    /// unused bits in the last symbol.
    #[test]
    fn refuses_a_payload_that_is_not_strict_url_safe_base64() {
        let good = encode(&sample());
        let payload = &good[VERSION_PREFIX.len()..];
        assert!(decode::<State>(&good).is_ok());
        let standard = payload.replace('-', "+").replace('_', "/");
        let (head, tail) = payload.split_at(payload.len() / 2);
        for bad in [
            format!("{payload}="),
            format!("{payload}=="),
            format!("{head} {tail}"),
            format!("{head}={tail}"),
        ] {
            assert_eq!(
                decode::<State>(&format!("v1.{bad}")),
                Err(ShareError::NotBase64),
                "{bad}"
            );
        }
        if standard != payload {
            assert_eq!(
                decode::<State>(&format!("v1.{standard}")),
                Err(ShareError::NotBase64)
            );
        }
        // `AB` holds one byte and 4 unused bits, which must be zero (`AA` is canonical).
        assert_eq!(decode::<State>("v1.AB"), Err(ShareError::NotBase64));
        assert_eq!(decode::<State>("v1.AA"), Err(ShareError::NotCompressed));
    }

    /// A small link that inflates beyond [`MAX_STATE_BYTES`] is refused, not expanded.
    #[test]
    fn refuses_a_state_that_inflates_too_far() {
        let bomb = State {
            request: serde_json::json!({"CommandContent": "x".repeat(MAX_STATE_BYTES + 1)}),
            tab: "x".into(),
        };
        let link = encode(&bomb);
        assert!(link.len() < 10_000, "{}", link.len());
        assert_eq!(decode::<State>(&link), Err(ShareError::TooLarge));
    }

    fn world_with_secrets() -> Value {
        serde_json::json!({"accountId": "1", "parameterStore": [
            {"name": "db-host", "regionId": "cn-hangzhou", "value": "10.0.0.5"},
            {"name": "db-password", "regionId": "cn-hangzhou", "value": "S3cr3t", "secret": true},
            {"name": "plain-flagged", "regionId": "cn-hangzhou", "value": "p", "secret": false},
            {"name": "win-pw", "regionId": "cn-shanghai", "value": "W1n", "secret": true}
        ]})
    }

    /// Secret values are left out, everything else stays; opening the state names the
    /// secrets that need a value and the world reads again.
    #[test]
    fn leaves_secret_values_out_and_names_them_on_opening() {
        let world = world_with_secrets();
        assert!(has_secret_values(&world));
        let Some(stripped) = without_secret_values(&world) else {
            panic!("the world holds secret values")
        };
        let text = stripped.to_string();
        assert!(!text.contains("S3cr3t") && !text.contains("W1n"), "{text}");
        assert!(
            text.contains("db-password") && text.contains("10.0.0.5") && text.contains("\"p\"")
        );
        assert!(!has_secret_values(&stripped));
        assert_eq!(
            without_secret_values(&stripped),
            None,
            "nothing left to strip"
        );
        // Through a link and back.
        let mut opened: Value = decode(&encode(&stripped)).unwrap();
        assert_eq!(
            fill_secrets_without_value(&mut opened),
            ["db-password (cn-hangzhou)", "win-pw (cn-shanghai)"]
        );
        assert_eq!(opened["parameterStore"][1]["value"], "");
        assert_eq!(opened["parameterStore"][0]["value"], "10.0.0.5");
        // A world that kept its values (the user asked) needs nothing.
        let mut kept = world.clone();
        assert!(fill_secrets_without_value(&mut kept).is_empty());
        assert_eq!(kept, world);
    }

    /// Worlds of any shape pass through untouched (the world checker reports their problems).
    #[test]
    fn odd_worlds_pass_through() {
        for odd in [
            serde_json::json!(null),
            serde_json::json!(5),
            serde_json::json!({"parameterStore": 5}),
            serde_json::json!({"parameterStore": [1, "x", {"secret": "yes", "value": "v"}]}),
        ] {
            assert_eq!(without_secret_values(&odd), None, "{odd}");
            let mut copy = odd.clone();
            assert!(fill_secrets_without_value(&mut copy).is_empty());
            assert_eq!(copy, odd);
        }
    }

    /// The default world's secrets are left out of a link made after a world edit.
    #[test]
    fn the_default_worlds_secrets_are_left_out() {
        let world = crate::api::default_world();
        let link = encode(&without_secret_values(&world).unwrap_or(world));
        let mut opened: Value = decode(&link).unwrap();
        assert!(!opened.to_string().contains("S3cr3t-Pa55w0rd"));
        assert!(!opened.to_string().contains("W1n-Depl0y!"));
        assert_eq!(
            fill_secrets_without_value(&mut opened),
            [
                "db-password (cn-hangzhou)",
                "win-deploy-password (cn-hangzhou)"
            ]
        );
        assert!(crate::sim::world::World::from_json(&opened.to_string()).is_ok());
    }
}
