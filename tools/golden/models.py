#!/usr/bin/python3
"""Writes the golden architecture fixture the Java tests replay, from Debian's python3-torch (PyTorch 1.13):

  executors/src/test/resources/golden/models.json  per network and settings: trainable parameter count, BatchNorm
                                                   buffer count (running_mean + running_var), output shape of a
                                                   forward pass on a zero batch of 2; no weights

Networks, built here in plain torch.nn (torchvision is not packaged for Debian's torch):
  resnet18  CIFAR variant of kuangliu/pytorch-cifar, base width w (stages w, 2w, 4w, 8w)
  resnet    CIFAR ResNet-(6n+2) of He et al. 2016 section 4.2, shortcut option A (subsample, zero channels appended
            after x) or B (conv1x1 + BN when the shape changes)
  wrn       Wide ResNet-d-k of Zagoruyko & Komodakis 2016 (as xternalz/WideResNet-pytorch, no dropout)
  mlp       flatten, Linear + ReLU per hidden size, Linear to the classes
All convolutions have no bias; BatchNorm2d uses the default eps and momentum; classifiers are nn.Linear with bias.
The papers' rounded parameter counts are asserted, so a wrong architecture fails the generator.

Run from the repository root:  /usr/bin/python3 tools/golden/models.py
(Debian's python3-torch installs torch for /usr/bin/python3, not for other Pythons on the PATH.)
"""
import json
import os
import platform

import numpy
import torch
import torch.nn as nn
import torch.nn.functional as F

OUT = os.path.join("executors", "src", "test", "resources", "golden")


def header():
    return dict(generator="tools/golden/models.py", torch=torch.__version__, numpy=numpy.__version__,
                python=platform.python_version())


def conv3x3(cin, cout, stride=1):
    return nn.Conv2d(cin, cout, 3, stride=stride, padding=1, bias=False)


def conv1x1(cin, cout, stride=1):
    return nn.Conv2d(cin, cout, 1, stride=stride, bias=False)


class ZeroPadShortcut(nn.Module):
    """He et al. option A: parameter-free; subsample by 2, append zero channels after x (out = 2 * in)."""

    def forward(self, x):
        x = x[:, :, ::2, ::2]
        return torch.cat([x, torch.zeros_like(x)], 1)


class BasicBlock(nn.Module):
    """conv3x3(stride)-BN-ReLU-conv3x3-BN, plus shortcut, add, ReLU."""

    def __init__(self, cin, cout, stride, option="B"):
        super().__init__()
        self.conv1 = conv3x3(cin, cout, stride)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = conv3x3(cout, cout)
        self.bn2 = nn.BatchNorm2d(cout)
        if stride == 1 and cin == cout:
            self.shortcut = nn.Identity()
        elif option == "A":
            assert stride == 2 and cout == 2 * cin
            self.shortcut = ZeroPadShortcut()
        else:
            self.shortcut = nn.Sequential(conv1x1(cin, cout, stride), nn.BatchNorm2d(cout))

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return F.relu(out + self.shortcut(x))


class ResNet(nn.Module):
    """Stem conv3x3-BN-ReLU, stages of BasicBlocks (stride 2 at the first block of every stage but the first),
    global average pool, Linear."""

    def __init__(self, in_ch, stem, widths, blocks, classes, option="B"):
        super().__init__()
        self.conv1 = conv3x3(in_ch, stem)
        self.bn1 = nn.BatchNorm2d(stem)
        layers, cin = [], stem
        for i, w in enumerate(widths):
            for j in range(blocks):
                layers.append(BasicBlock(cin, w, 2 if (i > 0 and j == 0) else 1, option))
                cin = w
        self.layers = nn.Sequential(*layers)
        self.fc = nn.Linear(cin, classes)

    def forward(self, x):
        out = self.layers(F.relu(self.bn1(self.conv1(x))))
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(out, 1), 1))


def resnet18(in_ch, classes, width):
    return ResNet(in_ch, width, [width, 2 * width, 4 * width, 8 * width], 2, classes)


def resnet(in_ch, classes, depth, shortcut):
    assert (depth - 2) % 6 == 0, depth
    return ResNet(in_ch, 16, [16, 32, 64], (depth - 2) // 6, classes, shortcut)


class WideBlock(nn.Module):
    """Pre-activation: o = ReLU(BN(x)); main = conv3x3(o, s)-BN-ReLU-conv3x3; shortcut x or conv1x1(o, s)."""

    def __init__(self, cin, cout, stride):
        super().__init__()
        self.bn1 = nn.BatchNorm2d(cin)
        self.conv1 = conv3x3(cin, cout, stride)
        self.bn2 = nn.BatchNorm2d(cout)
        self.conv2 = conv3x3(cout, cout)
        self.shortcut = None if cin == cout else conv1x1(cin, cout, stride)

    def forward(self, x):
        o = F.relu(self.bn1(x))
        main = self.conv2(F.relu(self.bn2(self.conv1(o))))
        return main + (x if self.shortcut is None else self.shortcut(o))


class WideResNet(nn.Module):
    def __init__(self, in_ch, classes, depth, widen):
        super().__init__()
        assert (depth - 4) % 6 == 0, depth
        n = (depth - 4) // 6
        self.conv1 = conv3x3(in_ch, 16)
        layers, cin = [], 16
        for w, s in zip([16 * widen, 32 * widen, 64 * widen], [1, 2, 2]):
            for j in range(n):
                layers.append(WideBlock(cin, w, s if j == 0 else 1))
                cin = w
        self.layers = nn.Sequential(*layers)
        self.bn = nn.BatchNorm2d(cin)
        self.fc = nn.Linear(cin, classes)

    def forward(self, x):
        out = F.relu(self.bn(self.layers(self.conv1(x))))
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(out, 1), 1))


def mlp(in_features, classes, hidden):
    layers, cin = [nn.Flatten()], in_features
    for h in hidden:
        layers += [nn.Linear(cin, h), nn.ReLU()]
        cin = h
    layers.append(nn.Linear(cin, classes))
    return nn.Sequential(*layers)


def build(name, settings, shape, classes):
    c = shape[0]
    if name == "resnet18":
        return resnet18(c, classes, settings["width"])
    if name == "resnet":
        return resnet(c, classes, settings["depth"], settings["shortcut"])
    if name == "wrn":
        return WideResNet(c, classes, settings["depth"], settings["widen"])
    if name == "mlp":
        return mlp(shape[0] * shape[1] * shape[2], classes, settings["hidden"])
    raise ValueError(name)


# name, settings, input [C, H, W], classes, expected parameter count (exact, or (paper figure, tolerance))
CASES = [
    ("resnet18", dict(width=64), [3, 32, 32], 10, 11173962),
    ("resnet18", dict(width=16), [3, 32, 32], 10, 701466),
    ("resnet18", dict(width=4), [1, 28, 28], 10, None),
    ("resnet", dict(depth=20, shortcut="A"), [3, 32, 32], 10, (270000, 5000)),   # He et al. table 6: 0.27M
    ("resnet", dict(depth=56, shortcut="A"), [3, 32, 32], 10, (850000, 5000)),  # 0.85M
    ("resnet", dict(depth=20, shortcut="B"), [3, 32, 32], 10, None),
    ("resnet", dict(depth=20, shortcut="A"), [3, 32, 32], 100, None),
    ("wrn", dict(depth=16, widen=4), [3, 32, 32], 10, (2700000, 50000)),  # Zagoruyko & Komodakis table 1: 2.7M
    ("wrn", dict(depth=10, widen=1), [3, 32, 32], 10, None),
    ("wrn", dict(depth=16, widen=4), [3, 32, 32], 100, None),
    ("mlp", dict(hidden=[256, 128]), [1, 28, 28], 10, None),
    ("mlp", dict(hidden=[]), [1, 28, 28], 10, None),
    ("mlp", dict(hidden=[64]), [3, 32, 32], 100, None),
]


def case(name, settings, shape, classes, expected):
    torch.manual_seed(0)
    model = build(name, settings, shape, classes)
    params = sum(p.numel() for p in model.parameters() if p.requires_grad)
    buffers = sum(m.running_mean.numel() + m.running_var.numel()
                  for m in model.modules() if isinstance(m, nn.BatchNorm2d))
    model.eval()
    with torch.no_grad():
        out = model(torch.zeros([2] + shape))
    print("%-8s %-32s in %-11s classes %3d  parameters %11s  buffers %7s  output %s"
          % (name, json.dumps(settings), "x".join(map(str, shape)), classes, format(params, ","),
             format(buffers, ","), list(out.shape)))
    if isinstance(expected, int):
        assert params == expected, (name, settings, params, expected)
    elif expected is not None:
        figure, tol = expected
        assert abs(params - figure) <= tol, (name, settings, params, figure)
    assert list(out.shape) == [2, classes], out.shape
    return dict(name=name, settings=settings, input=shape, classes=classes, parameters=params, buffers=buffers,
                output_shape=list(out.shape))


def main():
    cases = [case(*c) for c in CASES]
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, "models.json")
    with open(path, "w") as f:
        json.dump(dict(header(), cases=cases), f, separators=(",", ":"))
        f.write("\n")
    print("wrote %s (%d bytes), %d cases" % (path, os.path.getsize(path), len(cases)))


if __name__ == "__main__":
    main()
