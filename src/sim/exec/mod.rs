//! The execution simulator (being written).
pub mod error_code;
pub mod interpreter;
pub mod plan;
pub mod status;
