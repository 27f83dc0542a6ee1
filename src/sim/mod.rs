//! The pure simulator core.
//!
//! No yew, web-sys, gloo or js-sys here (checked by `tests/architecture.rs`). Deterministic: the
//! current time is always an input and randomness only comes from a seed. Data flows one way:
//! request → validate → render → schedule → simulate → responses.

pub mod exec;
pub mod render;
pub mod request;
pub mod schedule;
pub mod template;
pub mod validate;
pub mod world;
