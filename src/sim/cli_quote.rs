//! The `aliyun` CLI command line for a request, shell-quoted for POSIX shells.

use crate::sim::request::RunCommandRequest;
use crate::sim::wire::to_pairs;

/// Quotes `s` for a POSIX shell: bare when made only of safe characters, otherwise in single
/// quotes with each `'` written as `'\''`.
pub fn shell_quote(s: &str) -> String {
    let safe = !s.is_empty()
        && s.chars().all(|c| {
            c.is_ascii_alphanumeric()
                || matches!(c, '-' | '_' | '.' | '/' | ':' | ',' | '@' | '%' | '+' | '=')
        });
    if safe {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

/// `aliyun ecs RunCommand --RegionId … --InstanceId.1 …` for the request.
pub fn aliyun_cli(req: &RunCommandRequest) -> String {
    aliyun_cli_joined(req, " ")
}

/// [`aliyun_cli`] with `separator` before each parameter (`" \\\n  "` gives one per line).
pub fn aliyun_cli_joined(req: &RunCommandRequest, separator: &str) -> String {
    let mut out = String::from("aliyun ecs RunCommand");
    for (k, v) in to_pairs(req) {
        out.push_str(separator);
        out.push_str("--");
        out.push_str(&k);
        out.push(' ');
        out.push_str(&shell_quote(&v));
    }
    out
}
