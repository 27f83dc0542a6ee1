//! The command-line interface over [`crate::sim`], as plain functions: arguments and standard
//! input in, text out. `src/bin/runcommand-sim.rs` only does I/O around [`run`].

pub(crate) mod bench;
pub mod bench_heavy;
pub mod bench_inputs;
pub mod bench_sim;
pub(crate) mod export;
mod output;
pub(crate) mod render;
pub(crate) mod schedule;
pub mod session;
pub(crate) mod simulate;
pub(crate) mod usage;

pub use output::CliOutput;

/// The text of `runcommand-sim --help`.
pub(crate) const HELP: &str = "\
runcommand-sim — simulate Alibaba Cloud ECS RunCommand offline

USAGE:
    runcommand-sim <COMMAND> [OPTIONS]

COMMANDS:
    version          print the version
    session          JSON Lines API session over a simulated account (stdin → stdout)
    export           print a request (JSON on stdin) as json, wire query or aliyun CLI
    render           print the per-instance rendered scripts of a request (JSON on stdin)
    agent-schedule   fire times of a Frequency as the Cloud Assistant agent computes them
    schedule         the API-level schedule of a request (JSON on stdin) with warnings
    simulate         simulate the executions of a request (JSON on stdin)
    bench            run the built-in benchmarks (`bench serve`: the HTTP endpoint)
    serve            serve the simulated ECS API over HTTP for the official SDKs

Run `runcommand-sim <COMMAND> --help` for the options of a command.
";

/// Runs the command named by `args[0]` (the program name already removed).
///
/// `stdin` is only read by commands that take input; the closure is called at most once.
pub fn run(args: &[String], stdin: &mut dyn FnMut() -> String) -> CliOutput {
    let Some(command) = args.first() else {
        return CliOutput::usage_error(HELP);
    };
    let rest = &args[1..];
    match command.as_str() {
        "-h" | "--help" | "help" => CliOutput::ok(HELP.trim_end()),
        "-V" | "--version" | "version" => {
            CliOutput::ok(format!("runcommand-sim {}", env!("CARGO_PKG_VERSION")))
        }
        "session" => {
            let input = stdin();
            let (mut out, mut err) = (Vec::new(), Vec::new());
            let code = session::run(rest, &mut input.as_bytes(), &mut out, &mut err);
            CliOutput {
                stdout: String::from_utf8_lossy(&out).trim_end().to_string(),
                stderr: String::from_utf8_lossy(&err).trim_end().to_string(),
                code,
            }
        }
        "export" => export::run(rest, stdin),
        "render" => render::run(rest, stdin),
        "agent-schedule" => schedule::run_agent(rest),
        "schedule" => schedule::run_api(rest, stdin),
        "simulate" => simulate::run(rest, stdin),
        "bench" if rest.first().is_some_and(|a| a == "serve") => {
            crate::server::bench::run(&rest[1..])
        }
        "bench" => bench::run(rest),
        "serve" => crate::server::run(rest),
        other => CliOutput::usage_error(format!("unknown command `{other}`\n\n{HELP}")),
    }
}
