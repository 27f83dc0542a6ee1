//! Mounts the playground (`trunk serve` builds this binary for wasm32).

#[cfg(target_arch = "wasm32")]
fn main() {
    runcommand_playground::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "The playground runs in the browser: start it with `./x serve`. \
         For the command line, use `runcommand-sim --help`."
    );
    std::process::exit(2);
}
