#!/usr/bin/env python3
"""Where the bytes of a wasm file go: code per crate (and per top function), and data.

Needs a build that keeps the name section, e.g.
    CARGO_PROFILE_RELEASE_STRIP=false cargo build --release --target wasm32-unknown-unknown \
        --bin runcommand-playground --target-dir target/size
    python3 tests/e2e/wasm_breakdown.py \
        target/size/wasm32-unknown-unknown/release/runcommand-playground.wasm [crate-prefix]

Sizes are raw bytes before wasm-bindgen and wasm-opt, so they are larger than what ships, but the
proportions hold. A second argument lists the biggest functions whose name starts with it.
"""
import collections
import re
import sys


def leb(data, pos):
    result = shift = 0
    while True:
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return result, pos


def sections(data):
    pos = 8
    while pos < len(data):
        kind = data[pos]
        size, pos = leb(data, pos + 1)
        yield kind, data[pos : pos + size]
        pos += size


def imported_function_count(body):
    count, pos = leb(body, 0)
    functions = 0
    for _ in range(count):
        for _ in range(2):
            length, pos = leb(body, pos)
            pos += length
        kind = body[pos]
        pos += 1
        if kind == 0:
            _, pos = leb(body, pos)
            functions += 1
        elif kind == 1:
            pos += 1
            flags, pos = leb(body, pos)
            _, pos = leb(body, pos)
            if flags & 1:
                _, pos = leb(body, pos)
        elif kind == 2:
            flags, pos = leb(body, pos)
            _, pos = leb(body, pos)
            if flags & 1:
                _, pos = leb(body, pos)
        elif kind == 3:
            pos += 2
        else:
            _, pos = leb(body, pos + 1)
    return functions


def function_names(body):
    names = {}
    pos = 0
    while pos < len(body):
        sub = body[pos]
        size, pos = leb(body, pos + 1)
        end = pos + size
        if sub == 1:
            count, p = leb(body, pos)
            for _ in range(count):
                index, p = leb(body, p)
                length, p = leb(body, p)
                names[index] = body[p : p + length].decode("utf-8", "replace")
                p += length
        pos = end
    return names


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
            count, pos = leb(body, 0)
            for _ in range(count):
                size, pos = leb(body, pos)
                bodies.append(size)
                pos += size
        elif kind == 11:
            totals["<data section>"] += len(body)
        elif kind == 0:
            length, pos = leb(body, 0)
            if body[pos : pos + length] == b"name":
                names = function_names(body[pos + length :])
            else:
                totals["<custom " + body[pos : pos + length].decode() + ">"] += len(body)
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
