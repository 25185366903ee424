#!/usr/bin/env python3
"""Writes N distinct small grayscale PNGs (random noise, SIDE x SIDE) as ROOT/<class>/<n>.png, 70/25/5 % over 3 classes.
Usage: make-png-tree.py ROOT N SIDE"""
import os, random, struct, sys, zlib

root, n, side = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(7)

def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

def png(pixels):
    raw = b"".join(b"\x00" + pixels[y * side:(y + 1) * side] for y in range(side))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 6)) + chunk(b"IEND", b""))

for i in range(n):
    cls = "a" if i < n * 70 // 100 else "b" if i < n * 95 // 100 else "c"
    folder = os.path.join(root, cls)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, f"{i:06d}.png"), "wb") as f:
        f.write(png(bytes(rng.getrandbits(8) for _ in range(side * side))))
