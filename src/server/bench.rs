//! `runcommand-sim bench serve`: DescribeInvocations over loopback HTTP with 16 concurrent
//! clients (V1-signed, each request with a fresh nonce, one connection per call as the server
//! asks with `Connection: close`; the latency includes the connect) against an in-process
//! endpoint holding 10 invocations: requests per second, latency percentiles, and the process's
//! peak resident memory (`VmHWM`, server and clients together) before and after the load.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use chrono::SecondsFormat;

use super::auth::DEFAULT_KEY;
use super::clock::real_now;
use super::error::BenchError;
use super::{sign_v1, ServeOptions};
use crate::cli::CliOutput;
use crate::sim::wire::percent_encode;

/// Concurrent clients by default.
pub const CLIENTS: usize = 16;

const USAGE: &str = "runcommand-sim bench serve [REQUESTS_PER_CLIENT [CLIENTS]]";

/// Runs the benchmark: `[requests per client [clients]]` (default 500 × 16).
pub fn run(args: &[String]) -> CliOutput {
    let arg = |i: usize, default: usize| match args.get(i).map(|a| a.parse::<usize>()) {
        None => Ok(default),
        Some(Ok(n)) if n > 0 => Ok(n),
        Some(_) => Err(CliOutput::usage_error(USAGE)),
    };
    let (requests, clients) = match (arg(0, 500), arg(1, CLIENTS)) {
        (Ok(r), Ok(c)) => (r, c.min(1024)),
        (Err(e), _) | (_, Err(e)) => return e,
    };
    match measure(requests, clients) {
        Ok(text) => CliOutput::ok(text),
        Err(e) => CliOutput::usage_error(format!("bench serve: {e}")),
    }
}

fn measure(requests: usize, clients: usize) -> Result<String, BenchError> {
    let options = ServeOptions {
        listen: "127.0.0.1:0".into(),
        now: Some(real_now()),
        ..ServeOptions::default()
    };
    let running = super::start(&options)?;
    let addr = running.addr;
    let mut setup = Client::new(addr);
    for n in 0..10 {
        let (status, body) = setup.call(&[
            ("Action", "RunCommand"),
            ("RegionId", "cn-hangzhou"),
            ("Type", "RunShellScript"),
            ("CommandContent", &format!("echo bench {n}")),
            ("InstanceId.1", "i-bp1a00000000000001"),
            ("InstanceId.2", "i-bp1a00000000000002"),
        ])?;
        if status != 200 {
            return Err(BenchError::Refused {
                action: "RunCommand",
                status,
                body,
            });
        }
    }
    let rss_before = peak_rss_kib();
    let started = Instant::now();
    let workers: Vec<_> = (0..clients)
        .map(|_| {
            std::thread::spawn(move || -> Result<Vec<Duration>, BenchError> {
                let mut client = Client::new(addr);
                let mut latencies = Vec::with_capacity(requests);
                for _ in 0..requests {
                    let t0 = Instant::now();
                    let (status, body) = client.call(&[
                        ("Action", "DescribeInvocations"),
                        ("RegionId", "cn-hangzhou"),
                        ("PageSize", "10"),
                    ])?;
                    if status != 200 {
                        return Err(BenchError::Refused {
                            action: "DescribeInvocations",
                            status,
                            body,
                        });
                    }
                    latencies.push(t0.elapsed());
                }
                Ok(latencies)
            })
        })
        .collect();
    let mut latencies = Vec::new();
    for w in workers {
        latencies.extend(w.join().map_err(|_| BenchError::ClientPanicked)??);
    }
    let elapsed = started.elapsed().as_secs_f64();
    running.stop();
    latencies.sort();
    let pct = |p: f64| {
        let i = ((latencies.len() as f64 * p).ceil() as usize).clamp(1, latencies.len()) - 1;
        latencies[i].as_secs_f64() * 1e3
    };
    Ok(format!(
        "DescribeInvocations, {clients} clients x {requests} requests, 10 invocations held\n\
         requests/s {:>10.0}\np50 ms     {:>10.2}\np99 ms     {:>10.2}\nmax ms     {:>10.2}\n\
         peak RSS   {:>10} KiB before the load, {} KiB after (server and clients, VmHWM)",
        latencies.len() as f64 / elapsed,
        pct(0.50),
        pct(0.99),
        pct(1.0),
        rss_before.map_or("?".into(), |k| k.to_string()),
        peak_rss_kib().map_or("?".into(), |k| k.to_string()),
    ))
}

/// The process's peak resident set (`VmHWM`), KiB (Linux only).
pub fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// An HTTP/1.1 client sending V1-signed GET calls with the default key, one connection each.
struct Client {
    addr: SocketAddr,
    nonce: u64,
}

impl Client {
    fn new(addr: SocketAddr) -> Self {
        Self { addr, nonce: 0 }
    }

    fn call(&mut self, business: &[(&str, &str)]) -> Result<(u16, String), BenchError> {
        self.nonce += 1;
        let thread = format!("{:?}", std::thread::current().id());
        let nonce = format!(
            "{}-{}-{}",
            thread,
            self.nonce,
            real_now().timestamp_nanos_opt().unwrap_or(0)
        );
        let timestamp = real_now().to_rfc3339_opts(SecondsFormat::Secs, true);
        let mut pairs: Vec<(String, String)> = business
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        for (k, v) in [
            ("Version", "2014-05-26"),
            ("Format", "JSON"),
            ("AccessKeyId", DEFAULT_KEY.0),
            ("SignatureMethod", "HMAC-SHA1"),
            ("SignatureVersion", "1.0"),
            ("SignatureNonce", nonce.as_str()),
            ("Timestamp", timestamp.as_str()),
        ] {
            pairs.push((k.to_string(), v.to_string()));
        }
        let sts = sign_v1::string_to_sign("GET", &pairs);
        pairs.push(("Signature".into(), sign_v1::signature(DEFAULT_KEY.1, &sts)));
        let query: Vec<String> = pairs
            .iter()
            .map(|(k, v)| format!("{}={}", percent_encode(k), percent_encode(v)))
            .collect();
        let head = format!(
            "GET /?{} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            query.join("&"),
            self.addr
        );
        let mut stream = TcpStream::connect(self.addr)?;
        let _ = stream.set_nodelay(true);
        stream.write_all(head.as_bytes())?;
        read_response(&mut BufReader::new(stream))
    }
}

fn read_response(reader: &mut BufReader<TcpStream>) -> Result<(u16, String), BenchError> {
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let status = line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| BenchError::NotHttp(line.clone()))?;
    let mut length = 0usize;
    loop {
        line.clear();
        reader.read_line(&mut line)?;
        let l = line.trim_end();
        if l.is_empty() {
            break;
        }
        if let Some((k, v)) = l.split_once(':') {
            if k.eq_ignore_ascii_case("content-length") {
                length = v.trim().parse().map_err(|_| BenchError::BadContentLength)?;
            }
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    Ok((status, String::from_utf8_lossy(&body).into_owned()))
}
