//! The schedule engine: the API layer (what RunCommand accepts in `Frequency`) and the agent
//! layer (how the Cloud Assistant agent 2.x.578 really fires it), sharing one cron parser.
//!
//! # Agent layer
//!
//! [`schedule_agent`] takes an [`AgentRequest`] — the `repeat` kind ([`AgentRepeat`]: `Period`
//! = cron, `Rate`, `At`), the `cron` text as the agent receives it, the agent's clock (ms UTC),
//! the instance's local zone and the task creation time (ms, the `rate()` anchor) — and returns
//! the started timer ([`AgentSchedule`]) or the agent's own error ([`AgentError`], whose
//! [`AgentErrorKind`] prints the agent's names: `CronExpressionExpired`, `Panic`, …).
//!
//! ```
//! use runcommand_playground::sim::schedule::{schedule_agent, AgentRepeat, AgentRequest};
//! let req = AgentRequest {
//!     repeat: AgentRepeat::Period,
//!     expr: "0 30 2 * * ? America/Los_Angeles",
//!     now_ms: 1_709_942_400_000, // 2024-03-09T00:00:00Z
//!     local_zone: runcommand_playground::sim::tz::Zone::UTC,
//!     creation_ms: 1_709_942_400_000,
//! };
//! let list = schedule_agent(&req).unwrap().collect(5);
//! // 02:30 PST on the 9th, then the gap time 02:30 on the 10th is normalised back to 01:30
//! // PST; the recomputed next time is that same instant, so the agent stops for good.
//! assert_eq!(list.fires, [1_709_980_200_000, 1_710_063_000_000]);
//! assert_eq!(list.end.map(|e| e.name()), Some("negative_wait"));
//! ```
//!
//! [`AgentSchedule::fires`] is a lazy iterator of fire instants (no allocation per step);
//! after it ends, [`AgentFires::end`] gives the [`EndReason`] (`no_next_run`, `at_done`,
//! `negative_wait`, or `panic` if a later step would crash the agent).
//! [`AgentSchedule::collect`] lists the first N fires with the end reason.
//!
//! # API layer
//!
//! * [`check_api_frequency`] / [`parse_api_frequency`]: `InvalidParam.Frequency` rules
//!   (rate 60 s–7 d and longer than Timeout; `at(yyyy-MM-dd HH:mm:ss [zone])`, converted to
//!   the agent's `at(yyyy-MM-ddTHH:mm:ss)` UTC form; cron with documented zones, years ≤ 2099,
//!   interval ≥ 10 s and ≥ Timeout).
//! * [`effective_repeat_mode`] and [`is_missing_frequency`]: Frequency forces `Period`;
//!   `Period` without Frequency is `MissingParam.Frequency`.
//! * [`api_timeline`]: for (Frequency, RepeatMode, Timeout, now, instance zone, count) the API
//!   error or a [`Timeline`]: the agent's real fires, the documented fires, divergence
//!   [`warnings::Warning`]s and an English/Chinese [`Description`].
//!
//! # Modules
//!
//! [`civil`] calendar integers, `zone` zones and Go's `time.Date` DST rule, `cron` the field
//! grammar as bitsets, [`next`] the library's next-time walk, `rate`, `at`, [`agent`],
//! `frequency` (the API's `Frequency` rules), `wall` (wall-clock instants and the documented
//! fires), [`api`], [`fires`] (the agent's fires alone, for charts), [`warnings`], `describe`,
//! `bench` (the pure benchmark workload of the native CLI).

pub mod agent;
pub mod api;
pub(crate) mod at;
#[cfg(not(target_arch = "wasm32"))]
pub(crate) mod bench;
pub mod civil;
pub(crate) mod cron;
pub(crate) mod describe;
pub(crate) mod error;
pub mod fires;
pub(crate) mod frequency;
pub mod next;
pub(crate) mod rate;
pub(crate) mod wall;
pub mod warnings;
pub(crate) mod zone;

pub use agent::{
    schedule_agent, AgentFires, AgentPlan, AgentRepeat, AgentRequest, AgentSchedule, EndReason,
    FireList,
};
pub use describe::Description;
pub use error::{AgentError, AgentErrorKind};
pub use fires::{api_fires, ApiFires, FireSeries};
pub use zone::ScheduleZone;

pub use api::{
    api_timeline, effective_repeat_mode, is_missing_frequency, ApiError, ApiScheduleRequest,
    ApiTimeline, RepeatMode, Timeline,
};
pub use frequency::{
    check_api_frequency, crontab_as_six_fields, parse_api_frequency, ApiFrequency, FrequencyError,
    FrequencyKind,
};
