//! Standard Base64 (RFC 4648 alphabet, `=` padding), as the API and the agent use it.
//!
//! Decoding is strict, as the `base64` crate's `STANDARD` engine that this replaces (it stays a
//! native dev-dependency, and a property test checks both agree on every input): the length
//! must be a multiple of 4 with canonical padding, `=` only at the end, no other characters,
//! and the unused low bits of the last symbol must be zero. Own code because the crate's engine
//! costs several KB of wasm for the few lines needed here.

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Why a text is not standard Base64.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotBase64;

/// Encodes bytes as padded standard Base64.
pub fn encode(bytes: impl AsRef<[u8]>) -> String {
    let bytes = bytes.as_ref();
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
        for (i, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> shift & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn value_of(symbol: u8) -> Option<u32> {
    match symbol {
        b'A'..=b'Z' => Some(u32::from(symbol - b'A')),
        b'a'..=b'z' => Some(u32::from(symbol - b'a') + 26),
        b'0'..=b'9' => Some(u32::from(symbol - b'0') + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    }
}

/// Decodes padded standard Base64, strictly (see the module documentation).
pub fn decode(text: impl AsRef<[u8]>) -> Result<Vec<u8>, NotBase64> {
    let text = text.as_ref();
    if text.len() % 4 != 0 {
        return Err(NotBase64);
    }
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let chunks = text.len() / 4;
    for (index, chunk) in text.chunks(4).enumerate() {
        let last = index + 1 == chunks;
        let padding = chunk.iter().rev().take_while(|b| **b == b'=').count();
        if padding > 2 || (padding > 0 && !last) {
            return Err(NotBase64);
        }
        let mut n = 0u32;
        for symbol in &chunk[..4 - padding] {
            n = n << 6 | value_of(*symbol).ok_or(NotBase64)?;
        }
        match padding {
            0 => out.extend_from_slice(&[(n >> 16) as u8, (n >> 8) as u8, n as u8]),
            // Two symbols carry one byte and 4 unused bits; three carry two bytes and 2.
            2 if n & 0xF == 0 => out.push((n >> 4) as u8),
            1 if n & 0x3 == 0 => out.extend_from_slice(&[(n >> 10) as u8, (n >> 2) as u8]),
            _ => return Err(NotBase64),
        }
    }
    Ok(out)
}

/// Encodes bytes as URL-safe Base64 without padding (`-` and `_` for `+` and `/`), as share
/// links use it.
pub fn encode_url(bytes: impl AsRef<[u8]>) -> String {
    encode(bytes)
        .chars()
        .filter(|c| *c != '=')
        .map(|c| match c {
            '+' => '-',
            '/' => '_',
            c => c,
        })
        .collect()
}

/// Decodes URL-safe Base64 without padding, strictly (no `=`, `+` or `/`; zero unused bits).
pub fn decode_url(text: impl AsRef<[u8]>) -> Result<Vec<u8>, NotBase64> {
    let text = text.as_ref();
    let mut standard = Vec::with_capacity(text.len() + 2);
    for symbol in text {
        standard.push(match symbol {
            b'-' => b'+',
            b'_' => b'/',
            b'=' | b'+' | b'/' => return Err(NotBase64),
            other => *other,
        });
    }
    match standard.len() % 4 {
        2 => standard.extend_from_slice(b"=="),
        3 => standard.push(b'='),
        1 => return Err(NotBase64),
        _ => {}
    }
    decode(standard)
}

/// A paging `NextToken`: the Base64 of `offset:<n>`, as the API's tokens look.
pub fn offset_token(offset: usize) -> String {
    encode(format!("offset:{offset}"))
}

/// The offset of a token made by [`offset_token`]; `None` for anything else.
pub fn token_offset(token: &str) -> Option<usize> {
    String::from_utf8(decode(token).ok()?)
        .ok()?
        .strip_prefix("offset:")?
        .parse()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine as _;
    use proptest::prelude::*;

    const CRATE: base64::engine::GeneralPurpose = base64::engine::general_purpose::STANDARD;

    #[test]
    fn known_values() {
        assert_eq!(encode(""), "");
        assert_eq!(encode("f"), "Zg==");
        assert_eq!(encode("fo"), "Zm8=");
        assert_eq!(encode("foo"), "Zm9v");
        assert_eq!(encode("foobar"), "Zm9vYmFy");
        assert_eq!(decode("Zm9vYmE=").unwrap(), b"fooba");
        assert_eq!(decode("").unwrap(), b"");
        for bad in [
            "Zg",
            "Zh==",
            "Zm9=",
            "Zg===",
            "Z===",
            "Zg==Zg==",
            "Zm9v YmFy",
            "Zm9v\n",
            "Zm-v",
        ] {
            assert_eq!(decode(bad), Err(NotBase64), "{bad}");
            assert!(CRATE.decode(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn offset_tokens_round_trip() {
        assert_eq!(offset_token(10), "b2Zmc2V0OjEw");
        assert_eq!(token_offset(&offset_token(10)), Some(10));
        assert_eq!(token_offset("b2Zmc2V0OjEw"), Some(10));
        for bad in ["", "10", "b2Zmc2V0Og==", "bm90IGFuIG9mZnNldA==", "!!!!"] {
            assert_eq!(token_offset(bad), None, "{bad}");
        }
    }

    const CRATE_URL: base64::engine::GeneralPurpose =
        base64::engine::general_purpose::URL_SAFE_NO_PAD;

    proptest! {
        #[test]
        fn encodes_like_the_crate(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
            prop_assert_eq!(encode(&bytes), CRATE.encode(&bytes));
            prop_assert_eq!(decode(encode(&bytes)), Ok(bytes));
        }

        #[test]
        fn url_safe_form_works_like_the_crate(
            bytes in proptest::collection::vec(any::<u8>(), 0..64),
            text in "[A-Za-z0-9+/=\\-_ ]{0,24}",
        ) {
            prop_assert_eq!(encode_url(&bytes), CRATE_URL.encode(&bytes));
            prop_assert_eq!(decode_url(encode_url(&bytes)), Ok(bytes));
            prop_assert_eq!(decode_url(&text).ok(), CRATE_URL.decode(&text).ok(), "{:?}", text);
        }

        #[test]
        fn decodes_like_the_crate(text in "[A-Za-z0-9+/=\\-_ \n]{0,24}") {
            prop_assert_eq!(decode(&text).ok(), CRATE.decode(&text).ok(), "{:?}", text);
        }

        #[test]
        fn decodes_near_valid_text_like_the_crate(
            bytes in proptest::collection::vec(any::<u8>(), 0..16),
            at in 0usize..24,
            with in "[A-Za-z0-9+/=]",
        ) {
            let mut text = encode(&bytes).into_bytes();
            if !text.is_empty() {
                let at = at % text.len();
                text[at] = with.as_bytes()[0];
            }
            prop_assert_eq!(decode(&text).ok(), CRATE.decode(&text).ok(), "{:?}", String::from_utf8_lossy(&text));
        }
    }
}
