"""PyTorch's side of `sparkhpo bench`: the same CIFAR ResNet-18 (3x3 stem, no max-pool, stages w, 2w, 4w, 8w,
kuangliu/pytorch-cifar), AdamW, cross-entropy, float32, on random 3x32x32 inputs. Prints one JSON line:
{"torch": version, "threads": n, "train_img_s": ..., "infer_img_s": ...}.

With STEP = sam each training step is SAM around AdamW (rho 0.05), written as the reference implementations do it:
the gradient at theta, theta + e with e = rho g / ||g||, the gradient there with BatchNorm's running statistics left
alone (momentum 0 for the second pass), theta restored, the AdamW step.

With ONEDNN = on or off, torch.backends.mkldnn.enabled is set so (the bench passes what its libtorch engine uses);
default leaves PyTorch's own choice.

Usage: python3 torch_resnet18.py WIDTH BATCH THREADS SECONDS [adamw|sam] [default|on|off]
"""
import json
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.shortcut = nn.Sequential()
        if stride != 1 or cin != cout:
            self.shortcut = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return F.relu(out + self.shortcut(x))


class ResNet18(nn.Module):
    def __init__(self, width, classes=10):
        super().__init__()
        self.conv1 = nn.Conv2d(3, width, 3, 1, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(width)
        layers, cin = [], width
        for s in range(4):
            cout = width << s
            for b in range(2):
                layers.append(BasicBlock(cin, cout, 2 if (b == 0 and s > 0) else 1))
                cin = cout
        self.layers = nn.Sequential(*layers)
        self.linear = nn.Linear(cin, classes)

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.layers(out)
        out = F.adaptive_avg_pool2d(out, 1).flatten(1)
        return self.linear(out)


def timed(step, batch, seconds):
    step()
    step()  # warm-up
    n, start = 0, time.perf_counter()
    while n < 2 or time.perf_counter() - start < seconds:
        step()
        n += 1
    return n * batch / (time.perf_counter() - start)


def main():
    width, batch, threads, seconds = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
    onednn = sys.argv[6] if len(sys.argv) > 6 else "default"
    if onednn not in ("default", "on", "off"):
        sys.exit("torch_resnet18.py: ONEDNN must be default, on or off, got " + onednn)
    if onednn != "default":
        torch.backends.mkldnn.enabled = onednn == "on"
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    model = ResNet18(width)
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=1e-2)
    x = torch.randn(batch, 3, 32, 32)
    y = torch.randint(0, 10, (batch,))

    def train():
        opt.zero_grad()
        F.cross_entropy(model(x), y).backward()
        opt.step()

    params = [p for p in model.parameters()]
    norms = [m for m in model.modules() if isinstance(m, nn.BatchNorm2d)]
    rho = 0.05

    def train_sam():
        opt.zero_grad()
        F.cross_entropy(model(x), y).backward()
        with torch.no_grad():
            scale = rho / (torch.norm(torch.stack([p.grad.norm(p=2) for p in params]), p=2) + 1e-12)
            moves = [p.grad * scale for p in params]
            for p, e in zip(params, moves):
                p.add_(e)
        opt.zero_grad()
        for m in norms:
            m.momentum = 0.0
        F.cross_entropy(model(x), y).backward()
        for m in norms:
            m.momentum = 0.1
        with torch.no_grad():
            for p, e in zip(params, moves):
                p.sub_(e)
        opt.step()

    step = sys.argv[5] if len(sys.argv) > 5 else "adamw"
    if step not in ("adamw", "sam"):
        sys.exit("torch_resnet18.py: STEP must be adamw or sam, got " + step)
    model.train()
    train_ips = timed(train_sam if step == "sam" else train, batch, seconds)
    model.eval()

    def infer():
        with torch.no_grad():
            model(x).argmax(1)

    infer_ips = timed(infer, batch, seconds)
    print(json.dumps(dict(torch=torch.__version__, threads=torch.get_num_threads(), train_img_s=train_ips,
                          infer_img_s=infer_ips)))


if __name__ == "__main__":
    main()
