//! `runcommand-sim`: the native command-line interface over the simulator core. The CLI does
//! not exist on wasm32, where this binary does nothing (`cargo … --target wasm32-unknown-unknown
//! --bins` still builds it).

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    use std::io::{Read, Write};

    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("session") {
        // Answers each line as soon as it is read (the input may be a live pipe).
        let code = runcommand_playground::cli::session::run(
            &args[1..],
            &mut std::io::stdin().lock(),
            &mut std::io::stdout().lock(),
            &mut std::io::stderr().lock(),
        );
        std::process::exit(code);
    }
    let mut read_stdin = || {
        let mut input = String::new();
        if let Err(e) = std::io::stdin().read_to_string(&mut input) {
            eprintln!("runcommand-sim: cannot read standard input: {e}");
        }
        input
    };
    let out = runcommand_playground::cli::run(&args, &mut read_stdin);
    if !out.stdout.is_empty() {
        let mut stdout = std::io::stdout().lock();
        let _ = writeln!(stdout, "{}", out.stdout);
    }
    if !out.stderr.is_empty() {
        eprintln!("{}", out.stderr);
    }
    std::process::exit(out.code);
}
