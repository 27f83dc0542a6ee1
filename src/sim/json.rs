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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

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
