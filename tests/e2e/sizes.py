#!/usr/bin/env python3
"""Prints the raw and gzipped size of what the browser loads from a trunk dist/ folder."""
import gzip
import pathlib
import sys

BUDGET_GZIP = 300 * 1024  # initial load budget (wasm + js + css), issue 7


def main() -> int:
    dist = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "dist")
    total_raw = total_gz = 0
    for path in sorted(dist.rglob("*")):
        if path.suffix not in {".wasm", ".js", ".css", ".html"} or not path.is_file():
            continue
        data = path.read_bytes()
        gz = len(gzip.compress(data, 9))
        total_raw += len(data)
        total_gz += gz
        print(f"    {path.relative_to(dist)}: {len(data)} bytes, {gz} gzipped")
    print(f"    total: {total_raw} bytes, {total_gz} bytes gzipped ({total_gz / 1024:.1f} KiB)")
    if total_gz > BUDGET_GZIP:
        print(f"    note: over the {BUDGET_GZIP // 1024} KiB gzipped budget")
    return 0


if __name__ == "__main__":
    sys.exit(main())
