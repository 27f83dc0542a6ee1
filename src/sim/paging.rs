//! `NextToken` paging tokens: the Base64 of `offset:<n>`, as the API's tokens look.

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;

/// The token of the page that starts at `offset`.
pub fn offset_token(offset: usize) -> String {
    STANDARD.encode(format!("offset:{offset}"))
}

/// The offset of a token made by [`offset_token`]; `None` for anything else.
pub fn token_offset(token: &str) -> Option<usize> {
    String::from_utf8(STANDARD.decode(token).ok()?)
        .ok()?
        .strip_prefix("offset:")?
        .parse()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offset_tokens_round_trip() {
        assert_eq!(offset_token(10), "b2Zmc2V0OjEw");
        assert_eq!(token_offset(&offset_token(10)), Some(10));
        assert_eq!(token_offset(&offset_token(0)), Some(0));
        assert_eq!(token_offset("b2Zmc2V0OjEw"), Some(10));
    }

    #[test]
    fn refuses_other_tokens() {
        for bad in [
            "",
            "10",
            "b2Zmc2V0Og==",
            "bm90IGFuIG9mZnNldA==",
            "!!!!",
            // `offset:1` with an unused bit set, without its padding, or padded twice.
            "b2Zmc2V0OjF=",
            "b2Zmc2V0OjE",
            "b2Zmc2V0OjE==",
            // `offset:10` with white space.
            " b2Zmc2V0OjEw",
            "b2Zmc2V0OjEw\n",
        ] {
            assert_eq!(token_offset(bad), None, "{bad:?}");
        }
    }
}
