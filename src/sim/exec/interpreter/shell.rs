//! `RunShellScript` subset (run by `/bin/sh`).
//!
//! Understood: `echo` (`-n`, `-e`), `printf` (`%s %d %i %c %%`, `\n \t \\`), `sleep N`
//! (decimals, `s`/`m`/`h`/`d` suffixes; a child process), `exit [N]` (N mod 256), `true`,
//! `false`, `:`, `pwd`, `cd DIR`, `cat` reading a `<<EOF` heredoc or a pipe,
//! `NAME=value` / `export NAME=value`; lists with `;`, `&&`, `||`, new lines, a trailing `&`
//! (background: no wait); `$VAR`, `${VAR}`, `$?`, `$$` expansion with `'…'`, `"…"` and `\`
//! quoting; redirections `>&2`, `2>&1` (no effect: output is merged anyway), `>/dev/null`
//! (discarded) and `> file` (not captured, noted). A `#!` line is a comment (noted when it is
//! not a POSIX shell). Anything else, including `if`/`for`/`while` and `$(…)`, succeeds
//! instantly with no output and a note.

use super::text::{quoted_list, split_list, Joiner};
use super::{seconds_to_ms, ChildProcess, OutputPiece, ScriptEnv, ScriptRun};

/// The fixed process id `$$` expands to.
const SHELL_PID: &str = "4242";

/// Runs a shell script to completion in virtual time.
pub fn run(script: &str, env: ScriptEnv) -> ScriptRun {
    let mut shell = Shell {
        env,
        now: 0,
        run: ScriptRun::default(),
        status: 0,
        exited: false,
        unknown: Vec::new(),
    };
    let lines: Vec<&str> = script
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect();
    let mut index = 0;
    while index < lines.len() && !shell.exited {
        let line = lines[index];
        index += 1;
        if index == 1 && line.starts_with("#!") {
            let interpreter = line.trim_start_matches("#!").trim();
            let posix = ["/bin/sh", "/bin/bash", "/usr/bin/env bash", "/usr/bin/bash"];
            if !posix.iter().any(|p| interpreter.starts_with(p)) {
                shell.run.notes.push(format!(
                    "shebang `{interpreter}`: the simulator only interprets its shell subset"
                ));
            }
            continue;
        }
        let (command_line, heredoc) = match take_heredoc(line, &lines, &mut index) {
            Some((cmd, body)) => (cmd, Some(body)),
            None => (line.to_string(), None),
        };
        shell.run_line(&command_line, heredoc);
    }
    shell.run.duration_ms = shell.now;
    shell.run.exit_code = shell.status;
    if !shell.unknown.is_empty() {
        shell.run.notes.push(format!(
            "not simulated, assumed to succeed instantly with no output: {}",
            quoted_list(&shell.unknown)
        ));
    }
    shell.run
}

/// A heredoc body and whether its delimiter was quoted (no expansion).
struct Heredoc {
    body: String,
    quoted: bool,
}

/// If `line` opens a `<<DELIM` heredoc, consumes its body lines and returns the command line
/// without the heredoc operator, plus the body.
fn take_heredoc(line: &str, lines: &[&str], index: &mut usize) -> Option<(String, Heredoc)> {
    let pos = unquoted_heredoc_operator(line)?;
    let rest = &line[pos + 2..];
    let (strip_tabs, rest) = match rest.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, rest),
    };
    let rest = rest.trim_start();
    let token_end = rest.find(char::is_whitespace).unwrap_or(rest.len());
    let token = &rest[..token_end];
    let quoted = token.contains('\'') || token.contains('"') || token.contains('\\');
    let delimiter: String = token
        .chars()
        .filter(|c| !matches!(c, '\'' | '"' | '\\'))
        .collect();
    if delimiter.is_empty() {
        return None;
    }
    let command = format!("{} {}", &line[..pos], &rest[token_end..]);
    let mut body = String::new();
    while *index < lines.len() {
        let raw = lines[*index];
        *index += 1;
        let candidate = if strip_tabs {
            raw.trim_start_matches('\t')
        } else {
            raw
        };
        if candidate == delimiter {
            break;
        }
        body.push_str(candidate);
        body.push('\n');
    }
    Some((command, Heredoc { body, quoted }))
}

/// Byte position of the first `<<` outside quotes and comments.
fn unquoted_heredoc_operator(line: &str) -> Option<usize> {
    if !line.contains("<<") {
        return None;
    }
    let mut quote: Option<char> = None;
    let mut previous: Option<char> = None;
    let mut escaped = false;
    for (i, c) in line.char_indices() {
        if escaped {
            escaped = false;
            previous = Some(c);
            continue;
        }
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None => match c {
                '\\' => escaped = true,
                '\'' | '"' => quote = Some(c),
                '#' if previous.is_none_or(char::is_whitespace) => return None,
                '<' if line[i + 1..].starts_with('<') => return Some(i),
                _ => {}
            },
        }
        previous = Some(c);
    }
    None
}

/// One expanded word, remembering whether any part was quoted.
#[derive(Debug, PartialEq, Eq)]
struct Word {
    text: String,
    quoted: bool,
}

/// Where a command's output goes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Sink {
    /// The merged output of the run.
    Output,
    /// Thrown away (`>/dev/null`, a file).
    Discard,
    /// Collected for the next pipeline stage.
    Pipe,
}

struct Shell {
    env: ScriptEnv,
    now: i64,
    run: ScriptRun,
    status: i64,
    exited: bool,
    unknown: Vec<String>,
}

impl Shell {
    fn run_line(&mut self, line: &str, heredoc: Option<Heredoc>) {
        let mut heredoc = heredoc;
        for item in split_list(line, true, true, true) {
            if self.exited {
                return;
            }
            let run_it = match item.joiner {
                Joiner::Always => true,
                Joiner::IfSuccess => self.status == 0,
                Joiner::IfFailure => self.status != 0,
            };
            if !run_it {
                continue;
            }
            let mut stdin: Option<String> = heredoc.take().map(|h| {
                if h.quoted {
                    h.body
                } else {
                    self.expand_text(&h.body)
                }
            });
            let count = item.stages.len();
            if count > 1 {
                self.run.notes.push(
                    "pipeline stages are simulated one after another; only `cat` reads its input"
                        .into(),
                );
            }
            let saved_now = self.now;
            for (n, stage) in item.stages.iter().enumerate() {
                let sink = if n + 1 < count {
                    Sink::Pipe
                } else {
                    Sink::Output
                };
                stdin = self.run_command(stage, stdin.take(), sink, item.background);
            }
            if item.background {
                self.now = saved_now;
                self.status = 0;
            }
        }
    }

    /// Runs one simple command; returns what it wrote when `sink` is `Pipe`.
    fn run_command(
        &mut self,
        text: &str,
        stdin: Option<String>,
        sink: Sink,
        background: bool,
    ) -> Option<String> {
        if text.contains("$(") || text.contains('`') {
            let note = "command substitution `$(…)`/backquotes is not simulated: left as text";
            if !self.run.notes.iter().any(|n| n == note) {
                self.run.notes.push(note.to_string());
            }
        }
        let words = self.words(text);
        let mut args: Vec<String> = Vec::new();
        let mut sink = sink;
        let mut iter = words.into_iter().peekable();
        while let Some(word) = iter.next() {
            if !word.quoted {
                if let Some(target) = redirect_target(&word.text) {
                    let target = if target.is_empty() {
                        iter.next().map(|w| w.text).unwrap_or_default()
                    } else {
                        target
                    };
                    let stdout_redirect =
                        !word.text.starts_with('2') && !word.text.starts_with('<');
                    if stdout_redirect && !target.starts_with('&') && sink != Sink::Pipe {
                        if target != "/dev/null" {
                            self.run
                                .notes
                                .push(format!("output redirected to `{target}` is not captured"));
                        }
                        sink = Sink::Discard;
                    }
                    continue;
                }
            }
            args.push(word.text);
        }
        // Leading assignments.
        let mut first = 0;
        while let Some(arg) = args.get(first) {
            match assignment(arg) {
                Some((name, value)) => {
                    self.env.set(name, value);
                    first += 1;
                }
                None => break,
            }
        }
        let Some((name, rest)) = args[first..].split_first() else {
            if first > 0 {
                self.status = 0;
            }
            return None;
        };
        let mut piped = String::new();
        let mut write = |shell: &mut Shell, text: String| match sink {
            Sink::Output => {
                if !text.is_empty() {
                    shell.run.output.push(OutputPiece {
                        at_offset_ms: shell.now,
                        text,
                    })
                }
            }
            Sink::Discard => {}
            Sink::Pipe => piped.push_str(&text),
        };
        self.status = match name.as_str() {
            "echo" => {
                write(self, echo(rest));
                0
            }
            "printf" => {
                write(self, printf(rest));
                0
            }
            "true" | ":" => 0,
            "false" => 1,
            "pwd" => {
                let pwd = self.env.get("PWD").unwrap_or("/").to_string();
                write(self, format!("{pwd}\n"));
                0
            }
            "cd" => {
                let target = rest
                    .first()
                    .cloned()
                    .unwrap_or_else(|| self.env.get("HOME").unwrap_or("/").to_string());
                self.run
                    .notes
                    .push(format!("`cd {target}` assumed to succeed (no file system)"));
                self.env.set("PWD", &target);
                0
            }
            "export" => {
                for arg in rest {
                    if let Some((n, v)) = assignment(arg) {
                        self.env.set(n, v);
                    }
                }
                0
            }
            "cat" if rest.is_empty() => {
                write(self, stdin.unwrap_or_default());
                0
            }
            "sleep" => self.sleep(rest, background, &mut |s, t| write(s, t)),
            "exit" => {
                match rest.first() {
                    None => {}
                    Some(code) => match code.parse::<i64>() {
                        Ok(n) => self.status = n.rem_euclid(256),
                        Err(_) => {
                            write(self, format!("sh: 1: exit: Illegal number: {code}\n"));
                            self.status = 2;
                        }
                    },
                }
                if !background {
                    self.exited = true;
                }
                self.status
            }
            other => {
                let label = if other.contains("$(") || other.contains('`') {
                    format!("{other} (command substitution)")
                } else {
                    other.to_string()
                };
                if !self.unknown.contains(&label) {
                    self.unknown.push(label);
                }
                0
            }
        };
        match sink {
            Sink::Pipe => Some(piped),
            _ => None,
        }
    }

    /// `sleep`: starts a `sleep` child process; the shell waits for it unless backgrounded.
    fn sleep(
        &mut self,
        args: &[String],
        background: bool,
        write: &mut dyn FnMut(&mut Shell, String),
    ) -> i64 {
        let mut total: i64 = 0;
        for arg in args {
            let (number, factor) = match arg.chars().last() {
                Some('s') => (&arg[..arg.len() - 1], 1),
                Some('m') => (&arg[..arg.len() - 1], 60),
                Some('h') => (&arg[..arg.len() - 1], 3600),
                Some('d') => (&arg[..arg.len() - 1], 86_400),
                _ => (arg.as_str(), 1),
            };
            match seconds_to_ms(number) {
                Some(ms) => total = total.saturating_add(ms.saturating_mul(factor)),
                None => {
                    write(self, format!("sleep: invalid time interval '{arg}'\n"));
                    return 1;
                }
            }
        }
        if args.is_empty() {
            write(self, "sleep: missing operand\n".into());
            return 1;
        }
        self.run.children.push(ChildProcess {
            from_ms: self.now,
            to_ms: self.now.saturating_add(total),
            command: format!("sleep {}", args.join(" ")),
        });
        if !background {
            self.now = self.now.saturating_add(total);
        }
        0
    }

    /// Splits a command into words, expanding variables and removing quotes.
    ///
    /// Scanned by byte position: every character with a meaning here is ASCII, and a run of
    /// plain text inside quotes is copied at once.
    fn words(&self, text: &str) -> Vec<Word> {
        let bytes = text.as_bytes();
        let mut words = Vec::new();
        let mut current = String::new();
        let mut in_word = false;
        let mut quoted = false;
        let mut i = 0;
        while i < bytes.len() {
            let Some(c) = text[i..].chars().next() else {
                break;
            };
            match c {
                c if c.is_whitespace() => {
                    if in_word {
                        words.push(Word {
                            text: std::mem::take(&mut current),
                            quoted,
                        });
                    }
                    in_word = false;
                    quoted = false;
                    i += c.len_utf8();
                }
                '\'' => {
                    in_word = true;
                    quoted = true;
                    let body = &text[i + 1..];
                    let end = body.find('\'').unwrap_or(body.len());
                    current.push_str(&body[..end]);
                    // Past the closing quote (or the end).
                    i += end + 2;
                }
                '"' => {
                    in_word = true;
                    quoted = true;
                    i += 1;
                    while i < bytes.len() && bytes[i] != b'"' {
                        match bytes[i] {
                            b'\\'
                                if matches!(bytes.get(i + 1), Some(b'"' | b'\\' | b'$' | b'`')) =>
                            {
                                current.push(char::from(bytes[i + 1]));
                                i += 2;
                            }
                            b'$' => i = self.expand_at(text, i, &mut current),
                            b'\\' => {
                                current.push('\\');
                                i += 1;
                            }
                            _ => {
                                let run = bytes[i..]
                                    .iter()
                                    .position(|b| matches!(b, b'"' | b'\\' | b'$'))
                                    .map_or(bytes.len(), |at| i + at);
                                current.push_str(&text[i..run]);
                                i = run;
                            }
                        }
                    }
                    i += 1;
                }
                '\\' => {
                    in_word = true;
                    match text[i + 1..].chars().next() {
                        Some(n) => {
                            current.push(n);
                            i += 1 + n.len_utf8();
                        }
                        None => i += 1,
                    }
                }
                '$' => {
                    in_word = true;
                    i = self.expand_at(text, i, &mut current);
                }
                _ => {
                    // A run of characters that stand for themselves, copied at once.
                    in_word = true;
                    let run = text[i..]
                        .char_indices()
                        .find(|(_, c)| c.is_whitespace() || matches!(c, '\'' | '"' | '\\' | '$'))
                        .map_or(text.len(), |(at, _)| i + at);
                    current.push_str(&text[i..run]);
                    i = run;
                }
            }
        }
        if in_word {
            words.push(Word {
                text: current,
                quoted,
            });
        }
        words
    }

    /// Expands the `$…` starting at byte `i` of `text` into `out`; returns the byte after it.
    fn expand_at(&self, text: &str, i: usize, out: &mut String) -> usize {
        let bytes = text.as_bytes();
        match bytes.get(i + 1).copied() {
            Some(b'?') => {
                out.push_str(&self.status.to_string());
                i + 2
            }
            Some(b'$') => {
                out.push_str(SHELL_PID);
                i + 2
            }
            Some(b'{') => match text[i + 2..].find('}') {
                Some(len) => {
                    out.push_str(self.env.get(&text[i + 2..i + 2 + len]).unwrap_or(""));
                    i + 3 + len
                }
                None => {
                    out.push('$');
                    i + 1
                }
            },
            Some(c) if c.is_ascii_alphabetic() || c == b'_' => {
                let mut j = i + 1;
                while j < bytes.len() && (bytes[j].is_ascii_alphanumeric() || bytes[j] == b'_') {
                    j += 1;
                }
                out.push_str(self.env.get(&text[i + 1..j]).unwrap_or(""));
                j
            }
            _ => {
                out.push('$');
                i + 1
            }
        }
    }

    /// Expands variables in heredoc text.
    fn expand_text(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut i = 0;
        while let Some(at) = text[i..].find('$') {
            out.push_str(&text[i..i + at]);
            i = self.expand_at(text, i + at, &mut out);
        }
        out.push_str(&text[i..]);
        out
    }
}

/// `NAME=value` → (name, value).
fn assignment(word: &str) -> Option<(&str, &str)> {
    let (name, value) = word.split_once('=')?;
    let valid = !name.is_empty()
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !name.starts_with(|c: char| c.is_ascii_digit());
    valid.then_some((name, value))
}

/// If `word` is a redirection operator, its target ("" when the target is the next word).
fn redirect_target(word: &str) -> Option<String> {
    if !word.bytes().any(|b| b == b'>' || b == b'<') {
        return None;
    }
    let body = word.trim_start_matches(|c: char| c.is_ascii_digit());
    let body = body.strip_prefix('&').unwrap_or(body);
    let rest = body
        .strip_prefix(">>")
        .or_else(|| body.strip_prefix('>'))
        .or_else(|| body.strip_prefix('<'))?;
    if word.len() - body.len() > 1 {
        return None;
    }
    Some(rest.to_string())
}

/// `echo` with bash's default flags (`-n`, `-e`, `-E`).
fn echo(args: &[String]) -> String {
    let mut newline = true;
    let mut escapes = false;
    let mut start = 0;
    for arg in args {
        match arg.as_str() {
            "-n" => newline = false,
            "-e" => escapes = true,
            "-E" => escapes = false,
            _ => break,
        }
        start += 1;
    }
    let mut text = args[start.min(args.len())..].join(" ");
    if escapes {
        let (t, stop) = unescape(&text);
        text = t;
        if stop {
            return text;
        }
    }
    if newline {
        text.push('\n');
    }
    text
}

/// Interprets backslash escapes; the flag is true on `\c` (stop output).
fn unescape(text: &str) -> (String, bool) {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('\\') => out.push('\\'),
            Some('c') => return (out, true),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    (out, false)
}

/// `printf FORMAT [ARGS…]`, reusing the format while arguments remain.
fn printf(args: &[String]) -> String {
    let Some(format) = args.first() else {
        return String::new();
    };
    let (format, _) = unescape(format);
    let values = &args[1..];
    let mut out = String::new();
    let mut used = 0;
    loop {
        let mut consumed_any = false;
        let mut chars = format.chars().peekable();
        while let Some(c) = chars.next() {
            if c != '%' {
                out.push(c);
                continue;
            }
            let spec = chars.next();
            if spec == Some('%') {
                out.push('%');
                continue;
            }
            let value = values.get(used).cloned().unwrap_or_default();
            if used < values.len() {
                used += 1;
                consumed_any = true;
            }
            match spec {
                Some('d') | Some('i') => {
                    out.push_str(&value.trim().parse::<i64>().unwrap_or(0).to_string())
                }
                Some('c') => out.extend(value.chars().next()),
                Some('b') => out.push_str(&unescape(&value).0),
                Some(_) => out.push_str(&value),
                None => out.push('%'),
            }
        }
        if !consumed_any || used >= values.len() {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The former char-by-char word splitter: the reference for the byte scanner.
    fn words_by_chars(shell: &Shell, text: &str) -> Vec<Word> {
        let chars: Vec<char> = text.chars().collect();
        let mut words = Vec::new();
        let mut current = String::new();
        let mut in_word = false;
        let mut quoted = false;
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            match c {
                c if c.is_whitespace() => {
                    if in_word {
                        words.push(Word {
                            text: std::mem::take(&mut current),
                            quoted,
                        });
                    }
                    in_word = false;
                    quoted = false;
                }
                '\'' => {
                    in_word = true;
                    quoted = true;
                    i += 1;
                    while i < chars.len() && chars[i] != '\'' {
                        current.push(chars[i]);
                        i += 1;
                    }
                }
                '"' => {
                    in_word = true;
                    quoted = true;
                    i += 1;
                    while i < chars.len() && chars[i] != '"' {
                        if chars[i] == '\\'
                            && matches!(chars.get(i + 1), Some('"' | '\\' | '$' | '`'))
                        {
                            current.push(chars[i + 1]);
                            i += 2;
                            continue;
                        }
                        if chars[i] == '$' {
                            i = expand_at_by_chars(shell, &chars, i, &mut current);
                            continue;
                        }
                        current.push(chars[i]);
                        i += 1;
                    }
                }
                '\\' => {
                    in_word = true;
                    if let Some(n) = chars.get(i + 1) {
                        current.push(*n);
                        i += 1;
                    }
                }
                '$' => {
                    in_word = true;
                    i = expand_at_by_chars(shell, &chars, i, &mut current);
                    continue;
                }
                _ => {
                    in_word = true;
                    current.push(c);
                }
            }
            i += 1;
        }
        if in_word {
            words.push(Word {
                text: current,
                quoted,
            });
        }
        words
    }

    /// The former char-by-char expansion of `$…`.
    fn expand_at_by_chars(shell: &Shell, chars: &[char], i: usize, out: &mut String) -> usize {
        let next = chars.get(i + 1).copied();
        match next {
            Some('?') => {
                out.push_str(&shell.status.to_string());
                i + 2
            }
            Some('$') => {
                out.push_str(SHELL_PID);
                i + 2
            }
            Some('{') => {
                let end = chars[i + 2..].iter().position(|c| *c == '}');
                match end {
                    Some(len) => {
                        let name: String = chars[i + 2..i + 2 + len].iter().collect();
                        out.push_str(shell.env.get(&name).unwrap_or(""));
                        i + 3 + len
                    }
                    None => {
                        out.push('$');
                        i + 1
                    }
                }
            }
            Some(c) if c.is_ascii_alphabetic() || c == '_' => {
                let mut j = i + 1;
                while j < chars.len() && (chars[j].is_ascii_alphanumeric() || chars[j] == '_') {
                    j += 1;
                }
                let name: String = chars[i + 1..j].iter().collect();
                out.push_str(shell.env.get(&name).unwrap_or(""));
                j
            }
            _ => {
                out.push('$');
                i + 1
            }
        }
    }

    proptest::proptest! {
        /// The byte scanner splits and expands words as the char-by-char one did: quotes,
        /// escapes, `$?`, `$$`, `${…}`, names, lone `$` and multi-byte text.
        #[test]
        fn byte_word_scanner_matches_the_char_scanner(
            text in "[a_1 '\"\\\\${}?é\u{3000}`]{0,24}",
            status in 0i64..300,
        ) {
            let mut shell = Shell {
                env: env(),
                now: 0,
                run: ScriptRun::default(),
                status,
                exited: false,
                unknown: Vec::new(),
            };
            shell.env.set("a", "A");
            shell.env.set("a_1", "multi byte é");
            proptest::prop_assert_eq!(shell.words(&text), words_by_chars(&shell, &text));
            let chars: Vec<char> = text.chars().collect();
            let mut by_chars = String::new();
            let mut i = 0;
            while i < chars.len() {
                if chars[i] == '$' {
                    i = expand_at_by_chars(&shell, &chars, i, &mut by_chars);
                } else {
                    by_chars.push(chars[i]);
                    i += 1;
                }
            }
            proptest::prop_assert_eq!(shell.expand_text(&text), by_chars);
        }
    }

    fn env() -> ScriptEnv {
        ScriptEnv::for_run(
            crate::sim::exec::plan::CommandType::RunShellScript,
            "",
            "",
            "i-1",
            "web-1",
        )
    }

    fn text(run: &ScriptRun) -> String {
        run.output.iter().map(|p| p.text.as_str()).collect()
    }

    #[test]
    fn echo_sleep_exit_from_the_issue() {
        let run = run("echo hi; sleep 5; exit 3", env());
        assert_eq!(text(&run), "hi\n");
        assert_eq!(run.output[0].at_offset_ms, 0);
        assert_eq!(run.duration_ms, 5000);
        assert_eq!(run.exit_code, 3);
        assert_eq!(run.children.len(), 1);
        assert!(run.notes.is_empty(), "{:?}", run.notes);
    }

    #[test]
    fn output_is_timed() {
        let run = run("echo a\nsleep 1.5\necho b\nsleep 1m\necho c", env());
        let times: Vec<i64> = run.output.iter().map(|p| p.at_offset_ms).collect();
        assert_eq!(times, vec![0, 1500, 61_500]);
        assert_eq!(run.exit_code, 0);
    }

    #[test]
    fn and_or_lists_follow_status() {
        let run = run("false && echo no || echo yes; true && echo ok", env());
        assert_eq!(text(&run), "yes\nok\n");
        let run = run_false_exit();
        assert_eq!(run.exit_code, 1);
    }

    fn run_false_exit() -> ScriptRun {
        run("false", env())
    }

    #[test]
    fn variables_quotes_and_heredoc() {
        let script = "NAME=world\necho \"hello $NAME\" '$NAME' ${HOME} $?\ncat <<EOF\nhome=$HOME\nEOF\ncat <<'EOF'\nraw $HOME\nEOF\necho done";
        let run = run(script, env());
        assert_eq!(
            text(&run),
            "hello world $NAME /root 0\nhome=/root\nraw $HOME\ndone\n"
        );
    }

    #[test]
    fn exit_codes_wrap_and_stop_the_script() {
        assert_eq!(run("exit 256", env()).exit_code, 0);
        assert_eq!(run("exit 194; echo never", env()).exit_code, 194);
        assert_eq!(text(&run("exit 194; echo never", env())), "");
        assert_eq!(run("exit -1", env()).exit_code, 255);
        assert_eq!(run("false; exit", env()).exit_code, 1);
    }

    #[test]
    fn unknown_commands_succeed_with_a_note() {
        let run = run("yum install -y nginx\necho ok", env());
        assert_eq!(run.exit_code, 0);
        assert_eq!(text(&run), "ok\n");
        assert!(
            run.notes.iter().any(|n| n.contains("`yum`")),
            "{:?}",
            run.notes
        );
    }

    #[test]
    fn printf_and_redirections() {
        let run = run(
            "printf '%s-%d\\n' a 7 b 8\necho err >&2\necho gone >/dev/null\necho file > /tmp/x",
            env(),
        );
        assert_eq!(text(&run), "a-7\nb-8\nerr\n");
        assert!(run.notes.iter().any(|n| n.contains("/tmp/x")));
    }

    #[test]
    fn command_substitution_is_noted() {
        let run = run("echo $(date)", env());
        assert!(run.notes.iter().any(|n| n.contains("command substitution")));
    }

    #[test]
    fn quoted_double_angle_is_not_a_heredoc() {
        let run = run("echo \"a<<b\" # x <<EOF\necho next", env());
        assert_eq!(text(&run), "a<<b\nnext\n");
    }

    #[test]
    fn background_sleep_does_not_wait() {
        let run = run("sleep 100 &\necho started", env());
        assert_eq!(run.duration_ms, 0);
        assert_eq!(run.children_alive_at(50_000).len(), 1);
    }
}
