//! Converting `CommandContent` between plain text and Base64 (the form's encoding toggle).

use crate::sim::base64;

/// Why content could not be converted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConvertError {
    /// The text is not valid Base64 (`CmdContent.DecodeError` at the API).
    NotBase64,
    /// The decoded bytes are not UTF-8 text, so they cannot be edited as text.
    NotText,
}

impl std::fmt::Display for ConvertError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NotBase64 => write!(f, "the content is not valid Base64"),
            Self::NotText => write!(f, "the decoded content is not UTF-8 text"),
        }
    }
}

/// Encodes plain text content as Base64.
pub fn to_base64(plain: &str) -> String {
    base64::encode(plain)
}

/// Decodes Base64 content to text (surrounding white space ignored, as the API does).
pub fn from_base64(encoded: &str) -> Result<String, ConvertError> {
    let bytes = base64::decode(encoded.trim()).map_err(|_| ConvertError::NotBase64)?;
    String::from_utf8(bytes).map_err(|_| ConvertError::NotText)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_multibyte_text_and_reports_bad_input() {
        let plain = "echo 你好\r\nexit 3\n";
        assert_eq!(to_base64("echo 123"), "ZWNobyAxMjM=");
        assert_eq!(from_base64(&to_base64(plain)).unwrap(), plain);
        assert_eq!(from_base64("not base64!"), Err(ConvertError::NotBase64));
        assert_eq!(
            from_base64(&base64::encode([0xff, 0xfe])),
            Err(ConvertError::NotText)
        );
    }
}
