//! The agent layer: how the Cloud Assistant agent 2.x.578 schedules and fires a task it
//! receives (`repeat` + `cron` text + its clock + the task creation time).

use crate::sim::tz::Zone;

use super::at::parse_agent_at;
use super::cron::{CronSpec, Dialect};
use super::error::{AgentError, AgentErrorKind};
use super::next::{next_fire, next_fire_cached, NextCache, NextOutcome};
use super::rate::{parse_agent_rate, Rate};
use super::zone::{parse_agent_zone, ScheduleZone};

/// The `repeat` value the server sends with a periodic task.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgentRepeat {
    /// A cron expression.
    Period,
    /// A `rate()` expression anchored at the creation time.
    Rate,
    /// An `at()` expression (UTC ISO form).
    At,
}

impl AgentRepeat {
    /// Parses `Period`, `Rate` or `At` (exact case, as on the wire).
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "Period" => Some(Self::Period),
            "Rate" => Some(Self::Rate),
            "At" => Some(Self::At),
            _ => None,
        }
    }
}

/// Why a list of fires ended before the requested count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EndReason {
    /// A cron schedule has no next time (its years ran out; ≤ 2099). The agent then reports
    /// stopped/`completed` after the last run.
    NoNextRun,
    /// An `at()` task fired its one run.
    AtDone,
    /// The recomputed next time is not after the fire just done (DST normalisation moved it
    /// back): the agent's timer loop exits and the task silently stops for good.
    NegativeWait,
    /// The next-time computation would crash the agent (never reproduced here).
    Panic,
    /// The next fire falls after 9999-12-31T23:59:59.999Z, the last instant RFC 3339 times
    /// (and the API's) can write: the simulated schedule ends there.
    RangeEnd,
}

/// The last instant an RFC 3339 time can write: 9999-12-31T23:59:59.999Z, in ms.
pub const LAST_RFC3339_MS: i64 = 253_402_300_799_999;

impl EndReason {
    /// The wire name: `no_next_run`, `at_done`, `negative_wait`, `panic` or `rfc3339_range`.
    pub fn name(self) -> &'static str {
        match self {
            Self::NoNextRun => "no_next_run",
            Self::AtDone => "at_done",
            Self::NegativeWait => "negative_wait",
            Self::Panic => "panic",
            Self::RangeEnd => "rfc3339_range",
        }
    }

    /// What the end means, in one sentence.
    pub fn sentence(self) -> &'static str {
        match self {
            Self::NoNextRun => {
                "The schedule has no next run: the task completes after its last run."
            }
            Self::AtDone => "The at() task fired its one run.",
            Self::NegativeWait => {
                "The next time was normalised to a moment already past: the agent's timer loop \
                 exits and the task stops firing."
            }
            Self::Panic => "Computing the next time would crash the agent: the task stops firing.",
            Self::RangeEnd => {
                "The next run would fall after 9999-12-31T23:59:59.999Z, the last time RFC 3339 \
                 can write: the simulated schedule ends there."
            }
        }
    }
}

/// What the agent received, and its clock.
#[derive(Debug, Clone, Copy)]
pub struct AgentRequest<'a> {
    /// Which timer the agent creates.
    pub repeat: AgentRepeat,
    /// The `cron` text of the task.
    pub expr: &'a str,
    /// The agent's "now", ms since the epoch (UTC).
    pub now_ms: i64,
    /// The instance's local zone (used by zone-less cron expressions).
    pub local_zone: Zone,
    /// The task's `creationTime`, ms since the epoch (the `rate()` anchor).
    pub creation_ms: i64,
}

/// A cron expression after the agent's field split.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CronPlan {
    /// The parsed fields.
    pub spec: CronSpec,
    /// The zone the schedule runs in.
    pub zone: ScheduleZone,
    /// Whether the expression named its zone (false: the instance's local zone).
    pub zone_given: bool,
    /// The seven expression fields as written (year `*` when absent).
    pub fields: [String; 7],
}

/// A timer the agent created and started.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AgentPlan {
    /// A cron timer.
    Cron(Box<CronPlan>),
    /// A rate timer anchored at `start_ms`.
    Rate {
        /// The parsed rate.
        rate: Rate,
        /// The anchor (task creation time), ms.
        start_ms: i64,
    },
    /// An at timer firing once at `at_ms`.
    At {
        /// The instant, ms.
        at_ms: i64,
    },
}

/// A started schedule: its plan and its first fire (the agent only starts a timer whose first
/// wait is not negative).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgentSchedule {
    /// The timer.
    pub plan: AgentPlan,
    /// The first fire instant, ms.
    pub first_ms: i64,
}

/// Fires listed up to a count, and why the list ended early (if it did).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FireList {
    /// Fire instants, ms since the epoch, strictly increasing.
    pub fires: Vec<i64>,
    /// `Some` when fewer fires than requested happen.
    pub end: Option<EndReason>,
}

/// Whether a 7th token "looks like a year" to the agent: `*`, `?`, `*/<digits>`, or containing
/// anywhere a four-digit run 1970–2099.
pub fn looks_like_year(token: &str) -> bool {
    if token == "*" || token == "?" {
        return true;
    }
    if let Some(d) = token.strip_prefix("*/") {
        if !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()) {
            return true;
        }
    }
    token.as_bytes().windows(4).any(|w| {
        w.iter().all(u8::is_ascii_digit)
            && ((w[0] == b'1' && w[1] == b'9' && w[2] >= b'7') || (w[0] == b'2' && w[1] == b'0'))
    })
}

/// The agent's split of a cron text into seven fields and an optional zone token.
pub fn split_cron(expr: &str) -> Result<([&str; 7], Option<&str>), AgentError> {
    let mut it = expr.split_whitespace();
    let mut tokens: [&str; 8] = [""; 8];
    let mut n = 0;
    for t in it.by_ref() {
        if n == 8 {
            n += 1;
            break;
        }
        if let Some(slot) = tokens.get_mut(n) {
            *slot = t;
        }
        n += 1;
    }
    let [a, b, c, d, e, f, g, h] = tokens;
    match n {
        6 => Ok(([a, b, c, d, e, f, "*"], None)),
        7 if looks_like_year(g) => Ok(([a, b, c, d, e, f, g], None)),
        7 => Ok(([a, b, c, d, e, f, "*"], Some(g))),
        8 => Ok(([a, b, c, d, e, f, g], Some(h))),
        _ => Err(AgentError::new(
            AgentErrorKind::InvalidCronExpression,
            format!("expected 6 to 8 fields, got {n}"),
        )),
    }
}

/// Parses a cron text as the agent does (split, zone, fields), without computing a time.
pub fn parse_agent_cron(expr: &str, local_zone: Zone) -> Result<CronPlan, AgentError> {
    let (fields, zone_token) = split_cron(expr.trim())?;
    let zone = match zone_token {
        Some(t) => parse_agent_zone(t)?,
        None => ScheduleZone::Iana(local_zone),
    };
    let spec = CronSpec::parse(fields, Dialect::Agent)
        .map_err(|m| AgentError::new(AgentErrorKind::CronSyntax, m))?;
    Ok(CronPlan {
        spec,
        zone,
        zone_given: zone_token.is_some(),
        fields: fields.map(str::to_string),
    })
}

fn panic_error(why: &str) -> AgentError {
    AgentError::new(
        AgentErrorKind::Panic,
        format!("the agent would crash computing the next run ({why}); nothing is scheduled or reported"),
    )
}

/// Creates and starts the agent's timer for `req`: the first fire, or the agent's error.
pub fn schedule_agent(req: &AgentRequest<'_>) -> Result<AgentSchedule, AgentError> {
    match req.repeat {
        AgentRepeat::Period => {
            let plan = parse_agent_cron(req.expr, req.local_zone)?;
            let first = match next_fire(&plan.spec, &plan.zone, req.now_ms.div_euclid(1000)) {
                NextOutcome::At(s) => s.saturating_mul(1000),
                NextOutcome::None => {
                    return Err(AgentError::new(
                        AgentErrorKind::CronExpressionExpired,
                        "the expression has no next run",
                    ))
                }
                NextOutcome::Panic(why) => return Err(panic_error(why)),
            };
            if first < req.now_ms {
                return Err(AgentError::new(
                    AgentErrorKind::NoNextRun,
                    "the first computed run is already past (DST normalisation): the timer does not start",
                ));
            }
            Ok(AgentSchedule {
                plan: AgentPlan::Cron(Box::new(plan)),
                first_ms: first,
            })
        }
        AgentRepeat::Rate => {
            let rate = parse_agent_rate(req.expr)?;
            let first = rate.next_after(req.creation_ms, req.now_ms).ok_or_else(|| {
                AgentError::new(
                    AgentErrorKind::NoNextRun,
                    "the rate period overflowed to a non-positive duration: the timer does not start",
                )
            })?;
            Ok(AgentSchedule {
                plan: AgentPlan::Rate {
                    rate,
                    start_ms: req.creation_ms,
                },
                first_ms: first,
            })
        }
        AgentRepeat::At => {
            let at_ms = parse_agent_at(req.expr)?;
            if req.now_ms > at_ms {
                return Err(AgentError::new(
                    AgentErrorKind::AtExpressionExpired,
                    "AtExpressionExpired: the time is already past (logged only, nothing is reported)",
                ));
            }
            Ok(AgentSchedule {
                plan: AgentPlan::At { at_ms },
                first_ms: at_ms,
            })
        }
    }
}

impl AgentSchedule {
    /// A lazy iterator over the fire instants (ms). Cron steps allocate nothing.
    pub fn fires(&self) -> AgentFires<'_> {
        AgentFires {
            plan: &self.plan,
            next: Some(self.first_ms),
            end: None,
            cache: NextCache::default(),
        }
    }

    /// The first `count` fires and why the list ended early, if it did.
    pub fn collect(&self, count: usize) -> FireList {
        let mut it = self.fires();
        let fires: Vec<i64> = it.by_ref().take(count).collect();
        let end = if fires.len() < count { it.end() } else { None };
        FireList { fires, end }
    }

    /// The wall-clock stamp the agent adds to the report of a cron run fired at `ms`:
    /// `(offset, timeZone)`, the offset in seconds east of UTC in the schedule zone and the
    /// zone's name. `None` for rate and at runs (they only carry `currentTime`).
    pub fn wall_stamp(&self, ms: i64) -> Option<(i32, String)> {
        match &self.plan {
            AgentPlan::Cron(c) => Some((c.zone.offset_at(ms.div_euclid(1000)), c.zone.name())),
            _ => None,
        }
    }

    /// The zone of a cron schedule.
    pub fn zone(&self) -> Option<&ScheduleZone> {
        match &self.plan {
            AgentPlan::Cron(c) => Some(&c.zone),
            _ => None,
        }
    }
}

/// The agent's timer loop as an iterator: each item is a fire instant in ms; after the last
/// item [`AgentFires::end`] says why it stopped.
#[derive(Debug, Clone)]
pub struct AgentFires<'a> {
    plan: &'a AgentPlan,
    next: Option<i64>,
    end: Option<EndReason>,
    cache: NextCache,
}

impl AgentFires<'_> {
    /// Why the iteration ended (`None` while it goes on).
    pub fn end(&self) -> Option<EndReason> {
        self.end
    }

    fn after(&mut self, fired_ms: i64) -> Option<i64> {
        match self.plan {
            AgentPlan::Cron(c) => {
                match next_fire_cached(&c.spec, &c.zone, fired_ms.div_euclid(1000), &mut self.cache)
                {
                    NextOutcome::At(s) => {
                        let ms = s.saturating_mul(1000);
                        if ms <= fired_ms {
                            self.end = Some(EndReason::NegativeWait);
                            None
                        } else {
                            Some(ms)
                        }
                    }
                    NextOutcome::None => {
                        self.end = Some(EndReason::NoNextRun);
                        None
                    }
                    NextOutcome::Panic(_) => {
                        self.end = Some(EndReason::Panic);
                        None
                    }
                }
            }
            AgentPlan::Rate { rate, start_ms } => {
                let n = rate.next_in_later_ms(*start_ms, fired_ms);
                if n.is_none() {
                    self.end = Some(EndReason::NoNextRun);
                }
                n
            }
            AgentPlan::At { .. } => {
                self.end = Some(EndReason::AtDone);
                None
            }
        }
    }
}

impl Iterator for AgentFires<'_> {
    type Item = i64;

    fn next(&mut self) -> Option<i64> {
        let current = self.next?;
        if current > LAST_RFC3339_MS {
            self.next = None;
            self.end = Some(EndReason::RangeEnd);
            return None;
        }
        self.next = self.after(current);
        Some(current)
    }
}
