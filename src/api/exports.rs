//! [`super::exports`] and [`super::default_world`].

use serde_json::{json, Value};

use super::input;
use super::snippets::{snippet, Language};
use crate::sim::cli_quote::aliyun_cli;
use crate::sim::wire::to_query;
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
    })
}

/// The embedded default world as world JSON: `world_default.json` as written (fields at their
/// default left out), which reads as [`crate::sim::world::World::default_world`]. Parsing the text instead of
/// writing the typed world keeps the world's serializer out of the wasm (about 2 KB gzipped).
pub(crate) fn default_world_value() -> Value {
    serde_json::from_str(DEFAULT_WORLD_JSON).unwrap_or(Value::Null)
}
