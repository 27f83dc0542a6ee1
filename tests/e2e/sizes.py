#!/usr/bin/env python3
"""The size gate: the gzipped initial load of a trunk dist/ folder must fit the budget.

    python3 tests/e2e/sizes.py [--budget BYTES] [DIST]

The initial load is what opening the playground fetches: index.html and every file it names
(the JS glue, the page's own wasm, the stylesheet), each gzipped at level 9. Files that only
other pages, or later steps, fetch are listed apart and not counted: the full build (full.html and
its wasm, which the Executions tab frames when it is opened and embed.js loads), embed.js and the
embed demo. Exits 1 when the initial load is over the budget (default 350 KiB), 2 on bad use.
"""
import argparse
import gzip
import pathlib
import sys

BUDGET = 350 * 1024
OVER_BUDGET = 1


def measure(dist: pathlib.Path):
    """[(file name, raw bytes, gzipped bytes, part of the initial load?)] for the dist's files."""
    index = (dist / "index.html").read_text(encoding="utf-8")
    rows = []
    for path in sorted(dist.rglob("*")):
        if path.suffix not in {".wasm", ".js", ".css", ".html"} or not path.is_file():
            continue
        data = path.read_bytes()
        name = path.relative_to(dist).as_posix()
        initial = name == "index.html" or f"/{name}" in index or f'"{name}' in index
        rows.append((name, len(data), len(gzip.compress(data, 9)), initial))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("dist", nargs="?", default="dist", type=pathlib.Path)
    parser.add_argument("--budget", type=int, default=BUDGET,
                        help=f"largest allowed gzipped initial load in bytes (default {BUDGET})")
    args = parser.parse_args()
    if not (args.dist / "index.html").is_file():
        parser.error(f"no {args.dist}/index.html: run trunk build --release first")
    rows = measure(args.dist)
    for name, raw, gz, initial in rows:
        part = "initial load" if initial else "other pages, or later"
        print(f"    {name}: {raw} bytes, {gz} gzipped ({part})")
    initial_raw = sum(raw for _, raw, _, initial in rows if initial)
    initial_gz = sum(gz for _, _, gz, initial in rows if initial)
    other_gz = sum(gz for _, _, gz, initial in rows if not initial)
    print(f"    initial load: {initial_raw} bytes, {initial_gz} bytes gzipped "
          f"({initial_gz / 1024:.1f} KiB of the {args.budget / 1024:.1f} KiB budget); "
          f"other pages' files: {other_gz} bytes gzipped")
    if initial_gz > args.budget:
        print(f"    the initial load is over the budget by {initial_gz - args.budget} bytes gzipped",
              file=sys.stderr)
        return OVER_BUDGET
    return 0


if __name__ == "__main__":
    sys.exit(main())
