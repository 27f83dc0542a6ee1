//! The output limit and response encodings (api-spec §6.6).

use super::plan::ContentEncoding;
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;

/// Output kept per run: 24 KB (the agent's `logQuota` 24576); the excess is `Dropped`.
pub const OUTPUT_LIMIT_BYTES: usize = 24 * 1024;

/// Output after the limit: the newest bytes are kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CappedOutput {
    /// The kept tail.
    pub text: String,
    /// Bytes cut from the front (`Dropped`).
    pub dropped: usize,
}

/// Keeps the last [`OUTPUT_LIMIT_BYTES`] bytes of `full` (the agent keeps the tail). When the
/// cut falls inside a UTF-8 character, the partial character is dropped too and counted.
pub fn cap_output(full: &str) -> CappedOutput {
    if full.len() <= OUTPUT_LIMIT_BYTES {
        return CappedOutput {
            text: full.to_string(),
            dropped: 0,
        };
    }
    let mut cut = full.len() - OUTPUT_LIMIT_BYTES;
    while !full.is_char_boundary(cut) {
        cut += 1;
    }
    CappedOutput {
        text: full[cut..].to_string(),
        dropped: cut,
    }
}

/// Encodes response text (`Output`, `CommandContent`) as asked.
pub fn encode(text: &str, encoding: ContentEncoding) -> String {
    match encoding {
        ContentEncoding::PlainText => text.to_string(),
        ContentEncoding::Base64 => STANDARD.encode(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exactly_24_kib_is_kept_whole() {
        let text = "a".repeat(24 * 1024);
        let capped = cap_output(&text);
        assert_eq!(capped.dropped, 0);
        assert_eq!(capped.text.len(), 24576);
    }

    #[test]
    fn one_byte_more_drops_the_oldest_byte() {
        let text = format!("X{}", "a".repeat(24576));
        let capped = cap_output(&text);
        assert_eq!(capped.dropped, 1);
        assert!(!capped.text.contains('X'));
        assert_eq!(capped.text.len(), 24576);
    }

    #[test]
    fn cut_inside_a_character_drops_it_whole() {
        // "é" is 2 bytes; 24575 'a' after it → the limit falls in the middle of "é".
        let text = format!("é{}", "a".repeat(24575));
        let capped = cap_output(&text);
        assert_eq!(capped.dropped, 2);
        assert_eq!(capped.text.len(), 24575);
    }

    #[test]
    fn base64_matches_the_documented_example() {
        // api-spec §9.4: `MTU6MzA6MDEK` is Base64 for `15:30:01\n`.
        assert_eq!(
            encode("15:30:01\n", ContentEncoding::Base64),
            "MTU6MzA6MDEK"
        );
        assert_eq!(encode("x", ContentEncoding::PlainText), "x");
    }
}
