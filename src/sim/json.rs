//! Typed reads of parsed JSON through serde's derive, with messages that name the place of a
//! problem (`world.instances[2].status: unknown variant …`). Typed values are read from a parsed
//! [`Value`] only, so the wasm holds one reader per type.

use serde::de::DeserializeOwned;
use serde_json::Value;
use std::fmt;

/// Why a JSON value is not of the expected shape: where, and what serde found there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShapeError {
    /// The place, e.g. `world.instances[2].status` (the root's own name for the whole value).
    pub place: String,
    /// serde's message, e.g. "invalid type: integer `5`, expected a string".
    pub message: String,
}

impl fmt::Display for ShapeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.place.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.place, self.message)
        }
    }
}

impl std::error::Error for ShapeError {}

/// `value` read as a `T`; an error names the place under `root` (`root` may be empty).
pub fn read<T: DeserializeOwned>(value: &Value, root: &str) -> Result<T, ShapeError> {
    serde_path_to_error::deserialize(value).map_err(|e| shape_error(e, root))
}

fn shape_error(error: serde_path_to_error::Error<serde_json::Error>, root: &str) -> ShapeError {
    let path = error.path().to_string();
    let place = match (root, path.as_str()) {
        (root, ".") => root.to_string(),
        ("", path) => path.to_string(),
        (root, path) => format!("{root}.{path}"),
    };
    ShapeError {
        place,
        message: error.into_inner().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Outer {
        items: Vec<Inner>,
    }

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Inner {
        name: String,
    }

    #[test]
    fn reads_and_names_the_place() {
        let ok: Outer = read(&json!({"items": [{"name": "a"}]}), "outer").unwrap();
        assert_eq!(ok.items[0].name, "a");
        let err =
            read::<Outer>(&json!({"items": [{"name": "a"}, {"name": 5}]}), "outer").unwrap_err();
        assert_eq!(err.place, "outer.items[1].name");
        assert_eq!(
            err.to_string(),
            "outer.items[1].name: invalid type: integer `5`, expected a string"
        );
        let err = read::<Outer>(&json!([]), "outer").unwrap_err();
        assert_eq!(err.place, "outer");
        let err = read::<Outer>(&json!({"items": 1}), "").unwrap_err();
        assert_eq!(err.place, "items");
        assert!(!err.to_string().contains("line"), "no position: {err}");
    }
}
