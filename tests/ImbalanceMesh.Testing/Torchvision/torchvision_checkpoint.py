"""Writes a torchvision model's state dict with seeded random weights, an input batch and the model's eval-mode logits.

usage: torchvision_checkpoint.py ARCH FORMAT OUT_DIR [--size PX] [--batch N] [--classes K] [--seed S]
FORMAT: pth (torch.save) | safetensors (written here: torch 1.13 has no writer; the format is an 8-byte little-endian
header length, a JSON header of dtype/shape/data_offsets per tensor, then the raw little-endian bytes).
Files: OUT_DIR/state.FORMAT, input.f32 and logits.f32 (raw float32, C order), meta.json (shapes, torch version).
The batch-norm running statistics come from two train-mode passes over random images (cumulative average), so the
eval-mode check covers them with realistic values rather than the initial 0/1.
"""
import argparse
import json
import os
import struct

import torch
import torchvision

DTYPES = {torch.float32: "F32", torch.float64: "F64", torch.float16: "F16", torch.int64: "I64"}


def write_safetensors(state, path):
    header, blobs, offset = {}, [], 0
    for key, tensor in state.items():
        data = tensor.contiguous().numpy().tobytes()
        header[key] = {"dtype": DTYPES[tensor.dtype], "shape": list(tensor.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("arch", choices=["resnet18", "resnet34", "resnet50", "vgg16"])
    parser.add_argument("format", choices=["pth", "safetensors"])
    parser.add_argument("out")
    parser.add_argument("--size", type=int, default=64)
    parser.add_argument("--batch", type=int, default=2)
    parser.add_argument("--classes", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    torch.manual_seed(args.seed)
    torch.set_num_threads(1)
    model = getattr(torchvision.models, args.arch)(weights=None, num_classes=args.classes)
    with torch.no_grad():
        for module in model.modules():
            if isinstance(module, torch.nn.BatchNorm2d):
                module.momentum = None
        model.train()
        for _ in range(2):
            model(torch.randn(4, 3, args.size, args.size))
        model.eval()
        images = torch.randn(args.batch, 3, args.size, args.size)
        logits = model(images)

    os.makedirs(args.out, exist_ok=True)
    state = model.state_dict()
    if args.format == "pth":
        torch.save(state, os.path.join(args.out, "state.pth"))
    else:
        write_safetensors(state, os.path.join(args.out, "state.safetensors"))
    images.numpy().astype("<f4").tofile(os.path.join(args.out, "input.f32"))
    logits.numpy().astype("<f4").tofile(os.path.join(args.out, "logits.f32"))
    with open(os.path.join(args.out, "meta.json"), "w") as f:
        json.dump({"arch": args.arch, "input": list(images.shape), "logits": list(logits.shape),
                   "keys": len(state), "torch": torch.__version__, "torchvision": torchvision.__version__}, f)


if __name__ == "__main__":
    main()
