#!/usr/bin/env python3
"""Prints the raw and gzipped size of a trunk dist/ folder, and of its initial load.

The initial load is what opening the playground fetches: index.html and every file it names
(the JS glue, the wasm, the stylesheet). Files only other pages fetch (embed.js, which a page
embedding the widget loads, and the embed demo) are listed but not counted in it.
"""
import gzip
import pathlib
import sys

BUDGET_GZIP = 300 * 1024  # initial load budget (wasm + js + css), issue 7


def main() -> int:
    dist = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "dist")
    index = (dist / "index.html").read_text(encoding="utf-8")
    initial_raw = initial_gz = other_gz = 0
    for path in sorted(dist.rglob("*")):
        if path.suffix not in {".wasm", ".js", ".css", ".html"} or not path.is_file():
            continue
        data = path.read_bytes()
        gz = len(gzip.compress(data, 9))
        name = path.relative_to(dist).as_posix()
        initial = name == "index.html" or f"/{name}" in index or f'"{name}' in index
        if initial:
            initial_raw += len(data)
            initial_gz += gz
        else:
            other_gz += gz
        part = "initial load" if initial else "other pages"
        print(f"    {name}: {len(data)} bytes, {gz} gzipped ({part})")
    print(
        f"    initial load: {initial_raw} bytes, {initial_gz} bytes gzipped "
        f"({initial_gz / 1024:.1f} KiB); other pages' files: {other_gz} bytes gzipped"
    )
    if initial_gz > BUDGET_GZIP:
        print(f"    note: the initial load is over the {BUDGET_GZIP // 1024} KiB gzipped budget")
    return 0


if __name__ == "__main__":
    sys.exit(main())
