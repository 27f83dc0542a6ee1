//! The command-line interface over [`crate::sim`], as plain functions: arguments and standard
//! input in, text out. `src/bin/runcommand-sim.rs` only does I/O around [`run`].

pub mod bench;
pub mod bench_heavy;
pub mod bench_sim;
pub mod export;
pub mod render;
pub mod schedule;
pub mod session;
pub mod simulate;

/// What a command produced: text for standard output and the process exit code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CliOutput {
    /// Text to print on standard output (a trailing newline is added by the caller).
    pub stdout: String,
    /// Text to print on standard error.
    pub stderr: String,
    /// The process exit code.
    pub code: i32,
}

impl CliOutput {
    /// A successful result printing `stdout`.
    pub fn ok(stdout: impl Into<String>) -> Self {
        Self {
            stdout: stdout.into(),
            stderr: String::new(),
            code: 0,
        }
    }

    /// A usage or input error: message on standard error, exit code 2.
    pub fn usage_error(message: impl Into<String>) -> Self {
        Self {
            stdout: String::new(),
            stderr: message.into(),
            code: 2,
        }
    }
}

/// The text of `runcommand-sim --help`.
pub const HELP: &str = "\
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
    bench            run the built-in benchmarks

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
        "bench" => bench::run(rest),
        other => CliOutput::usage_error(format!("unknown command `{other}`\n\n{HELP}")),
    }
}
