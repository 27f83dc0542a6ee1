//! `RunBatScript` subset (the agent prepends `@echo off`, so commands are not echoed).
//!
//! Understood (case-insensitive): `echo text` (the rest of the line verbatim), `echo.` (empty
//! line), `echo` alone (`ECHO is off.`), `timeout /t N [/nobreak]` (a `timeout.exe` child
//! process that waits N s), `exit /b N` and `exit N`, `set NAME=value`, `cd`, `rem` and `::`
//! comments, a leading `@`; `&`, `&&`, `||` separators; `%NAME%` and `%ERRORLEVEL%` expansion
//! (case-insensitive). Output lines end with CRLF. Anything else succeeds instantly with no
//! output and a note.

use super::text::{quoted_list, split_list, Joiner};
use super::{seconds_to_ms, ChildProcess, OutputPiece, ScriptEnv, ScriptRun};

/// Runs a batch script to completion in virtual time.
pub fn run(script: &str, env: ScriptEnv) -> ScriptRun {
    let mut env = env;
    let mut run = ScriptRun::default();
    let mut now: i64 = 0;
    let mut status: i64 = 0;
    let mut unknown: Vec<String> = Vec::new();
    'lines: for raw in script.split('\n') {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        let line = expand(line, &env, status);
        for item in split_list(&line, false, false, false) {
            let go = match item.joiner {
                Joiner::Always => true,
                Joiner::IfSuccess => status == 0,
                Joiner::IfFailure => status != 0,
            };
            if !go {
                continue;
            }
            let command = item.stages.join("|");
            let command = command.trim().trim_start_matches('@');
            let (name, rest) = match command.find(|c: char| c.is_whitespace() || c == '.') {
                Some(i)
                    if command[i..].starts_with('.')
                        && command[..i].eq_ignore_ascii_case("echo") =>
                {
                    (&command[..i], &command[i..])
                }
                Some(i) => {
                    let width = command[i..].chars().next().map_or(1, char::len_utf8);
                    (&command[..i], &command[i + width..])
                }
                None => (command, ""),
            };
            let lower = name.to_ascii_lowercase();
            match lower.as_str() {
                "" | "rem" => {}
                _ if lower.starts_with("::") => {}
                "echo" => {
                    let text = if let Some(after_dot) = rest.strip_prefix('.') {
                        after_dot.to_string()
                    } else if rest.trim().is_empty() {
                        "ECHO is off.".to_string()
                    } else if rest.trim().eq_ignore_ascii_case("off")
                        || rest.trim().eq_ignore_ascii_case("on")
                    {
                        if rest.trim().eq_ignore_ascii_case("on") {
                            run.notes
                                .push("`echo on` (command echoing) is not simulated".into());
                        }
                        continue;
                    } else {
                        rest.to_string()
                    };
                    run.output.push(OutputPiece {
                        at_offset_ms: now,
                        text: format!("{text}\r\n"),
                    });
                    status = 0;
                }
                "timeout" => {
                    let words: Vec<&str> = rest.split_whitespace().collect();
                    let seconds = words
                        .iter()
                        .position(|w| w.eq_ignore_ascii_case("/t"))
                        .and_then(|p| words.get(p + 1))
                        .and_then(|w| seconds_to_ms(w));
                    match seconds {
                        Some(ms) => {
                            run.children.push(ChildProcess {
                                from_ms: now,
                                to_ms: now.saturating_add(ms),
                                command: format!("timeout {}", rest.trim()),
                            });
                            now = now.saturating_add(ms);
                            status = 0;
                        }
                        None => {
                            run.output.push(OutputPiece {
                                at_offset_ms: now,
                                text: "ERROR: Invalid syntax. Default option is not allowed more than '1' time(s).\r\n".into(),
                            });
                            status = 1;
                        }
                    }
                }
                "exit" => {
                    let words: Vec<&str> = rest.split_whitespace().collect();
                    let code_word = match words.first() {
                        Some(w) if w.eq_ignore_ascii_case("/b") => words.get(1),
                        other => other,
                    };
                    if let Some(code) = code_word.and_then(|w| w.parse::<i64>().ok()) {
                        status = i64::from(code as i32);
                    }
                    break 'lines;
                }
                "set" => {
                    if let Some((n, v)) = rest.split_once('=') {
                        env.set(n.trim(), v);
                    }
                    status = 0;
                }
                "cd" | "chdir" => {
                    if rest.trim().is_empty() {
                        let cd = env.get_ignore_case("CD").unwrap_or("").to_string();
                        run.output.push(OutputPiece {
                            at_offset_ms: now,
                            text: format!("{cd}\r\n"),
                        });
                    } else {
                        env.set("CD", rest.trim());
                    }
                    status = 0;
                }
                _ => {
                    if !unknown.contains(&name.to_string()) {
                        unknown.push(name.to_string());
                    }
                    status = 0;
                }
            }
        }
    }
    run.duration_ms = now;
    run.exit_code = status;
    if !unknown.is_empty() {
        run.notes.push(format!(
            "not simulated, assumed to succeed instantly with no output: {}",
            quoted_list(&unknown)
        ));
    }
    run
}

/// Expands `%NAME%` (case-insensitive) and `%ERRORLEVEL%`; unknown names expand to "".
fn expand(line: &str, env: &ScriptEnv, status: i64) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(start) = rest.find('%') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        match after.find('%') {
            Some(end) => {
                let name = &after[..end];
                if name.eq_ignore_ascii_case("ERRORLEVEL") {
                    out.push_str(&status.to_string());
                } else {
                    out.push_str(env.get_ignore_case(name).unwrap_or(""));
                }
                rest = &after[end + 1..];
            }
            None => {
                out.push('%');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::exec::plan::CommandType;

    fn env() -> ScriptEnv {
        ScriptEnv::for_run(CommandType::RunBatScript, "", "", "i-1", "WIN-1")
    }

    fn text(run: &ScriptRun) -> String {
        run.output.iter().map(|p| p.text.as_str()).collect()
    }

    #[test]
    fn echo_timeout_exit() {
        let script = "@echo off\r\necho hi %COMPUTERNAME%\r\necho.\r\ntimeout /t 3 /nobreak\r\necho after & exit /b 3010\r\necho never";
        let run = run(script, env());
        assert_eq!(text(&run), "hi WIN-1\r\n\r\nafter\r\n");
        assert_eq!(run.output[2].at_offset_ms, 3000);
        assert_eq!(run.exit_code, 3010);
        assert_eq!(run.children.len(), 1);
    }

    #[test]
    fn set_and_unknown_and_comments() {
        let script = "rem comment\n:: other\nset X=1\necho x=%x%\nipconfig /all\necho\n";
        let run = run(script, env());
        assert_eq!(text(&run), "x=1\r\nECHO is off.\r\n");
        assert_eq!(run.exit_code, 0);
        assert!(run.notes.iter().any(|n| n.contains("`ipconfig`")));
    }
}
