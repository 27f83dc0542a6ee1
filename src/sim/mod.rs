//! The pure simulator core.
//!
//! No browser crates here (checked by `tests/architecture.rs`). Deterministic: the
//! current time is always an input and randomness only comes from a seed. Data flows one way:
//! request → validate → render → schedule → simulate → responses.

pub mod calls;
pub mod cli_quote;
pub mod error;
pub mod exec;
pub mod ids;
pub mod invocation;
pub mod json;
pub mod order;
pub mod paging;
pub mod render;
pub mod request;
pub mod schedule;
pub mod session;
pub mod template;
pub mod time;
pub mod tz;
pub mod validate;
pub mod wire;
pub mod world;
