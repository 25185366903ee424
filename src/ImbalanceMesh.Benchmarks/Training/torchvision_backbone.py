"""PyTorch reference for BackboneStepTiming: the same training steps in torchvision.

usage: /usr/bin/python3 torchvision_backbone.py MODEL BATCH STEPS THREADS [SIZE]
Random SIZE px (default 224) inputs, 10 classes, AdamW (lr 1e-3, weight decay 1e-4). Frozen: backbone requires_grad
False and its batch norms in eval mode, only the head (fc / classifier) learns; unfrozen: everything, with the same
discriminative rates as the C# side (head lr; stages lr/100 .. lr/10). One warm-up step per phase, then STEPS timed.
"""
import resource
import sys
import time

import torch
import torchvision


def peak_rss_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def main():
    name, batch, steps, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    size = int(sys.argv[5]) if len(sys.argv) > 5 else 224
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    model = getattr(torchvision.models, name)(weights=None, num_classes=10)
    if name == "vgg16":
        head = model.classifier
        stages, stage = [], []
        for layer in model.features:
            stage.append(layer)
            if isinstance(layer, torch.nn.MaxPool2d):
                stages.append(stage)
                stage = []
    else:
        head = model.fc
        stages = [[model.conv1, model.bn1], [model.layer1], [model.layer2], [model.layer3], [model.layer4]]
    groups = [{"params": list(head.parameters()), "lr": 1e-3}]
    for s, modules in enumerate(stages):
        scale = 10 ** -(1 + (len(stages) - 1 - s) / (len(stages) - 1))
        groups.append({"params": [p for m in modules for p in m.parameters()], "lr": 1e-3 * scale})
    optimizer = torch.optim.AdamW(groups, lr=1e-3, weight_decay=1e-4)
    loss = torch.nn.CrossEntropyLoss()
    inputs = torch.randn(batch, 3, size, size)
    labels = torch.randint(0, 10, (batch,))
    backbone = [p for modules in stages for m in modules for p in m.parameters()]

    def step(frozen):
        model.train()
        if frozen:
            for modules in stages:
                for m in modules:
                    m.eval()
        optimizer.zero_grad(set_to_none=True)
        value = loss(model(inputs), labels)
        value.backward()
        optimizer.step()
        return value.item()

    print(f"pytorch {torch.__version__} {name} batch {batch} size {size} threads {threads} steps {steps}")
    for frozen in (True, False):
        for p in backbone:
            p.requires_grad_(not frozen)
        step(frozen)
        start = time.perf_counter()
        for _ in range(steps):
            step(frozen)
        rate = batch * steps / (time.perf_counter() - start)
        print(f"{'frozen' if frozen else 'unfrozen':<8} {rate:8.2f} images/s  peak RSS {peak_rss_mib()} MiB")


if __name__ == "__main__":
    main()
