//! Typed reads of parsed JSON through serde's derive, with messages that name the place of a
//! problem (`world.instances[2].status: unknown variant …`).

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

/// The JSON `text` read as a `T` in one pass (no intermediate [`Value`]); an error names the
/// place under `root` and, as the text is the user's, its line and column.
pub fn read_text<T: DeserializeOwned>(text: &str, root: &str) -> Result<T, ShapeError> {
    let mut reader = serde_json::Deserializer::from_str(text);
    let read = serde_path_to_error::deserialize(&mut reader).map_err(|e| shape_error(e, root))?;
    reader.end().map_err(|e| ShapeError {
        place: root.to_string(),
        message: e.to_string(),
    })?;
    Ok(read)
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

    #[test]
    fn reads_text_and_names_the_place_and_position() {
        let ok: Outer = read_text(r#"{"items": [{"name": "a"}]}"#, "outer").unwrap();
        assert_eq!(ok.items.len(), 1);
        let err = read_text::<Outer>("{\"items\": [\n{\"name\": 5}]}", "outer").unwrap_err();
        assert_eq!(
            err.to_string(),
            "outer.items[0].name: invalid type: integer `5`, expected a string at line 2 column 10"
        );
        let err = read_text::<Outer>(r#"{"items": []} x"#, "outer").unwrap_err();
        assert_eq!(
            err.to_string(),
            "outer: trailing characters at line 1 column 15"
        );
    }
}
