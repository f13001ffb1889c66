#!/usr/bin/python3
"""Writes the golden TorchScript trial the Java tests replay, from Debian's python3-torch (PyTorch 1.13):

  executors/src/test/resources/golden/torchscript/shapes/{train,test}/{a,b,c}/NN.png
        an image folder: 3 classes, 8 training and 3 test images each, RGB PNGs of mixed sizes (12..27 pixels a
        side), random pixels from a seeded generator
  executors/src/test/resources/golden/torchscript/net.pt
        a small CNN (conv 3x3 - BatchNorm - ReLU - conv 3x3 stride 2 - BatchNorm - ReLU - mean over pixels - linear),
        torch.jit.script'ed and saved: its weights are every trial's initial weights
  executors/src/test/resources/golden/torchscript.json
        the trial PyTorch runs on them: images resized and centre-cropped to 16 (images.py's resize_crop, as the
        image folder does), normalized per channel with the training set's mean and standard deviation (as
        Normalization does, in the same order of sums), minibatches of 8 in the order of the Java side's seeded
        permutation (java.util.SplittableRandom, ported below; no augmentation), SGD with momentum 0.9 and lr 0.05;
        each epoch's training loss (the batches' mean losses weighted by their sizes) and the test loss and error
        after it, in inference mode

oneDNN is turned off (torch.backends.mkldnn.enabled = False) so that the reference uses PyTorch's own kernels.

Run from the repository root:  /usr/bin/python3 tools/golden/torchscript.py
"""
import json
import math
import os
import platform
import struct
import sys
import zlib

import numpy
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import images  # noqa: E402

OUT = os.path.join("executors", "src", "test", "resources", "golden")
FOLDER = os.path.join(OUT, "torchscript")
SIZE = 16
BATCH = 8
EPOCHS = 2
SEED = 7
LR = 0.05
MOMENTUM = 0.9
CLASSES = ["a", "b", "c"]
M64 = (1 << 64) - 1


def png(path, pixels):
    """An 8-bit RGB PNG of pixels (3 x h x w uint8), filter 0 on every row."""
    _, h, w = pixels.shape
    rows = b"".join(b"\x00" + pixels[:, y, :].t().contiguous().numpy().tobytes() for y in range(h))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 6, 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(6)
        self.conv2 = nn.Conv2d(6, 8, 3, stride=2, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(8)
        self.fc = nn.Linear(8, 3)

    def forward(self, x):
        x = torch.relu(self.bn1(self.conv1(x)))
        x = torch.relu(self.bn2(self.conv2(x)))
        return self.fc(x.mean(dim=(2, 3)))


# ---- java.util.SplittableRandom and the Java side's seed mixing, for the batch order

def mix64(z):
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
    return z ^ (z >> 31)


def mix32(z):
    z = ((z ^ (z >> 33)) * 0x62A9D9ED799705F5) & M64
    r = (((z ^ (z >> 28)) * 0xCB24D0A5C88C35B3) & M64) >> 32
    return r - (1 << 32) if r >= 1 << 31 else r


class SplittableRandom:
    GAMMA = 0x9E3779B97F4A7C15

    def __init__(self, seed):
        self.seed = seed & M64

    def next_seed(self):
        self.seed = (self.seed + self.GAMMA) & M64
        return self.seed

    def next_int(self, bound):
        r = mix32(self.next_seed())
        m = bound - 1
        if bound & m == 0:
            return r & m
        u = (r & 0xFFFFFFFF) >> 1
        while True:
            r = u % bound
            if u + m - r < (1 << 31):
                return r
            u = (mix32(self.next_seed()) & 0xFFFFFFFF) >> 1


def batches_mix(a, b):
    """Batches.mix(a, b) with Java's 64-bit wrap-around."""
    z = (a * 0x9E3779B97F4A7C15 + b) & M64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
    return z ^ (z >> 31)


def permutation(n, seed):
    order = list(range(n))
    rng = SplittableRandom(seed)
    for i in range(n - 1, 0, -1):
        j = rng.next_int(i + 1)
        order[i], order[j] = order[j], order[i]
    return order


# ---- the data as the Java side prepares it

def normalization(train):
    """Normalization.of: per-channel mean and population std of pixel/255, summed per image in double, as float32."""
    n, c, h, w = train.shape
    means, stds = [], []
    for ch in range(c):
        s_all, ss_all = 0.0, 0.0
        for i in range(n):
            s, ss = 0.0, 0.0
            for v in train[i, ch].flatten().tolist():
                v = v / 255.0
                s += v
                ss += v * v
            s_all += s
            ss_all += ss
        mean = s_all / (n * h * w)
        std = math.sqrt(max(0.0, ss_all / (n * h * w) - mean * mean))
        means.append(numpy.float32(mean))
        stds.append(numpy.float32(max(std, 1e-6)))
    return means, stds


def normalize(x, means, stds):
    """Normalization.apply in float32: (pixel / 255f - mean) / std."""
    out = x.to(torch.float32) / numpy.float32(255.0)
    for ch in range(x.shape[1]):
        out[:, ch] = (out[:, ch] - float(means[ch])) / float(stds[ch])
    return out


def main():
    torch.backends.mkldnn.enabled = False
    torch.set_num_threads(1)
    gen = torch.Generator().manual_seed(11)
    sets = {}
    for split, per in (("train", 8), ("test", 3)):
        xs, ys = [], []
        for label, cls in enumerate(CLASSES):
            d = os.path.join(FOLDER, "shapes", split, cls)
            os.makedirs(d, exist_ok=True)
            for i in range(per):
                h = 12 + int(torch.randint(16, (1,), generator=gen))
                w = 12 + int(torch.randint(16, (1,), generator=gen))
                img = torch.randint(256, (3, h, w), generator=gen, dtype=torch.uint8)
                png(os.path.join(d, "%02d.png" % i), img)
                xs.append(images.resize_crop(img, SIZE))
                ys.append(label)
        sets[split] = (torch.stack(xs), torch.tensor(ys))
    torch.manual_seed(SEED)
    net = Net()
    torch.jit.script(net).save(os.path.join(FOLDER, "net.pt"))

    train_x, train_y = sets["train"]
    test_x, test_y = sets["test"]
    means, stds = normalization(train_x)
    train_n = normalize(train_x, means, stds)
    test_n = normalize(test_x, means, stds)
    opt = torch.optim.SGD(net.parameters(), lr=LR, momentum=MOMENTUM)
    epochs = []
    n = len(train_y)
    for e in range(EPOCHS):
        net.train()
        order = permutation(n, batches_mix(SEED, e))
        loss_sum = 0.0
        for start in range(0, n, BATCH):
            idx = order[start:start + BATCH]
            opt.zero_grad()
            loss = F.cross_entropy(net(train_n[idx]), train_y[idx])
            loss.backward()
            opt.step()
            loss_sum += loss.item() * len(idx)
        net.eval()
        with torch.no_grad():
            test_loss, wrong = 0.0, 0
            for start in range(0, len(test_y), BATCH):
                out = net(test_n[start:start + BATCH])
                test_loss += F.cross_entropy(out, test_y[start:start + BATCH], reduction="sum").item()
                wrong += int((out.argmax(1) != test_y[start:start + BATCH]).sum())
        epochs.append(dict(train_loss=loss_sum / n, test_loss=test_loss / len(test_y), test_error=wrong / len(test_y)))
        print("epoch %d: %s" % (e + 1, epochs[-1]))
    body = dict(generator="tools/golden/torchscript.py", torch=torch.__version__, numpy=numpy.__version__,
                python=platform.python_version(), image_size=SIZE, batch_size=BATCH, seed=SEED, lr=LR,
                momentum=MOMENTUM, parameters=sum(p.numel() for p in net.parameters()), epochs=epochs)
    with open(os.path.join(OUT, "torchscript.json"), "w") as f:
        json.dump(body, f, indent=1)
        f.write("\n")
    print("wrote %s and %s" % (FOLDER, os.path.join(OUT, "torchscript.json")))


if __name__ == "__main__":
    main()
