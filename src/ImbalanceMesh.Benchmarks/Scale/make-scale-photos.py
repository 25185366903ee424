"""Synthetic photo folder: N distinct SIDE x SIDE RGB JPEGs, one sub-folder per class (OUT/common, OUT/rare), RARE of
them rare (every N/RARE-th record, the same records as make-scale-idx.py). Each image is a seeded colour wave with a
filled disc (common) or square (rare) at a random place, and its record number as 32 black/white 7 px blocks along the
top edge, which survive JPEG, so that no two decode alike (ingestion de-duplicates by content). ~1 ms and ~7 KB an image.
Usage: /usr/bin/python3 make-scale-photos.py OUT_DIR N [SIDE=224] [RARE=500]"""
import sys, os
import numpy as np
import cv2

out, n = sys.argv[1], int(sys.argv[2])
side = int(sys.argv[3]) if len(sys.argv) > 3 else 224
rare = int(sys.argv[4]) if len(sys.argv) > 4 else 500
block = max(1, side // 32)
rare_records = set(np.linspace(0, n - 1, rare).astype(np.int64).tolist())
for name in ("common", "rare"):
    os.makedirs(os.path.join(out, name), exist_ok=True)
y, x = np.mgrid[0:side, 0:side].astype(np.float32)
rng = np.random.default_rng(17)
img = np.empty((side, side, 3), np.float32)
for i in range(n):
    a, b, c = rng.uniform(0, 1, 3)
    img[..., 0] = np.sin(x * (0.02 + 0.05 * a) + y * 0.03 * b) * 100 + 128
    img[..., 1] = np.cos(y * (0.02 + 0.05 * b) - x * 0.02 * c) * 100 + 128
    img[..., 2] = (x + y) * (255 / (2 * side)) * c
    pixels = img.astype(np.uint8)
    cx, cy = (int(v) for v in rng.integers(side // 7, side - side // 7, 2))
    r = int(rng.integers(side // 22, side // 4))
    colour = tuple(int(v) for v in rng.integers(0, 256, 3))
    is_rare = i in rare_records
    if is_rare:
        cv2.rectangle(pixels, (cx - r, cy - r), (cx + r, cy + r), colour, -1)
    else:
        cv2.circle(pixels, (cx, cy), r, colour, -1)
    for bit in range(32):
        pixels[0:block, bit * block:(bit + 1) * block] = 255 if (i >> bit) & 1 else 0
    cv2.imwrite(os.path.join(out, "rare" if is_rare else "common", f"{i:07d}.jpg"), pixels, [cv2.IMWRITE_JPEG_QUALITY, 90])
print(f"{n} images of {side}x{side} RGB JPEG: {len(rare_records)} rare, {n - len(rare_records)} common in {out}")
