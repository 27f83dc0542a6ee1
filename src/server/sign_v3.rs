//! The V3 header signature (`ACS3-HMAC-SHA256`) of `alibabacloud_ecs20140526` and the other
//! current SDKs:
//!
//! ```text
//! CanonicalRequest = METHOD \n path \n canonical query \n canonical headers \n
//!                    signed headers \n hex(SHA-256(body))
//! StringToSign     = "ACS3-HMAC-SHA256" \n hex(SHA-256(CanonicalRequest))
//! Signature        = hex(HMAC-SHA256(secret, StringToSign))
//! ```
//!
//! The canonical query sorts the percent-encoded `name=value` pairs; the canonical headers are
//! the signed headers, lower-case, `name:trimmed value\n` each, in `SignedHeaders` order.

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

use crate::sim::wire::percent_encode;

/// The signature algorithm name of the `Authorization` header.
pub const ALGORITHM: &str = "ACS3-HMAC-SHA256";

/// The parts of an `Authorization: ACS3-HMAC-SHA256 Credential=…,SignedHeaders=…,Signature=…`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Authorization {
    /// The AccessKey ID.
    pub access_key_id: String,
    /// The signed header names, lower-case, in the given order.
    pub signed_headers: Vec<String>,
    /// The hex signature.
    pub signature: String,
}

/// Reads an `Authorization` header value; `None` when it is not a complete V3 one.
pub fn parse_authorization(value: &str) -> Option<Authorization> {
    let rest = value.trim().strip_prefix(ALGORITHM)?.trim_start();
    let (mut id, mut headers, mut signature) = (None, None, None);
    for part in rest.split(',') {
        let (k, v) = part.trim().split_once('=')?;
        match k {
            "Credential" => id = Some(v.to_string()),
            "SignedHeaders" => {
                headers = Some(v.split(';').map(|h| h.to_ascii_lowercase()).collect())
            }
            "Signature" => signature = Some(v.to_string()),
            _ => {}
        }
    }
    Some(Authorization {
        access_key_id: id?,
        signed_headers: headers?,
        signature: signature?,
    })
}

/// Lower-case hex of SHA-256 of `bytes` (the `x-acs-content-sha256` of a body).
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// The V3 canonical request.
///
/// `query` is the decoded query pairs, `header` looks a header up by lower-case name,
/// `payload_hash` is the hex SHA-256 of the body.
pub fn canonical_request(
    method: &str,
    path: &str,
    query: &[(String, String)],
    signed_headers: &[String],
    header: &dyn Fn(&str) -> Option<String>,
    payload_hash: &str,
) -> String {
    let mut pairs: Vec<String> = query
        .iter()
        .map(|(k, v)| format!("{}={}", percent_encode(k), percent_encode(v)))
        .collect();
    pairs.sort();
    let mut headers = String::new();
    for name in signed_headers {
        let value = header(name).unwrap_or_default();
        headers.push_str(&format!("{name}:{}\n", value.trim()));
    }
    format!(
        "{}\n{}\n{}\n{}\n{}\n{}",
        method.to_ascii_uppercase(),
        if path.is_empty() { "/" } else { path },
        pairs.join("&"),
        headers,
        signed_headers.join(";"),
        payload_hash
    )
}

/// The V3 string to sign of a canonical request.
pub fn string_to_sign(canonical_request: &str) -> String {
    format!("{ALGORITHM}\n{}", sha256_hex(canonical_request.as_bytes()))
}

/// The hex V3 signature of `string_to_sign` with `secret`.
pub fn signature(secret: &str, string_to_sign: &str) -> String {
    hex(&mac(secret, string_to_sign).finalize().into_bytes())
}

/// Whether `given` (hex) is the V3 signature of `string_to_sign` (compared in constant time).
pub fn verify(secret: &str, string_to_sign: &str, given: &str) -> bool {
    match unhex(given) {
        Some(bytes) => mac(secret, string_to_sign).verify_slice(&bytes).is_ok(),
        None => false,
    }
}

fn mac(secret: &str, string_to_sign: &str) -> Hmac<Sha256> {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes a key of any length");
    mac.update(string_to_sign.as_bytes());
    mac
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    if text.len() % 2 != 0 || !text.is_ascii() {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).ok())
        .collect()
}
