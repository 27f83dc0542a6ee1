#!/usr/bin/env python3
"""trunk's post_build hook (Trunk.toml): the full build, and the last steps of a release build.

trunk builds the playground page's own wasm (index.html: feature `framed-executions`, without
the execution engine and the timeline). This hook, on the staged files in $TRUNK_STAGING_DIR:
1. builds the full wasm (every feature of the playground) with cargo and wasm-bindgen as
   `runcommand-playground-full.js` / `_bg.wasm` (wasm-opt'd like the page's in a release build),
   and writes `full.html`, the full build's page: the page's Executions tab is a frame of it
   (`src/ui/executions_frame.rs`) and `embed.js` loads it;
2. in a release build, for both wasms: the functions laid out in similarity order
   (scripts/order_functions.py names them, `wasm-opt --reorder-functions-by-name` moves them), so
   gzip finds more repeats; the JS glue minified with terser (trunk's own minifier cannot parse
   wasm-bindgen's `export { … as default }`). Exported names and the names of the wasm imports are
   kept: terser renames neither properties nor module exports. The integrity hashes in the pages
   are written anew.

Needs cargo, `wasm-bindgen` (the version in Cargo.lock), `wasm-opt` (binaryen) and `terser` on
PATH; `./x` puts them there.
"""
import base64
import hashlib
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from order_functions import with_order_names  # noqa: E402

APP = "runcommand-playground"
FULL = "runcommand-playground-full"
# The features the release wasm uses (as index.html's data-wasm-opt-params enables them).
WASM_FEATURES = ["--enable-bulk-memory", "--enable-nontrapping-float-to-int", "--enable-sign-ext",
                 "--enable-mutable-globals", "--enable-reference-types", "--enable-multivalue"]


def tool(name):
    """The path of `name` on PATH, or exit with what to do."""
    path = shutil.which(name)
    if path is None:
        sys.exit(f"post_build: {name} is not on PATH (./x setup installs it)")
    return path


def wasm_opt_params(source: pathlib.Path):
    """index.html's `data-wasm-opt` level and params, which trunk applies to the page's wasm."""
    html = (source / "index.html").read_text(encoding="utf-8")
    level = re.search(r'data-wasm-opt="(\w+)"', html).group(1)
    params = re.search(r'data-wasm-opt-params="([^"]*)"', html).group(1).split()
    return [f"-O{level}", *params]


def build_full(source: pathlib.Path, staging: pathlib.Path, release: bool):
    """The full build's glue and wasm in `staging`, optimised like the page's in a release."""
    target = pathlib.Path(os.environ.get("CARGO_TARGET_DIR", source / "target")) / "full"
    profile = ["--release"] if release else []
    subprocess.run([tool("cargo"), "build", *profile, "--target", "wasm32-unknown-unknown",
                    "--bin", APP, "--target-dir", str(target)], check=True, cwd=source)
    built = target / "wasm32-unknown-unknown" / ("release" if release else "debug") / f"{APP}.wasm"
    with tempfile.TemporaryDirectory() as scratch:
        subprocess.run([tool("wasm-bindgen"), "--target", "web", "--no-typescript",
                        "--out-dir", scratch, "--out-name", FULL, str(built)], check=True)
        wasm = pathlib.Path(scratch) / f"{FULL}_bg.wasm"
        if release:
            subprocess.run([tool("wasm-opt"), *wasm_opt_params(source), str(wasm), "-o", str(wasm)],
                           check=True)
        for name in (f"{FULL}.js", f"{FULL}_bg.wasm"):
            shutil.copyfile(pathlib.Path(scratch) / name, staging / name)
        snippets = pathlib.Path(scratch) / "snippets"
        if snippets.is_dir():
            shutil.copytree(snippets, staging / "snippets", dirs_exist_ok=True)


def order_functions(wasm: pathlib.Path):
    """Rewrites `wasm` with its functions in similarity order and no name section."""
    with tempfile.TemporaryDirectory() as scratch:
        named = pathlib.Path(scratch) / "named.wasm"
        named.write_bytes(with_order_names(wasm.read_bytes()))
        subprocess.run([tool("wasm-opt"), *WASM_FEATURES, "--reorder-functions-by-name",
                        "--strip-debug", "--strip-producers", str(named), "-o", str(wasm)],
                       check=True)


def minify_glue(glue: pathlib.Path):
    subprocess.run([tool("terser"), str(glue), "--module", "--compress", "--mangle",
                    "--output", str(glue)], check=True)


def integrity_values(data: bytes):
    """The SRI values trunk may have written for `data` (any of its hash types)."""
    for name in ("sha256", "sha384", "sha512"):
        digest = hashlib.new(name, data).digest()
        yield f"{name}-{base64.b64encode(digest).decode()}", name


def with_integrity_of(html: str, before: bytes, after: bytes) -> str:
    """`html` with the integrity values of `before` replaced by those of `after`."""
    for old, name in integrity_values(before):
        if old in html:
            new = next(value for value, kind in integrity_values(after) if kind == name)
            html = html.replace(old, new)
    return html


def finish(staging: pathlib.Path, name: str):
    """Orders `name`'s wasm and minifies its glue in place."""
    order_functions(staging / f"{name}_bg.wasm")
    minify_glue(staging / f"{name}.js")


def main() -> int:
    source = pathlib.Path(os.environ["TRUNK_SOURCE_DIR"])
    staging = pathlib.Path(os.environ["TRUNK_STAGING_DIR"])
    release = os.environ.get("TRUNK_PROFILE") == "release"
    build_full(source, staging, release)
    index = staging / "index.html"
    page = {suffix: (staging / f"{APP}{suffix}").read_bytes() for suffix in (".js", "_bg.wasm")}
    if release:
        finish(staging, APP)
        finish(staging, FULL)
    html = index.read_text(encoding="utf-8")
    full_html = html
    for suffix, before in page.items():
        html = with_integrity_of(html, before, (staging / f"{APP}{suffix}").read_bytes())
        full_html = with_integrity_of(full_html, before, (staging / f"{FULL}{suffix}").read_bytes())
        full_html = full_html.replace(f"{APP}{suffix}", f"{FULL}{suffix}")
    index.write_text(html, encoding="utf-8")
    (staging / "full.html").write_text(full_html, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
