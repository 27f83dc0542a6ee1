//! One way into typed values: every typed read goes through serde_json's text parser, so the wasm
//! carries one deserializer per type instead of two (text and `Value`).

use serde::de::DeserializeOwned;
use serde_json::Value;
use std::fmt;

/// Why a JSON value is not the expected type, e.g. "invalid type: integer `5`, expected a string".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeMismatch(String);

impl fmt::Display for TypeMismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// `value` read as a `T`, as `serde_json::from_value` would, but through the text parser. The
/// message has no "at line 1 column N": that position is in a text the user never saw.
pub fn from_value<T: DeserializeOwned>(value: &Value) -> Result<T, TypeMismatch> {
    serde_json::from_str(&value.to_string()).map_err(|e| {
        let message = e.to_string();
        let end = message.rfind(" at line ").unwrap_or(message.len());
        TypeMismatch(message[..end].to_string())
    })
}

/// "`place`: expected `what`, found …", the message of the hand-written readers
/// (`world_read`, `request_read`) when a value has the wrong type.
pub fn mismatch(place: &str, what: &str, found: &Value) -> String {
    let found = match found {
        Value::Null => "null".to_string(),
        Value::Bool(b) => format!("{b}"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) => format!("{:?}", s.as_str()),
        Value::Array(_) => "a list".to_string(),
        Value::Object(_) => "an object".to_string(),
    };
    format!("{place}: expected {what}, found {found}")
}

/// The string `value`, or the [`mismatch`] message at the place `place` names (written only for
/// the message: readers run for every field of every keystroke's request).
pub fn string_at(value: &Value, place: impl FnOnce() -> String) -> Result<String, String> {
    value
        .as_str()
        .map(str::to_string)
        .ok_or_else(|| mismatch(&place(), "a string", value))
}

/// `value` as `serde_json::to_string_pretty` writes it (two-space indents), through the compact
/// writer: the pretty writer would be a second copy of serde_json's serializer in the wasm.
pub fn pretty(value: &Value) -> String {
    let mut out = String::new();
    write_pretty(value, 0, &mut out);
    out
}

fn write_pretty(value: &Value, depth: usize, out: &mut String) {
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        for _ in 0..depth {
            out.push_str("  ");
        }
    };
    match value {
        Value::Array(items) if !items.is_empty() => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, depth + 1);
                write_pretty(item, depth + 1, out);
            }
            newline(out, depth);
            out.push(']');
        }
        Value::Object(map) if !map.is_empty() => {
            out.push('{');
            for (i, (key, item)) in map.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, depth + 1);
                out.push_str(&Value::from(key.as_str()).to_string());
                out.push_str(": ");
                write_pretty(item, depth + 1, out);
            }
            newline(out, depth);
            out.push('}');
        }
        // Scalars, `[]` and `{}` are written the same way by both writers.
        _ => out.push_str(&value.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn pretty_writes_what_serde_json_writes() {
        let values = [
            json!(null),
            json!([]),
            json!({}),
            json!({"a": [1, 2.5, -3, "x\"y\n", true, null, [], {}], "b": {"c": {"d": []}}, "é": "你好"}),
            serde_json::from_str(crate::sim::world::DEFAULT_WORLD_JSON).unwrap(),
        ];
        for value in values {
            assert_eq!(
                pretty(&value),
                serde_json::to_string_pretty(&value).unwrap()
            );
        }
    }

    #[test]
    fn reads_like_from_value_and_reports_without_a_position() {
        let ok: Vec<String> = from_value(&json!(["a", "b"])).unwrap();
        assert_eq!(ok, ["a", "b"]);
        let err = from_value::<Vec<String>>(&json!(["a", 5])).unwrap_err();
        let direct = serde_json::from_value::<Vec<String>>(json!(["a", 5])).unwrap_err();
        assert_eq!(err.to_string(), direct.to_string());
        assert_eq!(
            err.to_string(),
            "invalid type: integer `5`, expected a string"
        );
    }
}
