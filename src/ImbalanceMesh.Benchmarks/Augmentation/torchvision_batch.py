"""torchvision baseline for BatchProductionBenchmarks: the same operations on PIL images, one core.

Run: /usr/bin/python3 src/ImbalanceMesh.Benchmarks/Augmentation/torchvision_batch.py
Source: 256 decoded 64x64 RGB PIL images kept in memory (decode-cached, like the C# side). Per batch of 64:
RandomAffine(rotation 15, translate 0.1, scale 0.85-1.15, shear 5, reflect fill is not offered by PIL affine, so the
default constant fill) + RandomHorizontalFlip + ColorJitter(brightness 0.2, contrast 0.2) -> uint8 tensor ->
mixup (lambda ~ Beta(0.2, 0.2) per sample, partner from the batch) -> soft labels -> bytes.
"""
import time

import numpy as np
import torch
from PIL import Image
from torchvision import transforms

torch.set_num_threads(1)
rng = np.random.default_rng(42)
size, batch_size, classes = 64, 64, 3

# Smooth random images (a random low-resolution field upscaled), closer to photos than white noise.
sources = [Image.fromarray(rng.integers(0, 256, (8, 8, 3), dtype=np.uint8)).resize((size, size), Image.BILINEAR)
           for _ in range(256)]
augment = transforms.Compose([
    transforms.RandomAffine(degrees=15, translate=(0.1, 0.1), scale=(0.85, 1.15), shear=5),
    transforms.RandomHorizontalFlip(),
    transforms.ColorJitter(brightness=0.2, contrast=0.2),
    transforms.PILToTensor(),
])


def produce(batch_index):
    images = []
    labels = []
    for i in range(batch_size):
        source = (batch_index * batch_size + i) % len(sources)
        images.append(augment(sources[source]))
        labels.append(source % classes)
    x = torch.stack(images).float()
    y = torch.nn.functional.one_hot(torch.tensor(labels), classes).float()
    lam = torch.from_numpy(rng.beta(0.2, 0.2, batch_size)).float()
    partner = torch.randperm(batch_size)
    x = lam.view(-1, 1, 1, 1) * x + (1 - lam.view(-1, 1, 1, 1)) * x[partner]
    y = lam.view(-1, 1) * y + (1 - lam.view(-1, 1)) * y[partner]
    return x.round().clamp(0, 255).to(torch.uint8).numpy().tobytes() + y.numpy().tobytes() + lam.numpy().tobytes()


for b in range(5):  # warm-up
    produce(b)
batches = 60
start = time.perf_counter()
for b in range(batches):
    produce(b)
elapsed = time.perf_counter() - start
import torchvision
print(f"torchvision {torchvision.__version__} / torch {torch.__version__}: {batches * batch_size / elapsed:,.0f} images/s "
      f"on 1 core ({elapsed / batches * 1000:.1f} ms per 64-image batch)")
