#!/usr/bin/python3
"""Writes SVHN-format fixtures (the official cropped-digit MATLAB files, small) with scipy, for the Java reader's test:

  executors/src/test/resources/golden/svhn/train_32x32.mat   7 images, written compressed (MATLAB 5 miCOMPRESSED)
  executors/src/test/resources/golden/svhn/test_32x32.mat    3 images, written plain
  executors/src/test/resources/golden/svhn.json              per file: the labels as torchvision reads them (10 -> 0)
                                                             and each image's first 8 bytes and byte sum in the
                                                             NCHW order the Java side keeps

X is uint8 32x32x3xN (column-major, as SVHN's), y uint8 Nx1 with labels 1..10 (10 is the digit 0), as in the
official files. Run from the repository root:  /usr/bin/python3 tools/golden/svhn.py
"""
import json
import os
import platform

import numpy
import scipy
import scipy.io

OUT = os.path.join("executors", "src", "test", "resources", "golden")


def main():
    rng = numpy.random.default_rng(5)
    body = dict(generator="tools/golden/svhn.py", numpy=numpy.__version__, scipy=scipy.__version__,
                python=platform.python_version(), files={})
    os.makedirs(os.path.join(OUT, "svhn"), exist_ok=True)
    for name, n, compress in (("train_32x32.mat", 7, True), ("test_32x32.mat", 3, False)):
        x = rng.integers(0, 256, size=(32, 32, 3, n), dtype=numpy.uint8)
        y = rng.integers(1, 11, size=(n, 1), dtype=numpy.uint8)
        y[0, 0] = 10
        scipy.io.savemat(os.path.join(OUT, "svhn", name), {"X": x, "y": y}, do_compression=compress)
        nchw = numpy.transpose(x, (3, 2, 0, 1))  # N, C, H, W
        body["files"][name] = dict(labels=[int(v) % 10 for v in y[:, 0]],
                                   first=[[int(v) for v in img.flatten()[:8]] for img in nchw],
                                   sums=[int(img.astype(numpy.int64).sum()) for img in nchw])
    with open(os.path.join(OUT, "svhn.json"), "w") as f:
        json.dump(body, f, indent=1)
        f.write("\n")
    print("wrote %s/svhn and svhn.json" % OUT)


if __name__ == "__main__":
    main()
