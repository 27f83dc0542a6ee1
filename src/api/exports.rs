//! [`super::exports`] and [`super::default_world`].
//!
//! Besides the compact forms (`json`, `query`, `cli`) the exports carry readable ones:
//! `jsonPretty` (indented), `cliLines` (one parameter per line, joined with ` \`) and
//! `queryFull` (with the common parameters `Action`, `Version`, `Format`…, unsigned).

use serde_json::{json, Value};

use super::input;
use super::snippets::{snippet, Language};
use crate::sim::cli_quote::{aliyun_cli, aliyun_cli_joined};
use crate::sim::request::RunCommandRequest;
use crate::sim::wire::{percent_encode, to_query};
use crate::sim::world::DEFAULT_WORLD_JSON;

/// Parses and answers [`super::exports`].
pub(crate) fn exports_value(request: &Value) -> Value {
    let req = match input::request(request) {
        Ok(r) => r,
        Err(e) => return e.answer(),
    };
    let normalised = serde_json::to_value(&req).unwrap_or_else(|_| json!({}));
    json!({
        "ok": true,
        "json": req.to_json(),
        "query": to_query(&req),
        "cli": aliyun_cli(&req),
        "python": snippet(Language::Python, &normalised),
        "go": snippet(Language::Go, &normalised),
        "java": snippet(Language::Java, &normalised),
        "nodejs": snippet(Language::NodeJs, &normalised),
        "jsonPretty": serde_json::to_string_pretty(&req).unwrap_or_default(),
        "cliLines": cli_lines(&req),
        "queryFull": full_query(&req),
    })
}

/// The RPC common parameters of an ECS call, before the signer's own (`AccessKeyId`,
/// `Timestamp`, `SignatureNonce`, `Signature`).
const COMMON_PARAMETERS: [(&str, &str); 5] = [
    ("Action", "RunCommand"),
    ("Version", "2014-05-26"),
    ("Format", "JSON"),
    ("SignatureMethod", "HMAC-SHA1"),
    ("SignatureVersion", "1.0"),
];

/// The `aliyun` command with one parameter per line, each line but the last ending in ` \`.
fn cli_lines(req: &RunCommandRequest) -> String {
    aliyun_cli_joined(req, " \\\n  ")
}

/// The wire query with the common parameters first, as a signer receives it.
fn full_query(req: &RunCommandRequest) -> String {
    let common = COMMON_PARAMETERS
        .iter()
        .map(|(k, v)| format!("{k}={}", percent_encode(v)));
    let business = to_query(req);
    common
        .chain((!business.is_empty()).then_some(business))
        .collect::<Vec<_>>()
        .join("&")
}

/// The embedded default world as world JSON: `world_default.json` as written (fields at their
/// default left out), which reads as [`crate::sim::world::World::default_world`]. Parsing the text instead of
/// writing the typed world keeps the world's serializer out of the wasm (about 2 KB gzipped).
pub(crate) fn default_world_value() -> Value {
    serde_json::from_str(DEFAULT_WORLD_JSON).unwrap_or(Value::Null)
}

#[cfg(test)]
mod tests {
    use super::exports_value;
    use serde_json::{json, Value};

    #[test]
    fn readable_exports_hold_the_same_request() {
        let request = json!({"RegionId": "cn-hangzhou", "Type": "RunShellScript",
                             "CommandContent": "echo 'hi'", "InstanceId": ["i-1", "i-2"]});
        let e = exports_value(&request);
        let pretty = e["jsonPretty"].as_str().unwrap();
        assert!(
            pretty.contains("\n  \"RegionId\": \"cn-hangzhou\""),
            "{pretty}"
        );
        let compact: Value = serde_json::from_str(e["json"].as_str().unwrap()).unwrap();
        assert_eq!(serde_json::from_str::<Value>(pretty).unwrap(), compact);

        let lines = e["cliLines"].as_str().unwrap();
        assert_eq!(
            lines,
            r#"aliyun ecs RunCommand \
  --RegionId cn-hangzhou \
  --Type RunShellScript \
  --CommandContent 'echo '\''hi'\''' \
  --InstanceId.1 i-1 \
  --InstanceId.2 i-2"#
        );
        // The one-line command once the continuations are joined.
        assert_eq!(lines.replace(" \\\n  ", " "), e["cli"].as_str().unwrap());

        let query = e["queryFull"].as_str().unwrap();
        assert!(query.starts_with(
            "Action=RunCommand&Version=2014-05-26&Format=JSON&SignatureMethod=HMAC-SHA1&SignatureVersion=1.0&"
        ));
        assert!(query.ends_with(e["query"].as_str().unwrap()));
        assert!(!query.contains("Signature="));
    }
}
