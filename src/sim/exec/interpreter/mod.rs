//! A small, documented interpreter of rendered scripts: it decides what a simulated run writes,
//! when, how long it takes and how it exits.
//!
//! Nothing is executed for real. Each type understands a subset (see [`shell`], [`powershell`],
//! [`bat`]); any other command succeeds instantly with no output, and a note saying so is added
//! to [`ScriptRun::notes`] (never silently). Output pieces carry the offset (ms from the start
//! of the run) at which they are written, so the output at an instant mid-run is exact. stdout
//! and stderr are merged in writing order, as the agent does (agent-behaviour §3.7).

pub mod bat;
pub mod powershell;
pub mod shell;
mod text;

use std::borrow::Cow;

use super::plan::CommandType;

/// A piece of merged stdout/stderr written at `at_offset_ms` after the run starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputPiece {
    /// Milliseconds after the start of the run.
    pub at_offset_ms: i64,
    /// The text written.
    pub text: String,
}

/// A process the script starts besides itself (e.g. `sleep`, `timeout.exe`), alive from
/// `from_ms` to `to_ms` (offsets from the run start). With `TerminationMode=Process`, a kill
/// leaves these alive; with `ProcessTree` they die too.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChildProcess {
    /// Start offset (ms).
    pub from_ms: i64,
    /// End offset (ms) if nothing kills it.
    pub to_ms: i64,
    /// Its command line, e.g. `sleep 5`.
    pub command: String,
}

/// What a script does when run to completion.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ScriptRun {
    /// Merged output, in writing order.
    pub output: Vec<OutputPiece>,
    /// How long the script process runs (ms).
    pub duration_ms: i64,
    /// The script process's exit code.
    pub exit_code: i64,
    /// Child processes it starts.
    pub children: Vec<ChildProcess>,
    /// What the interpreter could not simulate faithfully.
    pub notes: Vec<String>,
}

impl ScriptRun {
    /// The child processes alive at `offset_ms` (what a `Process`-mode kill leaves behind).
    pub fn children_alive_at(&self, offset_ms: i64) -> Vec<&ChildProcess> {
        self.children
            .iter()
            .filter(|c| c.from_ms <= offset_ms && offset_ms < c.to_ms)
            .collect()
    }
}

/// The environment values scripts can read (`$HOME`, `%COMPUTERNAME%`, `$env:USERNAME` …).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ScriptEnv {
    /// Names and values; the agent's own variables are borrowed, not copied for every run.
    vars: Vec<(Cow<'static, str>, Cow<'static, str>)>,
}

impl ScriptEnv {
    /// The environment the agent gives a run (agent-behaviour §3.4).
    ///
    /// Linux: `HOME` is the user's home (`/root` for the default account, `/home/<user>`
    /// otherwise); `USER`/`LOGNAME` are inherited from the agent, so stay `root`; `PWD` is
    /// `WorkingDir`, else the home. Windows: `COMPUTERNAME` is the instance name, `USERNAME`
    /// the user (`SYSTEM` by default), `CD` is `WorkingDir` or `C:\Windows\System32`.
    pub fn for_run(
        command_type: CommandType,
        username: &str,
        working_dir: &str,
        instance_id: &str,
        instance_name: &str,
    ) -> Self {
        let mut env = ScriptEnv {
            vars: Vec::with_capacity(8),
        };
        let owned = |v: &str| Cow::Owned(v.to_string());
        if command_type.is_windows() {
            let user = if username.is_empty() {
                Cow::Borrowed("SYSTEM")
            } else {
                owned(username)
            };
            let cd = if working_dir.is_empty() {
                Cow::Borrowed(r"C:\Windows\System32")
            } else {
                owned(working_dir)
            };
            env.put("COMPUTERNAME", owned(instance_name));
            env.put("USERNAME", user);
            env.put("CD", cd);
            env.put("SystemRoot", Cow::Borrowed(r"C:\Windows"));
            env.put("TEMP", Cow::Borrowed(r"C:\Windows\TEMP"));
            env.put("INSTANCE_ID", owned(instance_id));
        } else {
            let home: Cow<'static, str> = if username.is_empty() || username == "root" {
                Cow::Borrowed("/root")
            } else {
                Cow::Owned(format!("/home/{username}"))
            };
            let pwd = if working_dir.is_empty() {
                home.clone()
            } else {
                owned(working_dir)
            };
            env.put("HOME", home);
            env.put("USER", Cow::Borrowed("root"));
            env.put("LOGNAME", Cow::Borrowed("root"));
            env.put("PWD", pwd);
            env.put(
                "PATH",
                Cow::Borrowed("/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"),
            );
            env.put("SHELL", Cow::Borrowed("/bin/sh"));
            env.put("HOSTNAME", owned(instance_name));
        }
        env
    }

    /// Sets (or replaces) a variable.
    pub fn set(&mut self, name: &str, value: &str) {
        if let Some(slot) = self.vars.iter_mut().find(|(n, _)| n == name) {
            slot.1 = Cow::Owned(value.to_string());
        } else {
            self.vars
                .push((Cow::Owned(name.to_string()), Cow::Owned(value.to_string())));
        }
    }

    /// One of the agent's own variables (new names only: [`ScriptEnv::for_run`] sets each once).
    fn put(&mut self, name: &'static str, value: Cow<'static, str>) {
        self.vars.push((Cow::Borrowed(name), value));
    }

    /// Reads a variable (case-sensitive).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.vars
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_ref())
    }

    /// Reads a variable ignoring ASCII case (Windows semantics).
    pub fn get_ignore_case(&self, name: &str) -> Option<&str> {
        self.vars
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_ref())
    }
}

/// Interprets `script` as the given type in `env` (the script's own environment, which it
/// may change).
pub fn interpret(command_type: CommandType, script: &str, env: ScriptEnv) -> ScriptRun {
    match command_type {
        CommandType::RunShellScript => shell::run(script, env),
        CommandType::RunPowerShellScript => powershell::run(script, env),
        CommandType::RunBatScript => bat::run(script, env),
    }
}

/// Parses a duration in seconds (`2`, `1.5`, `.5`, `1e3`) into milliseconds, rounded half up
/// and saturating at 10^15; `None` when it is not a non-negative decimal number.
///
/// Decimal arithmetic on the digits, not `f64`: exact, and it keeps the float parser out of the
/// wasm.
pub(crate) fn seconds_to_ms(text: &str) -> Option<i64> {
    const CAP: u64 = 1_000_000_000_000_000;
    let text = text.trim();
    let text = text.strip_prefix('+').unwrap_or(text);
    let (mantissa, exponent) = match text.find(['e', 'E']) {
        Some(at) => (&text[..at], text[at + 1..].parse::<i32>().ok()?),
        None => (text, 0),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all_digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
    if (whole.is_empty() && fraction.is_empty()) || !all_digits(whole) || !all_digits(fraction) {
        return None;
    }
    // The value is `digits` × 10^scale milliseconds, `digits` being the whole and fraction
    // digits without their leading zeros.
    let number_digits = || whole.bytes().chain(fraction.bytes());
    let zeros = number_digits().take_while(|b| *b == b'0').count();
    let digits = || number_digits().skip(zeros);
    let count = whole.len() + fraction.len() - zeros;
    if count == 0 {
        // Zero, whatever its exponent (`0e999999999` must not loop).
        return Some(0);
    }
    let scale = i64::from(exponent) + 3 - fraction.len() as i64;
    let kept = count as i64 + scale.min(0);
    if kept < 0 {
        return Some(0);
    }
    let kept = kept as usize;
    // At most CAP before each step, so `ms * 10 + 9` fits easily.
    let mut ms: u64 = 0;
    for digit in digits().take(kept) {
        ms = ms * 10 + u64::from(digit - b'0');
        if ms > CAP {
            return Some(CAP as i64);
        }
    }
    for _ in 0..scale.max(0) {
        ms *= 10;
        if ms > CAP {
            return Some(CAP as i64);
        }
    }
    if digits()
        .nth(kept)
        .is_some_and(|first_dropped| first_dropped >= b'5')
    {
        ms += 1;
    }
    Some(ms.min(CAP) as i64)
}

#[cfg(test)]
mod tests {
    use super::seconds_to_ms;

    #[test]
    fn seconds_parse_as_decimals() {
        let cases = [
            ("2", Some(2_000)),
            (" 1.5 ", Some(1_500)),
            (".5", Some(500)),
            ("3.", Some(3_000)),
            ("+0.25", Some(250)),
            ("1e3", Some(1_000_000)),
            ("2.5E-1", Some(250)),
            ("0.0004", Some(0)),
            ("0.0005", Some(1)),
            ("0.00049999", Some(0)),
            ("0.0000001", Some(0)),
            ("007", Some(7_000)),
            ("0", Some(0)),
            ("0e2147483647", Some(0)),
            ("000.000e-5", Some(0)),
            ("1e2147483647", Some(1_000_000_000_000_000)),
            ("1e-2147483648", Some(0)),
            ("1e20", Some(1_000_000_000_000_000)),
            (
                "99999999999999999999999999999999999999999",
                Some(1_000_000_000_000_000),
            ),
            ("-1", None),
            ("", None),
            (".", None),
            ("1.2.3", None),
            ("inf", None),
            ("NaN", None),
            ("1e", None),
            ("5s", None),
        ];
        for (text, want) in cases {
            assert_eq!(seconds_to_ms(text), want, "{text:?}");
        }
    }
}
