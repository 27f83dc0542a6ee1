#!/usr/bin/env python3
"""trunk's post_build hook (Trunk.toml): the last two steps of a release build.

Runs on the staged files in $TRUNK_STAGING_DIR after trunk's own wasm-bindgen and wasm-opt
steps, and does nothing for a debug build (`trunk serve`):
1. the wasm's functions are laid out in similarity order (scripts/order_functions.py names
   them, `wasm-opt --reorder-functions-by-name` moves them), so gzip finds more repeats;
2. the JS glue is minified with terser (trunk's own minifier cannot parse wasm-bindgen's
   `export { … as default }` and leaves the glue as it is). Exported names and the names of
   the wasm imports are kept: terser renames neither properties nor module exports.
Both files change, so their integrity hashes in index.html are written anew.

Needs `wasm-opt` (binaryen) and `terser` on PATH; `./x` puts .tools/node_modules/.bin there.
"""
import base64
import hashlib
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from order_functions import with_order_names  # noqa: E402

# The features the release wasm uses (as index.html's data-wasm-opt-params enables them).
WASM_FEATURES = ["--enable-bulk-memory", "--enable-nontrapping-float-to-int", "--enable-sign-ext",
                 "--enable-mutable-globals", "--enable-reference-types", "--enable-multivalue"]


def tool(name):
    """The path of `name` on PATH, or exit with what to do."""
    path = shutil.which(name)
    if path is None:
        sys.exit(f"release_finish: {name} is not on PATH (./x setup installs it under .tools/)")
    return path


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


def rewrite(index_html: str, path: pathlib.Path, change) -> str:
    """Applies `change` to the file at `path`; returns index.html with its integrity updated."""
    before = path.read_bytes()
    change(path)
    after = path.read_bytes()
    for old, name in integrity_values(before):
        if old in index_html:
            new = next(value for value, kind in integrity_values(after) if kind == name)
            index_html = index_html.replace(old, new)
    return index_html


def main() -> int:
    if os.environ.get("TRUNK_PROFILE") != "release":
        return 0
    staging = pathlib.Path(os.environ["TRUNK_STAGING_DIR"])
    wasms = sorted(staging.glob("*_bg.wasm"))
    if len(wasms) != 1:
        sys.exit(f"release_finish: expected one *_bg.wasm in {staging}, found {len(wasms)}")
    wasm = wasms[0]
    glue = wasm.with_name(wasm.name.removesuffix("_bg.wasm") + ".js")
    index = staging / "index.html"
    html = index.read_text(encoding="utf-8")
    html = rewrite(html, wasm, order_functions)
    html = rewrite(html, glue, minify_glue)
    index.write_text(html, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
