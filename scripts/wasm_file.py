"""Reading and writing the parts of a wasm file the build scripts need (no dependencies).

Only the module structure is read: sections, the count of imported functions, function bodies
as bytes, and the `name` section's function names. Instructions are never decoded.
"""


def leb(data, pos):
    """An unsigned LEB128 integer at `pos`: (value, position after it)."""
    result = shift = 0
    while True:
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return result, pos


def uleb(value):
    """`value` as unsigned LEB128 bytes."""
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def sections(data):
    """The sections after the 8-byte header, as (id, payload) pairs, in file order."""
    if data[:4] != b"\0asm":
        raise ValueError("not a wasm file")
    pos = 8
    while pos < len(data):
        kind = data[pos]
        size, pos = leb(data, pos + 1)
        yield kind, data[pos : pos + size]
        pos += size


def section_bytes(kind, payload):
    """One section, written out."""
    return bytes([kind]) + uleb(len(payload)) + payload


def custom_name(payload):
    """A custom section's name and where its content starts."""
    length, pos = leb(payload, 0)
    return payload[pos : pos + length].decode("utf-8", "replace"), pos + length


def imported_function_count(payload):
    """How many of the import section's entries are functions (they come first in the index space)."""
    count, pos = leb(payload, 0)
    functions = 0
    for _ in range(count):
        for _ in range(2):
            length, pos = leb(payload, pos)
            pos += length
        kind = payload[pos]
        pos += 1
        if kind == 0:
            _, pos = leb(payload, pos)
            functions += 1
        elif kind == 1:
            pos += 1
            flags, pos = leb(payload, pos)
            _, pos = leb(payload, pos)
            if flags & 1:
                _, pos = leb(payload, pos)
        elif kind == 2:
            flags, pos = leb(payload, pos)
            _, pos = leb(payload, pos)
            if flags & 1:
                _, pos = leb(payload, pos)
        elif kind == 3:
            pos += 2
        else:
            _, pos = leb(payload, pos + 1)
    return functions


def code_bodies(payload):
    """The code section's function bodies (each without its size prefix), in order."""
    count, pos = leb(payload, 0)
    bodies = []
    for _ in range(count):
        size, pos = leb(payload, pos)
        bodies.append(payload[pos : pos + size])
        pos += size
    return bodies


def function_names(content):
    """Function index -> name, from a `name` section's content (after its name)."""
    names = {}
    pos = 0
    while pos < len(content):
        sub = content[pos]
        size, pos = leb(content, pos + 1)
        end = pos + size
        if sub == 1:
            count, p = leb(content, pos)
            for _ in range(count):
                index, p = leb(content, p)
                length, p = leb(content, p)
                names[index] = content[p : p + length].decode("utf-8", "replace")
                p += length
        pos = end
    return names


def name_section(names):
    """A `name` custom section's payload holding only function names ({index: bytes})."""
    entries = sorted(names.items())
    body = uleb(len(entries)) + b"".join(uleb(i) + uleb(len(n)) + n for i, n in entries)
    return uleb(4) + b"name" + bytes([1]) + uleb(len(body)) + body
