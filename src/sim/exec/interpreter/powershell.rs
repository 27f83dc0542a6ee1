//! `RunPowerShellScript` subset (run by `powershell -file`).
//!
//! Understood (case-insensitive names): `Write-Output`/`echo`/`write` (one line per argument),
//! `Write-Host` (arguments joined by spaces), `Write-Error` (text on the merged stream, no change
//! to the exit code: it is a non-terminating error), `throw "…"` (terminating: exit code 1),
//! `Start-Sleep [-Seconds] N` / `-Milliseconds N` (in-process: no child process), `exit [N]`,
//! `$name = value` assignments; `"…"` strings expand `$env:NAME`, `$name` and
//! `$LASTEXITCODE`, `'…'` strings are literal; `;` and new lines separate statements; `#`
//! comments and `<# … #>` blocks. Output lines end with CRLF. Anything else succeeds instantly
//! with no output and a note.

use super::text::quoted_list;
use super::{seconds_to_ms, OutputPiece, ScriptEnv, ScriptRun};

/// Runs a PowerShell script to completion in virtual time.
pub fn run(script: &str, env: ScriptEnv) -> ScriptRun {
    let mut ps = PowerShell {
        env,
        locals: Vec::new(),
        now: 0,
        run: ScriptRun::default(),
        exit: None,
        unknown: Vec::new(),
    };
    let mut in_block_comment = false;
    for raw in script.split('\n') {
        let mut line = raw.strip_suffix('\r').unwrap_or(raw).to_string();
        if in_block_comment {
            match line.find("#>") {
                Some(end) => {
                    line = line[end + 2..].to_string();
                    in_block_comment = false;
                }
                None => continue,
            }
        }
        if let Some(start) = line.find("<#") {
            match line[start..].find("#>") {
                Some(end) => line.replace_range(start..start + end + 2, ""),
                None => {
                    line.truncate(start);
                    in_block_comment = true;
                }
            }
        }
        for statement in statements(&line) {
            ps.statement(&statement);
            if ps.exit.is_some() {
                break;
            }
        }
        if ps.exit.is_some() {
            break;
        }
    }
    ps.run.duration_ms = ps.now;
    ps.run.exit_code = ps.exit.unwrap_or(0);
    if !ps.unknown.is_empty() {
        ps.run.notes.push(format!(
            "not simulated, assumed to succeed instantly with no output: {}",
            quoted_list(&ps.unknown)
        ));
    }
    ps.run
}

/// Splits a line at `;` outside quotes and drops a `#` comment.
fn statements(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut quote: Option<char> = None;
    for c in line.chars() {
        match quote {
            Some(q) => {
                current.push(c);
                if c == q {
                    quote = None;
                }
            }
            None => match c {
                '\'' | '"' => {
                    quote = Some(c);
                    current.push(c);
                }
                '#' => break,
                ';' => out.push(std::mem::take(&mut current)),
                _ => current.push(c),
            },
        }
    }
    out.push(current);
    out.into_iter().filter(|s| !s.trim().is_empty()).collect()
}

struct PowerShell {
    env: ScriptEnv,
    locals: Vec<(String, String)>,
    now: i64,
    run: ScriptRun,
    exit: Option<i64>,
    unknown: Vec<String>,
}

impl PowerShell {
    fn write_line(&mut self, text: &str) {
        self.run.output.push(OutputPiece {
            at_offset_ms: self.now,
            text: format!("{text}\r\n"),
        });
    }

    fn statement(&mut self, statement: &str) {
        let trimmed = statement.trim();
        if let Some(rest) = trimmed.strip_prefix('$') {
            if let Some((name, value)) = rest.split_once('=') {
                let name = name.trim().to_string();
                let value = self.args(value.trim()).join(" ");
                self.locals.retain(|(n, _)| !n.eq_ignore_ascii_case(&name));
                self.locals.push((name, value));
                return;
            }
        }
        let (name, rest) = match trimmed.find(char::is_whitespace) {
            Some(i) => (&trimmed[..i], trimmed[i..].trim()),
            None => (trimmed, ""),
        };
        let lower = name.to_ascii_lowercase();
        match lower.as_str() {
            "write-output" | "echo" | "write" => {
                for arg in self.args(rest) {
                    self.write_line(&arg);
                }
            }
            "write-host" => {
                let args = self.args(rest);
                let args: Vec<String> = args.into_iter().filter(|a| a != "-NoNewline").collect();
                self.write_line(&args.join(" "));
            }
            "write-error" => {
                let text = self.args(rest).join(" ");
                self.write_line(&format!("Write-Error: {text}"));
            }
            "throw" => {
                let text = self.args(rest).join(" ");
                self.write_line(&text);
                self.exit = Some(1);
            }
            "start-sleep" | "sleep" => self.sleep(rest),
            "exit" => {
                let code = self
                    .args(rest)
                    .first()
                    .and_then(|a| a.parse::<i64>().ok())
                    .unwrap_or(0);
                self.exit = Some(i64::from(code as i32));
            }
            _ => {
                let label = name.to_string();
                if !self.unknown.contains(&label) {
                    self.unknown.push(label);
                }
            }
        }
    }

    fn sleep(&mut self, rest: &str) {
        let args = self.args(rest);
        let mut factor_ms = 1000.0;
        let mut value: Option<String> = None;
        for arg in &args {
            let lower = arg.to_ascii_lowercase();
            if lower.starts_with("-m") {
                factor_ms = 1.0;
            } else if lower.starts_with("-s") {
                factor_ms = 1000.0;
            } else {
                value = Some(arg.clone());
            }
        }
        let ms = value
            .as_deref()
            .and_then(seconds_to_ms)
            .map(|ms| (ms as f64 * factor_ms / 1000.0) as i64);
        match ms {
            Some(ms) => self.now = self.now.saturating_add(ms),
            None => self.write_line("Start-Sleep : Cannot process the sleep duration."),
        }
    }

    /// Splits arguments, removing quotes and expanding variables in bare and `"…"` words.
    fn args(&self, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut current = String::new();
        let mut bare = String::new();
        let mut in_word = false;
        let mut chars = text.chars();
        while let Some(c) = chars.next() {
            match c {
                '\'' => {
                    in_word = true;
                    current.push_str(&self.expand(&std::mem::take(&mut bare)));
                    for n in chars.by_ref() {
                        if n == '\'' {
                            break;
                        }
                        current.push(n);
                    }
                }
                '"' => {
                    in_word = true;
                    current.push_str(&self.expand(&std::mem::take(&mut bare)));
                    let mut inner = String::new();
                    for n in chars.by_ref() {
                        if n == '"' {
                            break;
                        }
                        inner.push(n);
                    }
                    current.push_str(&self.expand(&inner));
                }
                ',' => {}
                c if c.is_whitespace() => {
                    if in_word {
                        current.push_str(&self.expand(&std::mem::take(&mut bare)));
                        out.push(std::mem::take(&mut current));
                    }
                    in_word = false;
                }
                _ => {
                    in_word = true;
                    bare.push(c);
                }
            }
        }
        if in_word {
            current.push_str(&self.expand(&bare));
            out.push(current);
        }
        out
    }

    /// Expands `$env:NAME`, `$LASTEXITCODE` and `$name` (unknown names become "").
    fn expand(&self, text: &str) -> String {
        if !text.contains('$') {
            return text.to_string();
        }
        let chars: Vec<char> = text.chars().collect();
        let mut out = String::new();
        let mut i = 0;
        while i < chars.len() {
            if chars[i] != '$' {
                out.push(chars[i]);
                i += 1;
                continue;
            }
            let mut j = i + 1;
            while j < chars.len()
                && (chars[j].is_ascii_alphanumeric() || matches!(chars[j], '_' | ':'))
            {
                j += 1;
            }
            let name: String = chars[i + 1..j].iter().collect();
            if name.is_empty() {
                out.push('$');
            } else if let Some(var) = name
                .strip_prefix("env:")
                .or_else(|| name.strip_prefix("Env:"))
                .or_else(|| name.strip_prefix("ENV:"))
            {
                out.push_str(self.env.get_ignore_case(var).unwrap_or(""));
            } else if name.eq_ignore_ascii_case("LASTEXITCODE") {
                out.push('0');
            } else if let Some((_, v)) = self
                .locals
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(&name))
            {
                out.push_str(v);
            }
            i = j;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::exec::plan::CommandType;

    fn env() -> ScriptEnv {
        ScriptEnv::for_run(CommandType::RunPowerShellScript, "", "", "i-1", "WIN-1")
    }

    fn text(run: &ScriptRun) -> String {
        run.output.iter().map(|p| p.text.as_str()).collect()
    }

    #[test]
    fn writes_sleeps_and_exits() {
        let script = "Write-Output \"hi $env:COMPUTERNAME\"\r\nStart-Sleep -Seconds 2; Write-Host a b\r\nexit 7\r\nWrite-Output never";
        let run = run(script, env());
        assert_eq!(text(&run), "hi WIN-1\r\na b\r\n");
        assert_eq!(run.output[1].at_offset_ms, 2000);
        assert_eq!(run.duration_ms, 2000);
        assert_eq!(run.exit_code, 7);
        assert!(run.children.is_empty(), "Start-Sleep is in-process");
    }

    #[test]
    fn variables_literals_throw_and_unknowns() {
        let script =
            "$n = 'x'\nWrite-Output \"v=$n\" '$n'\nGet-Process\nthrow \"boom\"\nWrite-Output after";
        let run = run(script, env());
        assert_eq!(text(&run), "v=x\r\n$n\r\nboom\r\n");
        assert_eq!(run.exit_code, 1);
        assert!(run.notes.iter().any(|n| n.contains("`Get-Process`")));
    }

    #[test]
    fn milliseconds_and_comments() {
        let run = run(
            "<# block\n comment #>\nStart-Sleep -Milliseconds 250 # c\necho done",
            env(),
        );
        assert_eq!(run.duration_ms, 250);
        assert_eq!(text(&run), "done\r\n");
        assert!(run.notes.is_empty());
    }
}
