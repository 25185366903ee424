"""Long-tailed digits from opencv-doc's digits.png (5,000 20x20 tiles, class k in tile rows 5k..5k+4, 100 a row).

Per class the last tile row (100 tiles) is the balanced test set; the train set takes n_k = round(400 * IF^(-k/9))
of the other 400 tiles (a seeded shuffle), so class 0 has 400 and class 9 has 400/IF. (The issue's 500 * IF^(-k/9)
would use every tile of class 0 and leave it none for a balanced test set.) Writes class-per-folder PNG trees:
  OUT/train/<digit>/*.png and OUT/test/<digit>/*.png
usage: /usr/bin/python3 long_tailed_digits.py DIGITS_PNG OUT IF [SEED]
"""
import os
import random
import sys

from PIL import Image

TILE, PER_ROW, ROWS_PER_CLASS, TRAIN_POOL = 20, 100, 5, 400


def tiles(sheet, digit):
    for row in range(digit * ROWS_PER_CLASS, (digit + 1) * ROWS_PER_CLASS):
        for col in range(PER_ROW):
            yield sheet.crop((col * TILE, row * TILE, (col + 1) * TILE, (row + 1) * TILE))


def main(path, out, imbalance, seed=2020):
    sheet = Image.open(path).convert("L")
    assert sheet.size == (PER_ROW * TILE, 10 * ROWS_PER_CLASS * TILE), sheet.size
    counts = {}
    for digit in range(10):
        images = list(tiles(sheet, digit))
        pool, test = images[:TRAIN_POOL], images[TRAIN_POOL:]
        order = list(range(TRAIN_POOL))
        random.Random(seed * 10 + digit).shuffle(order)
        n = round(TRAIN_POOL * imbalance ** (-digit / 9))
        counts[digit] = n
        for split, chosen in (("train", [pool[i] for i in order[:n]]), ("test", test)):
            folder = os.path.join(out, split, str(digit))
            os.makedirs(folder, exist_ok=True)
            for i, image in enumerate(chosen):
                image.save(os.path.join(folder, f"{digit}-{i:03d}.png"))
    print(" ".join(f"{d}:{n}" for d, n in counts.items()), "train;", 100, "test per class")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], float(sys.argv[3]), *(int(a) for a in sys.argv[4:5]))
