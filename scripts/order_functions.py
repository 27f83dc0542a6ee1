#!/usr/bin/env python3
"""Names a wasm's functions so that `wasm-opt --reorder-functions-by-name` puts similar ones
next to each other, which lets gzip find more repeats (docs/performance.md gives the saving).

    python3 scripts/order_functions.py IN.wasm OUT.wasm

gzip only looks 32 KB back, and the compiler lays functions out in no useful order, so the many
near-copies that generics make (yew's `view` per component, serde's `deserialize_seq` per type)
end up far apart. This picks an order greedily: start at the first function, then always take
the remaining function whose 4-byte shingles overlap the current one's most (Jaccard index).
The order is written as the function names `000000`, `000001`, … in a new `name` section (the
old one, if any, is dropped); only the names change here, so the module behaves the same.
wasm-opt then moves the bodies and renumbers every call (see scripts/release_finish.py).
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wasm_file import (  # noqa: E402
    code_bodies,
    custom_name,
    imported_function_count,
    name_section,
    section_bytes,
    sections,
)

SHINGLE = 4


def similarity_order(bodies):
    """Body indices, each followed by the remaining body most like it."""
    shingles = [
        frozenset(body[i : i + SHINGLE] for i in range(max(1, len(body) - SHINGLE + 1)))
        for body in bodies
    ]
    remaining = set(range(len(bodies)))
    order = []
    current = 0 if bodies else None
    while remaining:
        remaining.discard(current)
        order.append(current)
        mine = shingles[current]
        best, best_score = None, -1.0
        for other in sorted(remaining):
            theirs = shingles[other]
            shared = len(mine & theirs)
            score = shared / (len(mine) + len(theirs) - shared + 1)
            if score > best_score:
                best, best_score = other, score
        current = best
    return order


def with_order_names(data):
    """The module with function names that sort in similarity order."""
    parts = list(sections(data))
    imported = 0
    bodies = []
    for kind, payload in parts:
        if kind == 2:
            imported = imported_function_count(payload)
        elif kind == 10:
            bodies = code_bodies(payload)
    names = {index: b"import%d" % index for index in range(imported)}
    for rank, body_index in enumerate(similarity_order(bodies)):
        names[imported + body_index] = b"%06d" % rank
    out = bytearray(data[:8])
    for kind, payload in parts:
        if kind == 0 and custom_name(payload)[0] == "name":
            continue
        out += section_bytes(kind, payload)
    out += section_bytes(0, name_section(names))
    return bytes(out)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__.strip().splitlines()[2].strip())
    with open(sys.argv[1], "rb") as source:
        data = source.read()
    with open(sys.argv[2], "wb") as target:
        target.write(with_order_names(data))


if __name__ == "__main__":
    main()
