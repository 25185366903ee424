"""Synthetic MNIST-layout IDX files: N distinct SIDE x SIDE grey images, RARE of class 1 (every N/RARE-th record),
the rest class 0. Each image is a smooth class-dependent pattern plus seeded noise, with its record number in the
first four pixels so that no two are identical (ingestion de-duplicates by content). FIRST numbers the records from
FIRST on (with its own noise seed), so a second set made with FIRST = the first set's N shares no image with it.
Usage: /usr/bin/python3 make-scale-idx.py OUT_DIR N [SIDE=28] [RARE=500] [FIRST=0]"""
import struct, sys, os
import numpy as np

out, n = sys.argv[1], int(sys.argv[2])
side = int(sys.argv[3]) if len(sys.argv) > 3 else 28
rare = int(sys.argv[4]) if len(sys.argv) > 4 else 500
first = int(sys.argv[5]) if len(sys.argv) > 5 else 0
os.makedirs(out, exist_ok=True)
labels = np.zeros(n, dtype=np.uint8)
labels[np.linspace(0, n - 1, rare).astype(np.int64)] = 1
y, x = np.mgrid[0:side, 0:side]
patterns = [((x + y) * 255 // (2 * side - 2)).astype(np.int16), (np.hypot(x - side / 2, y - side / 2) * 255 / side).astype(np.int16)]
rng = np.random.default_rng(17 + first)
with open(os.path.join(out, "images-idx3-ubyte"), "wb") as f:
    f.write(struct.pack(">iiii", 0x803, n, side, side))
    block = 65536
    for start in range(0, n, block):
        count = min(block, n - start)
        lab = labels[start:start + count]
        base = np.where(lab[:, None, None] == 1, patterns[1], patterns[0])
        imgs = np.clip(base + rng.integers(-24, 25, size=(count, side, side)), 0, 255).astype(np.uint8)
        ids = np.arange(first + start, first + start + count, dtype=np.uint32)
        flat = imgs.reshape(count, -1)
        for b in range(4):
            flat[:, b] = (ids >> (8 * b)) & 0xFF
        f.write(flat.tobytes())
with open(os.path.join(out, "labels-idx1-ubyte"), "wb") as f:
    f.write(struct.pack(">ii", 0x801, n))
    f.write(labels.tobytes())
print(f"{n} images of {side}x{side}: {rare} rare (class 1), {n - rare} common (class 0) in {out}")
