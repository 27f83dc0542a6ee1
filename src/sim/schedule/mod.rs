//! The schedule engine: the API layer (what RunCommand accepts in `Frequency`) and the agent
//! layer (how the Cloud Assistant agent fires it).
//!
//! * Agent layer ([`agent`]): [`schedule_agent`] takes what the agent receives (`repeat`, the
//!   `cron` text, its clock, the instance zone, the creation time) and returns the started
//!   timer, whose [`AgentSchedule::fires`] iterates the fire instants lazily, or the agent's
//!   own error ([`AgentError`], kinds named as in the agent).
//! * API layer ([`api`]): [`check_api_frequency`], [`effective_repeat_mode`] and
//!   [`api_timeline`] (fires + divergence warnings + description) for the UI and the CLI.

pub mod agent;
pub mod api;
pub mod at;
pub mod bench;
pub mod civil;
pub mod cron;
pub mod describe;
pub mod error;
pub mod next;
pub mod rate;
pub mod warnings;
pub mod zone;

pub use agent::{
    schedule_agent, AgentFires, AgentPlan, AgentRepeat, AgentRequest, AgentSchedule, EndReason,
    FireList,
};
pub use error::{AgentError, AgentErrorKind};
pub use zone::ScheduleZone;

pub use api::{
    api_timeline, check_api_frequency, effective_repeat_mode, is_missing_frequency,
    parse_api_frequency, ApiError, ApiFrequency, ApiScheduleRequest, ApiTimeline, FrequencyError,
    FrequencyKind, RepeatMode, Timeline,
};
