//! `runcommand-sim serve`: the simulator as a local ECS endpoint that the official SDKs and the
//! `aliyun` CLI can be pointed at (RPC over HTTP, V1 and V3 signatures). Native only.
//!
//! * [`http`] — the listener and its limits (413 / 503);
//! * [`auth`], [`sign_v1`], [`sign_v3`] — keys, signatures, timestamps and nonces;
//! * [`service`] — the session behind it, [`commands`] the saved commands, [`clock`] the
//!   simulated time, [`journal`] the durable state file, [`xml`] the `Format=XML` answers.
//!
//! docs/endpoint.md describes the protocol, the error codes and how to point each SDK at it.

pub mod auth;
pub mod bench;
pub mod clock;
pub mod commands;
pub(crate) mod error;
pub mod http;
pub mod journal;
pub mod params;
pub mod refusal;
pub mod service;
pub mod sign_v1;
pub mod sign_v3;
pub mod xml;

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};

use crate::cli::session::{load_world, WorldOptions};
use crate::cli::usage::UsageError;
use crate::cli::CliOutput;
use auth::DEFAULT_KEY;
use clock::{real_now, Clock};
use error::{ListenError, StartError};
use http::Limits;
use journal::Journal;
use service::Service;

/// The text of `runcommand-sim serve --help`.
pub const HELP: &str = "\
runcommand-sim serve [--listen ADDR] [--world FILE] [--seed N] [--access-key ID:SECRET]...
                     [--state FILE] [--speed N] [--now RFC3339]
                     [--max-body BYTES] [--max-in-flight N] [--workers N]

Serves the simulated ECS API (Version 2014-05-26) over HTTP as the real endpoint does: RPC
calls signed with V1 (Signature, HMAC-SHA1) or V3 (Authorization: ACS3-HMAC-SHA256), answered
in JSON (XML with Format=XML). Actions: RunCommand, InvokeCommand, DescribeInvocations,
DescribeInvocationResults, StopInvocation, RebootInstance, DescribeCommands, DeleteCommand.

--listen ADDR           address to listen on (default 127.0.0.1:8080; port 0 picks a free one)
--world FILE            a world JSON replacing the embedded default account
--seed N                seed of the generated ids (default 0)
--access-key ID:SECRET  an accepted key pair (repeatable); default: runcommand-sim:runcommand-sim-secret
--state FILE            durable state: every call is synced to FILE before it is answered and
                        replayed on start (use the same --world again)
--now RFC3339           pin the simulated clock at this instant; it then moves only with
                        POST /_simulator/clock?advance=SECONDS
--speed N               simulated seconds per real second (default 1; with --now the clock
                        runs from that instant)
--max-body BYTES        largest request body (default 1048576; larger ones get 413)
--max-in-flight N       most requests served at once (default 64; more get 503)
--workers N             worker threads (default 4)";

/// The options of `serve`.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// `--listen`.
    pub listen: String,
    /// `--world` / `--seed`.
    pub world: WorldOptions,
    /// `--access-key`, or the default pair.
    pub keys: Vec<(String, String)>,
    /// `--state`.
    pub state: Option<PathBuf>,
    /// `--speed`.
    pub speed: Option<f64>,
    /// `--now`.
    pub now: Option<DateTime<Utc>>,
    /// The listener's limits.
    pub limits: Limits,
}

impl Default for ServeOptions {
    fn default() -> Self {
        Self {
            listen: "127.0.0.1:8080".into(),
            world: WorldOptions::default(),
            keys: vec![(DEFAULT_KEY.0.into(), DEFAULT_KEY.1.into())],
            state: None,
            speed: None,
            now: None,
            limits: Limits::default(),
        }
    }
}

/// Parses the options of `serve`.
pub(crate) fn parse_options(args: &[String]) -> Result<ServeOptions, UsageError> {
    let mut o = ServeOptions::default();
    let mut keys = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = || it.next().ok_or_else(|| UsageError::MissingValue(a.clone()));
        match a.as_str() {
            "--listen" => o.listen = value()?.clone(),
            "--world" => o.world.world_file = Some(value()?.clone()),
            "--seed" => o.world.seed = number("--seed", value()?)?,
            "--access-key" => keys.push(auth::parse_key(value()?)?),
            "--state" => o.state = Some(PathBuf::from(value()?)),
            "--speed" => {
                let v = value()?;
                o.speed = Some(
                    v.parse::<f64>()
                        .ok()
                        .filter(|s| s.is_finite() && *s >= 0.0)
                        .ok_or_else(|| UsageError::BadValue {
                            option: "--speed",
                            value: v.clone(),
                            expected: "a number ≥ 0",
                        })?,
                );
            }
            "--now" => {
                let v = value()?;
                o.now = Some(
                    DateTime::parse_from_rfc3339(v)
                        .map_err(|e| UsageError::Time {
                            option: "--now",
                            value: v.clone(),
                            reason: e.to_string(),
                        })?
                        .with_timezone(&Utc),
                );
            }
            "--max-body" => o.limits.max_body = number("--max-body", value()?)?,
            "--max-in-flight" => {
                o.limits.max_in_flight = number::<usize>("--max-in-flight", value()?)?.max(1)
            }
            "--workers" => o.limits.workers = number::<usize>("--workers", value()?)?.clamp(1, 256),
            other => return Err(UsageError::UnknownOption(other.to_string())),
        }
    }
    if !keys.is_empty() {
        o.keys = keys;
    }
    Ok(o)
}

fn number<T: std::str::FromStr>(option: &'static str, text: &str) -> Result<T, UsageError> {
    text.parse().map_err(|_| UsageError::BadValue {
        option,
        value: text.to_string(),
        expected: "a number",
    })
}

/// A started endpoint.
pub struct Running {
    /// The address it listens on.
    pub addr: SocketAddr,
    /// The state behind it.
    pub service: Arc<Mutex<Service>>,
    server: Arc<tiny_http::Server>,
    thread: std::thread::JoinHandle<()>,
}

impl Running {
    /// Stops listening and waits for the workers.
    pub fn stop(self) {
        self.server.unblock();
        let _ = self.thread.join();
    }
}

/// Builds the service (replaying `--state`) and starts listening on a background thread.
pub(crate) fn start(o: &ServeOptions) -> Result<Running, StartError> {
    let world = load_world(&o.world)?;
    let real_now = real_now();
    let journal = match &o.state {
        Some(path) => Some(Journal::open(path).map_err(|error| StartError::StateFile {
            path: path.clone(),
            error,
        })?),
        None => None,
    };
    let clock = Clock::new(real_now, o.now, o.speed);
    let service = Service::new(
        world,
        o.world.seed,
        clock,
        o.keys.clone(),
        journal,
        real_now,
    )?;
    let listen_error = |error| StartError::Listen {
        addr: o.listen.clone(),
        error,
    };
    let listener = http::bind(&o.listen).map_err(listen_error)?;
    let server = tiny_http::Server::from_listener(listener, None)
        .map_err(|e| listen_error(ListenError::Io(std::io::Error::other(e))))?;
    let addr = server
        .server_addr()
        .to_ip()
        .ok_or_else(|| listen_error(ListenError::NoIpAddress))?;
    let server = Arc::new(server);
    let service = Arc::new(Mutex::new(service));
    let limits = o.limits;
    let thread = {
        let (server, service) = (Arc::clone(&server), Arc::clone(&service));
        std::thread::spawn(move || http::serve(server, service, limits))
    };
    Ok(Running {
        addr,
        service,
        server,
        thread,
    })
}

/// Runs `runcommand-sim serve` until the process is stopped.
pub fn run(args: &[String]) -> CliOutput {
    if args.iter().any(|a| a == "--help" || a == "-h") {
        return CliOutput::ok(HELP);
    }
    let options = match parse_options(args) {
        Ok(o) => o,
        Err(e) => return CliOutput::usage_error(format!("{e}\n\n{HELP}")),
    };
    let running = match start(&options) {
        Ok(r) => r,
        Err(e) => return CliOutput::usage_error(e.to_string()),
    };
    let (clock, replayed) = {
        let mut s = running.service.lock().unwrap_or_else(|p| p.into_inner());
        (s.clock_answer(real_now()).body, s.invocation_count())
    };
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "listening on http://{}", running.addr);
    for (id, secret) in &options.keys {
        let _ = writeln!(out, "access key: {id} secret: {secret}");
    }
    let mode = if clock["Pinned"] == true {
        format!("pinned; POST {}?advance=SECONDS moves it", http::CLOCK_PATH)
    } else {
        format!("running at {}x", clock["Speed"])
    };
    let _ = writeln!(
        out,
        "simulated time: {} ({mode})",
        clock["Now"].as_str().unwrap_or("?")
    );
    if let Some(path) = &options.state {
        let _ = writeln!(
            out,
            "state: {} ({replayed} invocations replayed)",
            path.display()
        );
    }
    let _ = out.flush();
    drop(out);
    let _ = running.thread.join();
    CliOutput::ok("")
}
