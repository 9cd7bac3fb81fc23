#!/usr/bin/env python3
"""An independent oracle for tests: the tvix castore digest of a host path.

Walks the path like tvix's ingest (symlinks never followed, owner-x bit only, sizes from lstat),
encodes Directory messages by hand (proto3, defaults omitted) and hashes with b3sum. Prints
'type digest_hex size' for the root. Shares no code with Glassbox.
"""
import os, stat, subprocess, sys

def b3(data: bytes) -> bytes:
    out = subprocess.run(["b3sum", "--no-names", "--raw"], input=data, capture_output=True, check=True).stdout
    return out[:32]

def varint(n: int) -> bytes:
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)

def field_bytes(num: int, value: bytes) -> bytes:
    return b"" if not value else bytes([num << 3 | 2]) + varint(len(value)) + value

def field_varint(num: int, value: int) -> bytes:
    return b"" if not value else bytes([num << 3]) + varint(value)

def msg(num: int, payload: bytes) -> bytes:
    return bytes([num << 3 | 2]) + varint(len(payload)) + payload

def ingest(path: bytes):
    st = os.lstat(path)
    if stat.S_ISLNK(st.st_mode):
        return ("symlink", os.readlink(path))
    if stat.S_ISREG(st.st_mode):
        with open(path, "rb") as f:
            return ("file", b3(f.read()), st.st_size, bool(st.st_mode & 0o100))
    if stat.S_ISDIR(st.st_mode):
        entries = sorted((name, ingest(os.path.join(path, name))) for name in os.listdir(path))
        dirs = b"".join(msg(1, field_bytes(1, n) + field_bytes(2, e[1]) + field_varint(3, e[2])) for n, e in entries if e[0] == "dir")
        files = b"".join(msg(2, field_bytes(1, n) + field_bytes(2, e[1]) + field_varint(3, e[2]) + field_varint(4, int(e[3]))) for n, e in entries if e[0] == "file")
        links = b"".join(msg(3, field_bytes(1, n) + field_bytes(2, e[1])) for n, e in entries if e[0] == "symlink")
        # tvix HEAD size: 2 per entry plus the sizes of child directories.
        size = sum(2 + (e[2] if e[0] == "dir" else 0) for _, e in entries)
        return ("dir", b3(dirs + files + links), size)
    raise SystemExit("unsupported file type: %r" % path)

root = ingest(os.fsencode(sys.argv[1]))
if root[0] == "symlink":
    print("symlink", root[1].decode("utf-8", "replace"))
else:
    print({"dir": "directory"}.get(root[0], root[0]), root[1].hex(), root[2])
