//! Converting `CommandContent` between plain text and Base64 (the form's encoding toggle).

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;

use crate::sim::validate::decode_base64_content;

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
    STANDARD.encode(plain)
}

/// Decodes Base64 content to text, read as the API reads it (white space ignored). Bytes that
/// are not UTF-8 text are refused rather than replaced: the content stays Base64, unchanged.
pub fn from_base64(encoded: &str) -> Result<String, ConvertError> {
    let bytes = decode_base64_content(encoded).ok_or(ConvertError::NotBase64)?;
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
        assert_eq!(from_base64("//4="), Err(ConvertError::NotText));
        assert_eq!(from_base64(" ZWNo\nbyAxMjM= "), Ok("echo 123".to_string()));
    }

    /// Strict Base64, as the API: padding required and canonical, `=` only at the end, no
    /// URL-safe symbols, zero unused bits.
    #[test]
    fn refuses_what_is_not_strict_base64() {
        assert_eq!(from_base64("Zm9vYmE="), Ok("fooba".to_string()));
        assert_eq!(from_base64(""), Ok(String::new()));
        for bad in [
            "Zg", "Zh==", "Zm9=", "Zg===", "Z===", "Zg==Zg==", "Zm-v", "Zm_v", "Zm9v!", "Zg=a",
        ] {
            assert_eq!(from_base64(bad), Err(ConvertError::NotBase64), "{bad}");
        }
    }
}
