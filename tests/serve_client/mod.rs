//! A test client of `runcommand-sim serve`: spawns the built binary, and signs calls with its
//! own V1 and V3 signers (written from the published algorithm, not the server's code; each
//! is checked against the published worked example in `serve_signing.rs`).

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};

use base64::Engine;
use chrono::{DateTime, Duration, SecondsFormat, Utc};
use hmac::{Hmac, Mac};
use serde_json::Value;
use sha2::Digest;

pub const KEY: &str = "test-key";
pub const SECRET: &str = "test-secret";
pub const REGION: &str = "cn-hangzhou";
pub const INSTANCE: &str = "i-bp1a00000000000001";

/// RFC 3986 encoding: only `A-Z a-z 0-9 - _ . ~` stay.
pub fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn sorted_query(params: &[(&str, &str)]) -> String {
    let mut items: Vec<String> = params
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect();
    items.sort();
    items.join("&")
}

/// V1: `METHOD&%2F&enc(sorted query)`.
pub fn v1_string_to_sign(method: &str, params: &[(&str, &str)]) -> String {
    format!("{method}&%2F&{}", enc(&sorted_query(params)))
}

/// V1: `Base64(HMAC-SHA1(secret + "&", sts))`.
pub fn v1_signature(secret: &str, sts: &str) -> String {
    let mut mac = Hmac::<sha1::Sha1>::new_from_slice(format!("{secret}&").as_bytes()).unwrap();
    mac.update(sts.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// V3: the `Authorization` value and its string to sign, for headers given lower-case.
pub fn v3_authorization(
    method: &str,
    query: &[(&str, &str)],
    headers: &[(&str, &str)],
    body: &[u8],
    key: &str,
    secret: &str,
) -> (String, String) {
    let mut signed: Vec<(String, String)> = headers
        .iter()
        .filter(|(k, _)| *k == "host" || k.starts_with("x-acs-") || *k == "content-type")
        .map(|(k, v)| (k.to_string(), v.trim().to_string()))
        .collect();
    signed.sort();
    let canonical_headers: String = signed.iter().map(|(k, v)| format!("{k}:{v}\n")).collect();
    let names = signed
        .iter()
        .map(|(k, _)| k.as_str())
        .collect::<Vec<_>>()
        .join(";");
    let canonical = format!(
        "{method}\n/\n{}\n{canonical_headers}\n{names}\n{}",
        sorted_query(query),
        hex(&sha2::Sha256::digest(body))
    );
    let sts = format!(
        "ACS3-HMAC-SHA256\n{}",
        hex(&sha2::Sha256::digest(canonical.as_bytes()))
    );
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(sts.as_bytes());
    let sig = hex(&mac.finalize().into_bytes());
    (
        format!("ACS3-HMAC-SHA256 Credential={key},SignedHeaders={names},Signature={sig}"),
        sts,
    )
}

pub fn sha256_hex(body: &[u8]) -> String {
    hex(&sha2::Sha256::digest(body))
}

pub fn real_now() -> DateTime<Utc> {
    DateTime::<Utc>::from(std::time::SystemTime::now())
}

pub fn iso(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// An HTTP answer.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub content_type: String,
    pub text: String,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("{e}: {}", self.text))
    }

    pub fn code(&self) -> String {
        self.json()["Code"].as_str().unwrap_or_default().to_string()
    }
}

/// A running `runcommand-sim serve`, killed (SIGKILL) when dropped.
pub struct Server {
    pub child: Child,
    pub addr: String,
    nonce: std::cell::Cell<u64>,
}

impl Server {
    pub fn start(extra: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_runcommand-sim"))
            .args(["serve", "--listen", "127.0.0.1:0", "--access-key"])
            .arg(format!("{KEY}:{SECRET}"))
            .args(extra)
            .stdout(Stdio::piped())
            .spawn()
            .expect("spawn runcommand-sim serve");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let addr = line
            .trim()
            .strip_prefix("listening on http://")
            .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
            .to_string();
        Server {
            child,
            addr,
            nonce: std::cell::Cell::new(0),
        }
    }

    pub fn start_with_state(state: &Path, extra: &[&str]) -> Server {
        let mut args = vec!["--state", state.to_str().unwrap()];
        args.extend_from_slice(extra);
        Server::start(&args)
    }

    /// Kills the process with SIGKILL and waits for it.
    pub fn kill9(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }

    pub fn fresh_nonce(&self) -> String {
        self.nonce.set(self.nonce.get() + 1);
        format!("nonce-{}-{}", std::process::id(), self.nonce.get())
    }

    /// Sends raw bytes and reads one answer (its `Content-Length` bytes of body).
    pub fn raw(&self, request: &[u8]) -> Reply {
        let mut s = TcpStream::connect(&self.addr).unwrap();
        s.set_read_timeout(Some(std::time::Duration::from_secs(20)))
            .unwrap();
        s.write_all(request).unwrap();
        let mut reader = BufReader::new(s);
        let mut head = String::new();
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap() == 0 || line == "\r\n" {
                break;
            }
            head.push_str(&line);
        }
        let length: usize = head
            .lines()
            .find_map(|l| {
                l.split_once(':')
                    .filter(|(k, _)| k.eq_ignore_ascii_case("content-length"))
                    .and_then(|(_, v)| v.trim().parse().ok())
            })
            .unwrap_or(0);
        let mut bytes = vec![0; length];
        reader.read_exact(&mut bytes).unwrap();
        let body = String::from_utf8_lossy(&bytes).into_owned();
        let head = head.as_str();
        let status = head
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let content_type = head
            .lines()
            .find_map(|l| {
                l.split_once(':')
                    .filter(|(k, _)| k.eq_ignore_ascii_case("content-type"))
                    .map(|(_, v)| v.trim().to_string())
            })
            .unwrap_or_default();
        Reply {
            status,
            content_type,
            text: body,
        }
    }

    pub fn http(&self, method: &str, target: &str, headers: &[(&str, &str)], body: &[u8]) -> Reply {
        let mut req = format!(
            "{method} {target} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Length: {}\r\n",
            self.addr,
            body.len()
        );
        for (k, v) in headers {
            req.push_str(&format!("{k}: {v}\r\n"));
        }
        req.push_str("\r\n");
        let mut bytes = req.into_bytes();
        bytes.extend_from_slice(body);
        self.raw(&bytes)
    }

    /// The V1 common parameters (without Signature) for `action`.
    pub fn v1_common(
        &self,
        action: &str,
        key: &str,
        timestamp: DateTime<Utc>,
    ) -> Vec<(String, String)> {
        vec![
            ("Action".into(), action.into()),
            ("Version".into(), "2014-05-26".into()),
            ("Format".into(), "JSON".into()),
            ("AccessKeyId".into(), key.into()),
            ("SignatureMethod".into(), "HMAC-SHA1".into()),
            ("SignatureVersion".into(), "1.0".into()),
            ("SignatureNonce".into(), self.fresh_nonce()),
            ("Timestamp".into(), iso(timestamp)),
        ]
    }

    /// Sends `params` signed with V1 (`secret`) as a GET query.
    pub fn v1_send(&self, params: &[(String, String)], secret: &str) -> Reply {
        let borrowed: Vec<(&str, &str)> = params
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let sig = v1_signature(secret, &v1_string_to_sign("GET", &borrowed));
        let mut query: Vec<String> = borrowed
            .iter()
            .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
            .collect();
        query.push(format!("Signature={}", enc(&sig)));
        self.http("GET", &format!("/?{}", query.join("&")), &[], b"")
    }

    /// A V1 call of `action` with business `params`, default key, now.
    pub fn v1(&self, action: &str, params: &[(&str, &str)]) -> Reply {
        let mut all = self.v1_common(action, KEY, real_now());
        all.extend(params.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        self.v1_send(&all, SECRET)
    }

    /// A V3 call (POST, business parameters in the query) of `action`.
    pub fn v3(&self, action: &str, params: &[(&str, &str)], secret: &str) -> Reply {
        let nonce = self.fresh_nonce();
        let date = iso(real_now());
        let hash = sha256_hex(b"");
        let headers = [
            ("host", self.addr.as_str()),
            ("x-acs-action", action),
            ("x-acs-version", "2014-05-26"),
            ("x-acs-date", date.as_str()),
            ("x-acs-signature-nonce", nonce.as_str()),
            ("x-acs-content-sha256", hash.as_str()),
        ];
        let (auth, _) = v3_authorization("POST", params, &headers, b"", KEY, secret);
        let query: Vec<String> = params
            .iter()
            .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
            .collect();
        let mut send: Vec<(&str, &str)> = headers[1..].to_vec();
        send.push(("Authorization", auth.as_str()));
        self.http("POST", &format!("/?{}", query.join("&")), &send, b"")
    }

    /// Moves the pinned clock.
    pub fn advance(&self, seconds: u32) -> Reply {
        self.http(
            "POST",
            &format!("/_simulator/clock?advance={seconds}"),
            &[],
            b"",
        )
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A timestamp `minutes` away from now.
pub fn minutes_from_now(minutes: i64) -> DateTime<Utc> {
    real_now() + Duration::minutes(minutes)
}
