//! The HTTP listener (`tiny_http`): one thread takes requests and hands them to a fixed pool
//! of workers. At most `max_in_flight` requests are taken at once (more get 503 at once), and a
//! body larger than `max_body` bytes gets 413 without being read further.

use std::io::Read;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};

use tiny_http::{Header, Method, Request, Response};

use super::auth::SignedRequest;
use super::clock::real_now;
use super::params;
use super::refusal::Refusal;
use super::service::{Answer, Service};

/// The bounds of the listener.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest accepted request body, bytes.
    pub max_body: usize,
    /// Most requests taken and not yet answered.
    pub max_in_flight: usize,
    /// Worker threads.
    pub workers: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_body: 1 << 20,
            max_in_flight: 64,
            workers: 4,
        }
    }
}

/// A listening socket on `addr` with `TCP_NODELAY` set, which the accepted connections
/// inherit: an answer is written as headers then body, and without it the body would wait for
/// the client's delayed ACK of the headers (~40 ms per call).
pub(crate) fn bind(addr: &str) -> Result<std::net::TcpListener, super::error::ListenError> {
    use super::error::ListenError;
    use socket2::{Domain, Protocol, Socket, Type};
    use std::net::ToSocketAddrs;
    let why = ListenError::Io;
    let target = addr
        .to_socket_addrs()
        .map_err(why)?
        .next()
        .ok_or(ListenError::NoSuchAddress)?;
    let socket = Socket::new(
        Domain::for_address(target),
        Type::STREAM,
        Some(Protocol::TCP),
    )
    .map_err(why)?;
    socket.set_reuse_address(true).map_err(why)?;
    socket.set_nodelay(true).map_err(why)?;
    socket.bind(&target.into()).map_err(why)?;
    socket.listen(1024).map_err(why)?;
    Ok(socket.into())
}

/// The path of the clock control call.
pub const CLOCK_PATH: &str = "/_simulator/clock";

/// Serves `server` until it is closed.
pub fn serve(server: Arc<tiny_http::Server>, service: Arc<Mutex<Service>>, limits: Limits) {
    let in_flight = Arc::new(AtomicUsize::new(0));
    let (tx, rx) = mpsc::channel::<Request>();
    let rx = Arc::new(Mutex::new(rx));
    let mut workers = Vec::new();
    for _ in 0..limits.workers.max(1) {
        let rx = Arc::clone(&rx);
        let service = Arc::clone(&service);
        let in_flight = Arc::clone(&in_flight);
        workers.push(std::thread::spawn(move || loop {
            let next = match rx.lock() {
                Ok(guard) => guard.recv(),
                Err(_) => return,
            };
            let Ok(request) = next else { return };
            // A panic answers this request with tiny_http's 500 (the request is dropped) and
            // keeps the worker and the in-flight count right.
            let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                answer(request, &service, limits)
            }));
            in_flight.fetch_sub(1, Ordering::SeqCst);
        }));
    }
    for request in server.incoming_requests() {
        if in_flight.load(Ordering::SeqCst) >= limits.max_in_flight {
            let refused = lock(&service).refusal(&Refusal::Busy(limits.max_in_flight), false);
            respond(request, &refused);
            continue;
        }
        in_flight.fetch_add(1, Ordering::SeqCst);
        if tx.send(request).is_err() {
            break;
        }
    }
    drop(tx);
    for w in workers {
        let _ = w.join();
    }
}

fn lock(service: &Mutex<Service>) -> std::sync::MutexGuard<'_, Service> {
    service
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn answer(mut request: Request, service: &Mutex<Service>, limits: Limits) {
    if request.body_length().is_some_and(|n| n > limits.max_body) {
        let refused = lock(service).refusal(&Refusal::BodyTooLarge(limits.max_body), false);
        return respond(request, &refused);
    }
    let mut body = Vec::new();
    let read = request
        .as_reader()
        .take(limits.max_body as u64 + 1)
        .read_to_end(&mut body);
    if read.is_err() {
        return;
    }
    if body.len() > limits.max_body {
        let refused = lock(service).refusal(&Refusal::BodyTooLarge(limits.max_body), false);
        return respond(request, &refused);
    }
    let answer = match read_request(&request, body) {
        Ok(signed) => route(&signed, service),
        Err(r) => lock(service).refusal(&r, false),
    };
    respond(request, &answer);
}

fn route(req: &SignedRequest, service: &Mutex<Service>) -> Answer {
    let now = real_now();
    match (req.path.as_str(), req.method.as_str()) {
        ("/", _) => lock(service).handle(req, now),
        (CLOCK_PATH, "GET") => lock(service).clock_answer(now),
        (CLOCK_PATH, "POST") => match clock_move(&req.all_pairs()) {
            Ok(ms) => lock(service).advance(ms, now),
            Err(r) => lock(service).refusal(&r, false),
        },
        (path, _) => lock(service).refusal(&Refusal::NotFound(path.to_string()), false),
    }
}

/// `advance=SECONDS` (decimal allowed, ≥ 0) in ms.
fn clock_move(pairs: &[(String, String)]) -> Result<i64, Refusal> {
    let text = params::get(pairs, "advance").ok_or_else(|| {
        Refusal::BadClockMove("Give advance=SECONDS (for example advance=90).".into())
    })?;
    match text.parse::<f64>() {
        Ok(s) if s.is_finite() && (0.0..=1e12).contains(&s) => Ok((s * 1000.0).round() as i64),
        _ => Err(Refusal::BadClockMove(format!(
            "advance=`{text}` is not a number of seconds ≥ 0."
        ))),
    }
}

fn read_request(request: &Request, body: Vec<u8>) -> Result<SignedRequest, Refusal> {
    let url = request.url();
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    let headers: Vec<(String, String)> = request
        .headers()
        .iter()
        .map(|h| {
            (
                h.field.as_str().as_str().to_ascii_lowercase(),
                h.value.as_str().to_string(),
            )
        })
        .collect();
    let is_form = headers
        .iter()
        .any(|(k, v)| k == "content-type" && v.starts_with("application/x-www-form-urlencoded"));
    let form = if is_form {
        let text = std::str::from_utf8(&body)
            .map_err(|_| Refusal::MalformedQuery("the form body".into()))?;
        params::parse_pairs(text).map_err(|e| Refusal::MalformedQuery(e.0))?
    } else {
        Vec::new()
    };
    Ok(SignedRequest {
        method: match request.method() {
            Method::Get => "GET".into(),
            Method::Post => "POST".into(),
            other => other.as_str().to_string(),
        },
        path: path.to_string(),
        query: params::parse_pairs(query).map_err(|e| Refusal::MalformedQuery(e.0))?,
        form,
        headers,
        body,
    })
}

/// Answers and asks the client to close the connection: tiny_http serves each open
/// connection on one pooled thread for its whole life, and a connection accepted while the pool
/// is busy with kept-alive ones can wait until one of them closes (seconds under load). One
/// request per connection bounds that wait by one call.
fn respond(request: Request, answer: &Answer) {
    let (text, content_type) = answer.render();
    let mut response = Response::from_string(text).with_status_code(answer.status);
    for (name, value) in [("Content-Type", content_type), ("Connection", "close")] {
        if let Ok(h) = Header::from_bytes(name, value) {
            response = response.with_header(h);
        }
    }
    let _ = request.respond(response);
}
