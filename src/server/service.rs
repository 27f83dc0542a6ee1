//! The simulated ECS endpoint behind the HTTP listener: the signature gate, the clock, the
//! session (`crate::sim::session`), the saved-command list and the state file, answering one
//! request at a time.

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{json, Value};

use super::auth::{Gate, SignedRequest};
use super::clock::Clock;
use super::commands::Commands;
use super::error::ReplayError;
use super::journal::{Entry, Journal};
use super::params;
use super::refusal::Refusal;
use crate::sim::error::{ApiError, ApiErrorCode, HOST_ID};
use crate::sim::session::{Session, ACTIONS};
use crate::sim::world::World;

/// The actions the endpoint serves beyond the session's.
pub const SAVED_COMMAND_ACTIONS: &[&str] = &["DescribeCommands", "DeleteCommand"];

/// Whether `action` is served.
pub fn is_action(action: &str) -> bool {
    ACTIONS.contains(&action) || SAVED_COMMAND_ACTIONS.contains(&action)
}

/// An answer: HTTP status, JSON body and the XML root element to use when XML is asked.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    /// HTTP status.
    pub status: u16,
    /// The JSON body.
    pub body: Value,
    /// `<Action>Response`, or `Error`.
    pub xml_root: String,
    /// Whether the caller asked for XML.
    pub xml: bool,
}

impl Answer {
    /// The body text and its content type.
    pub fn render(&self) -> (String, &'static str) {
        if self.xml {
            (
                super::xml::document(&self.xml_root, &self.body),
                "application/xml;charset=utf-8",
            )
        } else {
            (self.body.to_string(), "application/json;charset=utf-8")
        }
    }
}

/// The endpoint's state.
#[derive(Debug)]
pub struct Service {
    session: Session,
    commands: Commands,
    clock: Clock,
    gate: Gate,
    journal: Option<Journal>,
    request_ids: RequestIds,
}

impl Service {
    /// A service over `world`; with a journal, its entries are replayed first (their clock
    /// and seed win over `clock` and `seed`) and every later call is appended to it.
    pub(crate) fn new(
        world: World,
        seed: u64,
        clock: Clock,
        keys: Vec<(String, String)>,
        journal: Option<(Journal, Vec<Entry>)>,
        real_now: DateTime<Utc>,
    ) -> Result<Self, ReplayError> {
        let (mut journal, entries) = match journal {
            Some((j, e)) => (Some(j), e),
            None => (None, Vec::new()),
        };
        let (clock, seed, replay) = match entries.split_first() {
            Some((Entry::Start { clock, seed }, rest)) => (*clock, *seed, rest),
            Some(_) => return Err(ReplayError::NoClockLine),
            None => {
                if let Some(j) = journal.as_mut() {
                    j.append(&Entry::Start { clock, seed })
                        .map_err(ReplayError::Write)?;
                }
                (clock, seed, &[][..])
            }
        };
        let mut service = Self {
            session: Session::new(world, seed),
            commands: Commands::default(),
            clock,
            gate: Gate::new(keys),
            journal: None,
            request_ids: RequestIds::new(real_now),
        };
        for entry in replay {
            match entry {
                Entry::Call {
                    at_ms,
                    action,
                    request,
                } => {
                    let at = DateTime::from_timestamp_millis(*at_ms)
                        .ok_or(ReplayError::ImpossibleTime(*at_ms))?;
                    service.apply(at, action, request);
                }
                Entry::Advance { ms } => service.clock.advance(*ms),
                Entry::Start { .. } => return Err(ReplayError::SecondClockLine),
            }
        }
        service.journal = journal;
        Ok(service)
    }

    /// How many calls the session has recorded (invocations), for the start message.
    pub fn invocation_count(&self) -> usize {
        self.session.invocations().len()
    }

    /// The simulated time now: the clock, never before the session's latest call.
    pub fn now(&self, real_now: DateTime<Utc>) -> DateTime<Utc> {
        let t = self.clock.now(real_now);
        self.session.clock().map_or(t, |c| c.max(t))
    }

    /// Answers an RPC request at real time `real_now`.
    pub fn handle(&mut self, req: &SignedRequest, real_now: DateTime<Utc>) -> Answer {
        let xml =
            params::get(&req.all_pairs(), "Format").is_some_and(|f| f.eq_ignore_ascii_case("XML"));
        let caller = match self.gate.check(req, real_now, &is_action) {
            Ok(c) => c,
            Err(r) => return self.refusal(&r, xml),
        };
        let request = params::to_request(&req.all_pairs());
        let at = self.now(real_now);
        if let Some(j) = self.journal.as_mut() {
            let entry = Entry::Call {
                at_ms: at.timestamp_millis(),
                action: caller.action.clone(),
                request: request.clone(),
            };
            if let Err(e) = j.append(&entry) {
                return self.refusal(&Refusal::JournalFailed(e.to_string()), caller.xml);
            }
        }
        let (status, body) = self.apply(at, &caller.action, &request);
        Answer {
            status,
            xml_root: if status == 200 {
                format!("{}Response", caller.action)
            } else {
                "Error".into()
            },
            body,
            xml: caller.xml,
        }
    }

    /// The clock control call: moves the clock forward by `ms` and answers the new time.
    pub fn advance(&mut self, ms: i64, real_now: DateTime<Utc>) -> Answer {
        if ms < 0 {
            return self.refusal(
                &Refusal::BadClockMove("The simulated clock only moves forward.".into()),
                false,
            );
        }
        if let Some(j) = self.journal.as_mut() {
            if let Err(e) = j.append(&Entry::Advance { ms }) {
                return self.refusal(&Refusal::JournalFailed(e.to_string()), false);
            }
        }
        self.clock.advance(ms);
        self.clock_answer(real_now)
    }

    /// The simulated time, as the clock control call answers it.
    pub fn clock_answer(&mut self, real_now: DateTime<Utc>) -> Answer {
        let now = self.now(real_now);
        Answer {
            status: 200,
            body: json!({
                "Now": now.to_rfc3339_opts(SecondsFormat::Millis, true),
                "Pinned": self.clock.pinned,
                "Speed": self.clock.speed,
            }),
            xml_root: "ClockResponse".into(),
            xml: false,
        }
    }

    /// The answer to a refused request.
    pub fn refusal(&mut self, refusal: &Refusal, xml: bool) -> Answer {
        let request_id = self.request_ids.next();
        Answer {
            status: refusal.http_status(),
            body: json!({
                "RequestId": request_id,
                "HostId": HOST_ID,
                "Code": refusal.code(),
                "Message": refusal.message(),
                "Recommend": format!(
                    "https://api.aliyun.com/troubleshoot?q={}&product=Ecs&requestId={request_id}",
                    refusal.code()
                ),
            }),
            xml_root: "Error".into(),
            xml,
        }
    }

    /// Runs one accepted call (live or replayed).
    fn apply(&mut self, at: DateTime<Utc>, action: &str, request: &Value) -> (u16, Value) {
        let answer = match action {
            "DescribeCommands" => {
                let id = self.request_ids.next();
                self.commands.describe(request, &id)
            }
            "DeleteCommand" => {
                let id = self.request_ids.next();
                self.commands.delete(request, &id)
            }
            "InvokeCommand" if self.commands.is_deleted(request) => {
                Err(ApiError::new(ApiErrorCode::InvalidCmdIdNotFound))
            }
            _ => {
                let r = self.session.call(at, action, request);
                if r.is_success() {
                    self.commands.observe(at, action, request, &r.body);
                }
                return (r.http_status, r.body);
            }
        };
        match answer {
            Ok(body) => (200, body),
            Err(e) => {
                let r = self.session.error_response(&e);
                (r.http_status, r.body)
            }
        }
    }
}

/// RequestIds of the answers the session does not give (refusals, saved-command calls):
/// upper-case UUID-shaped, from a counter salted with the start time.
#[derive(Debug)]
struct RequestIds {
    salt: u64,
    next: u64,
}

impl RequestIds {
    fn new(real_now: DateTime<Utc>) -> Self {
        Self {
            salt: real_now.timestamp_nanos_opt().unwrap_or_default() as u64,
            next: 0,
        }
    }

    fn next(&mut self) -> String {
        self.next += 1;
        let x = self
            .salt
            .wrapping_add(self.next.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let y = x.rotate_left(29) ^ self.next;
        format!(
            "{:08X}-{:04X}-4{:03X}-A{:03X}-{:012X}",
            x >> 32,
            (x >> 16) & 0xFFFF,
            x & 0xFFF,
            y & 0xFFF,
            y >> 16
        )
    }
}
