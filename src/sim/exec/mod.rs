//! The execution simulator (being written).
pub mod engine;
pub mod error_code;
pub mod interpreter;
pub mod output;
pub mod plan;
pub mod responses;
pub mod status;
pub mod timing;
