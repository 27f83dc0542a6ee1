#!/usr/bin/env python3
"""Where the bytes of a wasm file go: code per crate (and per top function), and data.

Needs a build that keeps the name section, e.g.
    CARGO_PROFILE_RELEASE_STRIP=false cargo build --release --target wasm32-unknown-unknown \
        --bin runcommand-playground --target-dir target/size
    python3 scripts/wasm_breakdown.py \
        target/size/wasm32-unknown-unknown/release/runcommand-playground.wasm [crate-prefix]

Sizes are raw bytes before wasm-bindgen and wasm-opt, so they are larger than what ships, but the
proportions hold. A second argument lists the biggest functions whose name starts with it.
"""
import collections
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wasm_file import code_bodies, custom_name, function_names, imported_function_count, sections  # noqa: E402


def demangle(name):
    """Rust legacy mangling (`_ZN..E`) back to a readable path, without the hash."""
    if not name.startswith("_ZN"):
        return name
    pos, parts = 3, []
    while pos < len(name) and name[pos].isdigit():
        digits = re.match(r"\d+", name[pos:]).group(0)
        pos += len(digits)
        parts.append(name[pos : pos + int(digits)])
        pos += int(digits)
    if parts and re.fullmatch(r"h[0-9a-f]{16}", parts[-1]):
        parts.pop()
    text = "::".join(parts)
    for code, char in (("$LT$", "<"), ("$GT$", ">"), ("$RF$", "&"), ("$BP$", "*"), ("$u20$", " "),
                       ("$u27$", "'"), ("$u5b$", "["), ("$u5d$", "]"), ("$u7b$", "{"), ("$u7d$", "}"),
                       ("$C$", ","), ("$u3b$", ";"), ("$u7e$", "~"), ("$u21$", "!"), ("$u2b$", "+")):
        text = text.replace(code, char)
    return text.replace("..", "::").lstrip("_")


def crate_of(name):
    name = re.sub(r"^<", "", name)
    name = re.sub(r"^(impl |dyn )", "", name)
    match = re.match(r"[&*\s]*(?:mut )?(?:const )?([A-Za-z_][A-Za-z0-9_]*)", name)
    return match.group(1) if match else name[:20]


def main():
    data = open(sys.argv[1], "rb").read()
    prefix = sys.argv[2] if len(sys.argv) > 2 else None
    imported = 0
    bodies = []
    names = {}
    totals = collections.Counter()
    for kind, body in sections(data):
        if kind == 2:
            imported = imported_function_count(body)
        elif kind == 10:
            bodies = [len(b) for b in code_bodies(body)]
        elif kind == 11:
            totals["<data section>"] += len(body)
        elif kind == 0:
            name, start = custom_name(body)
            if name == "name":
                names = function_names(body[start:])
            else:
                totals["<custom " + name + ">"] += len(body)
    per_function = []
    for i, size in enumerate(bodies):
        name = demangle(names.get(imported + i, f"func{imported + i}"))
        per_function.append((size, name))
        totals[crate_of(name)] += size
        if crate_of(name) == "runcommand_playground":
            totals["  runcommand_playground::" + name.split("::")[1]] += size
    print(f"{len(data)} bytes; {len(bodies)} functions; code {sum(bodies)} bytes")
    for crate, size in totals.most_common(40):
        print(f"{size:>9}  {crate}")
    if prefix:
        print(f"\nbiggest functions starting with {prefix!r}:")
        chosen = sorted((f for f in per_function if f[1].lstrip("<").startswith(prefix)), reverse=True)
        for size, name in chosen[:60]:
            print(f"{size:>9}  {name[:160]}")


if __name__ == "__main__":
    main()
