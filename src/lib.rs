//! RunCommand Playground: a simulator of Alibaba Cloud ECS `RunCommand` and a yew front end.
//!
//! * [`sim`] — the pure, deterministic simulator core (no browser crates): request model,
//!   API validation, parameter rendering, the schedule engine and the execution simulator.
//! * [`api`] — the JSON facade over [`sim`] (plain JSON in, plain JSON out) shared by the UI,
//!   the JavaScript API and the CLI, with the presets gallery's example requests
//!   ([`api::presets`]) and the request's exports (SDK snippets, wire query, `aliyun` CLI).
//! * `cli` (native only) — the commands of the native CLI (`runcommand-sim`) over [`api`] and
//!   [`sim`].
//! * [`share`] — share links and drafts.
//! * `server` (native only) — `runcommand-sim serve`, the simulator as a local ECS endpoint.
//! * `ui` (wasm32 only) — the yew playground.

pub mod api;
#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
#[cfg(not(target_arch = "wasm32"))]
pub mod server;
pub mod share;
pub mod sim;

#[cfg(target_arch = "wasm32")]
pub mod ui;

/// The allocator of the wasm build: talc instead of the default dlmalloc (smaller, and faster
/// for the many small allocations of a re-evaluation).
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
