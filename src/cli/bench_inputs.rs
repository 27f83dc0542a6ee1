//! `runcommand-sim bench inputs`: the heavy inputs of the bad-input suite (100,000 tags,
//! parameters, placeholders, instance ids, query keys, world instances, fires of a rate whose
//! period wraps) through the CLI commands, each with its answer, time and peak memory, against
//! the budget of one second per case.

use std::time::Instant;

use serde_json::{json, Value};

/// The time budget of one case, in seconds.
pub const BUDGET_SECS: f64 = 1.0;

/// How many items each heavy case has.
pub const ITEMS: usize = 100_000;

/// One heavy input: the command it goes through and its stdin.
pub struct HeavyCase {
    /// What the case is.
    pub label: &'static str,
    /// The `runcommand-sim` arguments.
    pub args: &'static [&'static str],
    /// The standard input.
    pub input: String,
    /// A world JSON given as `--world FILE` (written to a temporary file when measured).
    pub world: Option<String>,
}

fn request(changes: Value) -> String {
    let mut req = json!({
        "RegionId": "cn-hangzhou",
        "Type": "RunShellScript",
        "CommandContent": "echo hi",
        "InstanceId": ["i-bp1a00000000000001"],
    });
    if let (Some(req), Some(changes)) = (req.as_object_mut(), changes.as_object()) {
        req.extend(changes.clone());
    }
    req.to_string()
}

/// How many heavy cases there are.
pub const CASES: usize = 7;

/// The default world with `n` more instances in its first instance's region and zone.
fn world_of(n: usize) -> String {
    let mut world = crate::sim::world::World::default_world();
    if let Some(template) = world.instances.first().cloned() {
        world
            .instances
            .extend((0..n).map(|k| crate::sim::world::Instance {
                instance_id: format!("i-w{k:017}"),
                name: format!("w-{k}"),
                ..template.clone()
            }));
    }
    serde_json::to_string(&world).unwrap_or_default()
}

/// Heavy case `index` (below [`CASES`]) with `n` items; each is built only when asked for.
pub fn heavy_case(index: usize, n: usize) -> Option<HeavyCase> {
    let render = &["render"][..];
    Some(match index {
        0 => HeavyCase {
            label: "render: Tag entries",
            args: render,
            world: None,
            input: request(json!({
                "Tag": (0..n).map(|i| json!({"Key": format!("k{i}"), "Value": "v"})).collect::<Vec<_>>(),
            })),
        },
        1 => HeavyCase {
            label: "render: Parameters keys",
            args: render,
            world: None,
            input: request(json!({
                "EnableParameter": true,
                "CommandContent": "echo {{k1}}",
                "Parameters": (0..n)
                    .map(|i| (format!("k{i}"), json!("v")))
                    .collect::<serde_json::Map<_, _>>(),
            })),
        },
        2 => HeavyCase {
            label: "render: placeholders",
            args: render,
            world: None,
            input: request(json!({
                "EnableParameter": true,
                "CommandContent": (0..n).map(|i| format!("{{{{p{i}}}}} ")).collect::<String>(),
            })),
        },
        3 => HeavyCase {
            label: "render: InstanceId entries",
            args: render,
            world: None,
            input: request(json!({
                "InstanceId": (0..n).map(|i| format!("i-x{i}")).collect::<Vec<_>>(),
            })),
        },
        4 => HeavyCase {
            label: "export --from query: Tag.N.Key",
            args: &["export", "--from", "query", "--format", "json"],
            world: None,
            input: (0..n).fold(
                "RegionId=cn-hangzhou&Type=RunShellScript&CommandContent=echo&InstanceId.1=i-1"
                    .to_string(),
                |q, i| q + &format!("&Tag.{}.Key=k{i}", i + 1),
            ),
        },
        5 => HeavyCase {
            label: "render --world: instances",
            args: render,
            input: request(json!({})),
            world: Some(world_of(n)),
        },
        6 => HeavyCase {
            label: "agent-schedule: wrapping rate",
            // 153722867280912931 minutes overflow int64 nanoseconds: the agent's period wraps
            // to about 52 s.
            args: &[
                "agent-schedule",
                "--repeat",
                "Rate",
                "--expr",
                "rate(153722867280912931m)",
                "--start",
                "2026-01-01T00:00:00Z",
                "--count",
                "100000",
            ],
            input: String::new(),
            world: None,
        },
        _ => return None,
    })
}

/// The process's resident memory now and at its peak, in KiB (Linux only).
fn rss_kib() -> Option<(u64, u64)> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let field = |name: &str| -> Option<u64> {
        let line = status.lines().find(|l| l.starts_with(name))?;
        line.split_whitespace().nth(1)?.parse().ok()
    };
    Some((field("VmRSS:")?, field("VmHWM:")?))
}

/// What a CLI answer says in one word: the API error code, `ok`, or the usage error.
fn answer_of(stdout: &str, stderr: &str) -> String {
    let parsed: Value = serde_json::from_str(stdout).unwrap_or(Value::Null);
    if let Some(code) = parsed["Body"]["Code"].as_str() {
        return code.to_string();
    }
    if stderr.is_empty() {
        return "ok".to_string();
    }
    stderr.chars().take(26).collect()
}

/// A case ready to run: its world written to a temporary file for `--world` (removed when the
/// case is dropped).
struct PreparedCase {
    args: Vec<String>,
    input: Option<String>,
    world_file: Option<std::path::PathBuf>,
}

impl PreparedCase {
    fn new(case: HeavyCase) -> Result<Self, super::CliOutput> {
        let mut args: Vec<String> = case.args.iter().map(|a| a.to_string()).collect();
        let mut world_file = None;
        if let Some(world) = &case.world {
            let file = std::env::temp_dir().join(format!(
                "runcommand-sim-bench-world-{}.json",
                std::process::id()
            ));
            if let Err(e) = std::fs::write(&file, world) {
                let why = format!("cannot write {}: {e}", file.display());
                return Err(super::CliOutput::usage_error(why));
            }
            args.extend(["--world".to_string(), file.display().to_string()]);
            world_file = Some(file);
        }
        Ok(Self {
            args,
            input: Some(case.input),
            world_file,
        })
    }

    fn run(mut self) -> super::CliOutput {
        let mut input = self.input.take();
        super::run(&self.args, &mut || input.take().unwrap_or_default())
    }
}

impl Drop for PreparedCase {
    fn drop(&mut self) {
        if let Some(file) = &self.world_file {
            let _ = std::fs::remove_file(file);
        }
    }
}

/// Runs `case` through the CLI.
pub fn run_case(case: HeavyCase) -> super::CliOutput {
    PreparedCase::new(case).map_or_else(|refused| refused, PreparedCase::run)
}

/// One measured case: `answer ms rss_before_kib peak_kib` (memory 0 when unknown); the time
/// and the peak are those of the command, once its input and world file are ready.
fn measure(index: usize) -> String {
    let Some(case) = heavy_case(index, ITEMS) else {
        return format!("no-such-case 0 0 0 {index}");
    };
    let prepared = match PreparedCase::new(case) {
        Ok(p) => p,
        Err(refused) => return format!("{} 0 0 0", refused.stderr.replace(' ', "_")),
    };
    let before = rss_kib().map_or(0, |(now, _)| now);
    let t0 = Instant::now();
    let result = prepared.run();
    let ms = t0.elapsed().as_secs_f64() * 1e3;
    let peak = rss_kib().map_or(0, |(_, peak)| peak);
    let answer = answer_of(&result.stdout, &result.stderr).replace(' ', "_");
    format!("{answer} {ms:.1} {before} {peak}")
}

/// Runs case `index` in a fresh process of this program (so its peak memory is its own), or
/// here when the program cannot be started again.
fn measure_apart(index: usize) -> String {
    let child = std::env::current_exe().and_then(|exe| {
        std::process::Command::new(exe)
            .args(["bench", "inputs", "--case", &index.to_string()])
            .output()
    });
    match child {
        Ok(out) if out.status.success() => String::from_utf8_lossy(&out.stdout).trim().to_string(),
        _ => measure(index),
    }
}

/// `runcommand-sim bench inputs`: every heavy case, each in its own process, as a table;
/// `--case N` measures case N here (one line: answer, ms, KiB before, peak KiB).
pub fn run(args: &[String]) -> String {
    if let [flag, n] = args {
        if flag == "--case" {
            return measure(n.parse().unwrap_or(usize::MAX));
        }
    }
    let mut out = format!(
        "{:<32} {:>8} {:<26} {:>8} {:>9} {:>9} {:>6}\n",
        "heavy input (100,000 items)", "input KB", "answer", "ms", "RSS MB", "peak MB", "≤ 1 s"
    );
    let mb = |kib: &str| {
        kib.parse::<f64>()
            .ok()
            .filter(|k| *k > 0.0)
            .map_or("n/a".to_string(), |k| format!("{:.1}", k / 1024.0))
    };
    for index in 0..CASES {
        let Some(case) = heavy_case(index, ITEMS) else {
            continue;
        };
        let line = measure_apart(index);
        let fields: Vec<&str> = line.split_whitespace().collect();
        let [answer, ms, before, peak] = fields[..] else {
            out.push_str(&format!("{:<32} {line}\n", case.label));
            continue;
        };
        let within = ms.parse::<f64>().is_ok_and(|ms| ms <= BUDGET_SECS * 1e3);
        let input_len = case.input.len() + case.world.as_ref().map_or(0, String::len);
        out.push_str(&format!(
            "{:<32} {:>8} {:<26} {:>8} {:>9} {:>9} {:>6}\n",
            case.label,
            input_len / 1024,
            answer,
            ms,
            mb(before),
            mb(peak),
            if within { "yes" } else { "NO" }
        ));
    }
    out.push_str(
        "RSS MB: resident memory with the input read, before the command runs. The world is \
         read from a file and counted in input KB.",
    );
    out
}
