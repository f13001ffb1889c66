#!/usr/bin/python3
"""Writes the golden fixture for the image folder's resizing, from Debian's python3-torch (PyTorch 1.13):

  executors/src/test/resources/golden/images.json  per case: an RGB image (height x width, pixels from a formula
                                                   given below), the target size, and the uint8 result of
                                                   torchvision's Resize(size) then CenterCrop(size) on a tensor
                                                   (bilinear, align_corners=False, no antialias, rounded half to
                                                   even), channel planes in order

The image's pixel (c, y, x) is (37*y + 11*x + 83*c + (x*y) % 17) % 256. torchvision is not packaged for Debian's
torch, so its tensor code path is written out here with torch.nn.functional.interpolate.

Run from the repository root:  /usr/bin/python3 tools/golden/images.py
"""
import json
import os
import platform

import numpy
import torch
import torch.nn.functional as F

OUT = os.path.join("executors", "src", "test", "resources", "golden")


def image(h, w):
    y = torch.arange(h).view(1, h, 1)
    x = torch.arange(w).view(1, 1, w)
    c = torch.arange(3).view(3, 1, 1)
    return ((37 * y + 11 * x + 83 * c + (x * y) % 17) % 256).to(torch.uint8)


def resize_crop(img, size):
    _, h, w = img.shape
    if h <= w:
        oh, ow = size, int(size * w / h)
    else:
        oh, ow = int(size * h / w), size
    out = F.interpolate(img.unsqueeze(0).to(torch.float32), size=(oh, ow), mode="bilinear", align_corners=False,
                        antialias=False)[0]
    out = out.round().clamp(0, 255).to(torch.uint8)
    top = int(round((oh - size) / 2.0))
    left = int(round((ow - size) / 2.0))
    return out[:, top:top + size, left:left + size]


def main():
    cases = []
    for h, w, size in [(7, 5, 3), (5, 9, 4), (16, 16, 8), (10, 13, 6), (4, 6, 8), (33, 20, 16)]:
        out = resize_crop(image(h, w), size)
        cases.append(dict(height=h, width=w, size=size, pixels=out.flatten().tolist()))
    body = dict(generator="tools/golden/images.py", torch=torch.__version__, numpy=numpy.__version__,
                python=platform.python_version(), formula="(37*y + 11*x + 83*c + (x*y) % 17) % 256", cases=cases)
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, "images.json")
    with open(path, "w") as f:
        json.dump(body, f, separators=(",", ":"))
        f.write("\n")
    print("wrote %s (%d bytes, %d cases)" % (path, os.path.getsize(path), len(cases)))


if __name__ == "__main__":
    main()
