//! Who may call: the configured AccessKey pairs, the check of a request's V1 or V3 signature,
//! its timestamp (±15 minutes of the real time) and its nonce (not seen in the last 15
//! minutes).

use std::collections::{HashSet, VecDeque};

use chrono::{DateTime, Utc};

use super::params::get;
use super::refusal::Refusal;
use super::{sign_v1, sign_v3};

/// The API version the endpoint serves.
pub const API_VERSION: &str = "2014-05-26";

/// How far a request's timestamp may be from the server's real time.
pub const TIMESTAMP_WINDOW_SECS: i64 = 15 * 60;

/// How many recent nonces are remembered (older ones are forgotten first; the memory stays
/// bounded under any load).
pub const NONCE_MEMORY: usize = 100_000;

/// The key pair accepted when no `--access-key` is given.
pub const DEFAULT_KEY: (&str, &str) = ("runcommand-sim", "runcommand-sim-secret");

/// An HTTP request as the signature checks see it.
#[derive(Debug, Clone, Default)]
pub struct SignedRequest {
    /// `GET` / `POST`.
    pub method: String,
    /// The path, e.g. `/`.
    pub path: String,
    /// Decoded query pairs.
    pub query: Vec<(String, String)>,
    /// Decoded form-body pairs (empty for other bodies).
    pub form: Vec<(String, String)>,
    /// Headers, names lower-case.
    pub headers: Vec<(String, String)>,
    /// The raw body.
    pub body: Vec<u8>,
}

impl SignedRequest {
    /// A header by lower-case name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Query then form pairs.
    pub fn all_pairs(&self) -> Vec<(String, String)> {
        self.query.iter().chain(&self.form).cloned().collect()
    }
}

/// A request that passed the checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    /// The action asked.
    pub action: String,
    /// Whether the answer is XML (`Format=XML`).
    pub xml: bool,
}

/// The configured keys and the nonces seen.
#[derive(Debug)]
pub struct Gate {
    keys: Vec<(String, String)>,
    seen: HashSet<String>,
    order: VecDeque<(i64, String)>,
}

impl Gate {
    /// A gate accepting `keys` (`(id, secret)`).
    pub fn new(keys: Vec<(String, String)>) -> Self {
        Self {
            keys,
            seen: HashSet::new(),
            order: VecDeque::new(),
        }
    }

    /// Checks `req` at real time `now`; `known_action` says whether an action exists.
    pub fn check(
        &mut self,
        req: &SignedRequest,
        now: DateTime<Utc>,
        known_action: &dyn Fn(&str) -> bool,
    ) -> Result<Caller, Refusal> {
        match req.header("authorization") {
            Some(a) if a.trim_start().starts_with(sign_v3::ALGORITHM) => {
                self.check_v3(req, a, now, known_action)
            }
            _ => self.check_v1(req, now, known_action),
        }
    }

    fn check_v1(
        &mut self,
        req: &SignedRequest,
        now: DateTime<Utc>,
        known_action: &dyn Fn(&str) -> bool,
    ) -> Result<Caller, Refusal> {
        let pairs = req.all_pairs();
        let need = |name: &'static str| get(&pairs, name).ok_or(Refusal::MissingParameter(name));
        let action = need("Action")?;
        check_call(action, need("Version")?, known_action)?;
        let key_id = need("AccessKeyId")?;
        let given = need("Signature")?;
        let nonce = need("SignatureNonce")?;
        let timestamp = need("Timestamp")?;
        if get(&pairs, "SignatureMethod").is_some_and(|m| m != "HMAC-SHA1") {
            return Err(Refusal::InvalidSignatureMethod);
        }
        let secret = self.secret(key_id)?;
        let sts = sign_v1::string_to_sign(&req.method, &pairs);
        if !sign_v1::verify(&secret, &sts, given) {
            return Err(Refusal::SignatureDoesNotMatch(sts));
        }
        self.check_fresh(key_id, timestamp, nonce, now)?;
        Ok(Caller {
            action: action.to_string(),
            xml: wants_xml(get(&pairs, "Format")),
        })
    }

    fn check_v3(
        &mut self,
        req: &SignedRequest,
        authorization: &str,
        now: DateTime<Utc>,
        known_action: &dyn Fn(&str) -> bool,
    ) -> Result<Caller, Refusal> {
        let auth =
            sign_v3::parse_authorization(authorization).ok_or(Refusal::IncompleteSignature)?;
        let need = |name: &'static str| req.header(name).ok_or(Refusal::MissingParameter(name));
        let action = need("x-acs-action")?;
        check_call(action, need("x-acs-version")?, known_action)?;
        let date = need("x-acs-date")?;
        let nonce = need("x-acs-signature-nonce")?;
        let secret = self.secret(&auth.access_key_id)?;
        let body_hash = sign_v3::sha256_hex(&req.body);
        if req
            .header("x-acs-content-sha256")
            .is_some_and(|h| !h.eq_ignore_ascii_case(&body_hash))
        {
            return Err(Refusal::ContentSha256Mismatch);
        }
        let header = |name: &str| req.header(name).map(str::to_string);
        let canonical = sign_v3::canonical_request(
            &req.method,
            &req.path,
            &req.query,
            &auth.signed_headers,
            &header,
            &body_hash,
        );
        let sts = sign_v3::string_to_sign(&canonical);
        if !sign_v3::verify(&secret, &sts, &auth.signature) {
            return Err(Refusal::SignatureDoesNotMatch(sts));
        }
        self.check_fresh(&auth.access_key_id, date, nonce, now)?;
        Ok(Caller {
            action: action.to_string(),
            xml: wants_xml(get(&req.all_pairs(), "Format")),
        })
    }

    fn secret(&self, key_id: &str) -> Result<String, Refusal> {
        self.keys
            .iter()
            .find(|(id, _)| id == key_id)
            .map(|(_, s)| s.clone())
            .ok_or(Refusal::InvalidAccessKeyIdNotFound)
    }

    fn check_fresh(
        &mut self,
        key_id: &str,
        timestamp: &str,
        nonce: &str,
        now: DateTime<Utc>,
    ) -> Result<(), Refusal> {
        let at = DateTime::parse_from_rfc3339(timestamp)
            .map_err(|_| Refusal::TimestampExpired)?
            .with_timezone(&Utc);
        if (now - at).num_seconds().abs() > TIMESTAMP_WINDOW_SECS {
            return Err(Refusal::TimestampExpired);
        }
        let now_s = now.timestamp();
        while let Some((t, _)) = self.order.front() {
            if *t >= now_s - TIMESTAMP_WINDOW_SECS && self.order.len() < NONCE_MEMORY {
                break;
            }
            if let Some((_, old)) = self.order.pop_front() {
                self.seen.remove(&old);
            }
        }
        let entry = format!("{key_id}\n{nonce}");
        if !self.seen.insert(entry.clone()) {
            return Err(Refusal::SignatureNonceUsed);
        }
        self.order.push_back((now_s, entry));
        Ok(())
    }
}

/// The version is the served one and the action is known.
fn check_call(
    action: &str,
    version: &str,
    known_action: &dyn Fn(&str) -> bool,
) -> Result<(), Refusal> {
    if version != API_VERSION {
        return Err(Refusal::InvalidVersion);
    }
    if !known_action(action) {
        return Err(Refusal::InvalidActionNotFound);
    }
    Ok(())
}

fn wants_xml(format: Option<&str>) -> bool {
    format.is_some_and(|f| f.eq_ignore_ascii_case("XML"))
}

/// Reads `ID:SECRET`.
pub(crate) fn parse_key(text: &str) -> Result<(String, String), crate::cli::usage::UsageError> {
    match text.split_once(':') {
        Some((id, secret)) if !id.is_empty() && !secret.is_empty() => {
            Ok((id.to_string(), secret.to_string()))
        }
        _ => Err(crate::cli::usage::UsageError::BadValue {
            option: "--access-key",
            value: text.to_string(),
            expected: "ID:SECRET",
        }),
    }
}
