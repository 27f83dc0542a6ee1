//! The RPC query signature (V1): `Signature = Base64(HMAC-SHA1(secret + "&", StringToSign))`
//! with `StringToSign = METHOD + "&" + enc("/") + "&" + enc(canonical query)`, where the
//! canonical query is every parameter but `Signature`, sorted by name, each name and value
//! percent-encoded (RFC 3986) and joined as `k=v&…`. This is what `aliyun-python-sdk-core`, the
//! old Go SDK and the `aliyun` CLI send (`SignatureMethod=HMAC-SHA1`, `SignatureVersion=1.0`).

use base64::Engine;
use hmac::{Hmac, Mac};
use sha1::Sha1;

use crate::sim::wire::percent_encode;

/// The string the V1 signature signs: `params` are the decoded `(name, value)` pairs of the
/// query and form body; `Signature` itself is left out.
pub fn string_to_sign(method: &str, params: &[(String, String)]) -> String {
    let mut pairs: Vec<(String, String)> = params
        .iter()
        .filter(|(k, _)| k != "Signature")
        .map(|(k, v)| (percent_encode(k), percent_encode(v)))
        .collect();
    pairs.sort();
    let canonical = pairs
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&");
    format!(
        "{}&{}&{}",
        method.to_ascii_uppercase(),
        percent_encode("/"),
        percent_encode(&canonical)
    )
}

/// The Base64 V1 signature of `string_to_sign` with `secret`.
pub fn signature(secret: &str, string_to_sign: &str) -> String {
    let key = format!("{secret}&");
    let mut mac =
        Hmac::<Sha1>::new_from_slice(key.as_bytes()).expect("HMAC takes a key of any length");
    mac.update(string_to_sign.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

/// Whether `given` is the V1 signature of `string_to_sign` (compared in constant time).
pub fn verify(secret: &str, string_to_sign: &str, given: &str) -> bool {
    let Ok(given) = base64::engine::general_purpose::STANDARD.decode(given) else {
        return false;
    };
    let key = format!("{secret}&");
    let mut mac =
        Hmac::<Sha1>::new_from_slice(key.as_bytes()).expect("HMAC takes a key of any length");
    mac.update(string_to_sign.as_bytes());
    mac.verify_slice(&given).is_ok()
}
