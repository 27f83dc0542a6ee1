//! RunCommand Playground: a simulator of Alibaba Cloud ECS `RunCommand` and a yew front end.
//!
//! * [`sim`] — the pure, deterministic simulator core (no browser crates): request model,
//!   API validation, parameter rendering, the schedule engine and the execution simulator.
//! * [`cli`] — JSON-in/JSON-out commands over [`sim`], shared by the native CLI
//!   (`runcommand-sim`) and the JavaScript API.
//! * `server` (native only) — `runcommand-sim serve`, the simulator as a local ECS endpoint.
//! * `ui` (wasm32 only) — the yew playground.

pub mod api;
pub mod cli;
pub mod presets;
#[cfg(not(target_arch = "wasm32"))]
pub mod server;
pub mod share;
pub mod sim;
pub mod snippets;

#[cfg(target_arch = "wasm32")]
pub mod ui;

/// The allocator of the wasm build: talc instead of the default dlmalloc (smaller, and faster
/// for the many small allocations of a re-evaluation).
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
