#!/usr/bin/python3
"""Writes the golden fixtures the Java tests replay, from Debian's python3-torch (PyTorch 1.13):

  executors/src/test/resources/golden/optimizers.json  parameter trajectories, every optimizer x weight-decay
                                                       mode x >= 2 settings, float64 and float32, 40 steps;
                                                       SAM and ASAM over SGD and Adam (optimizers.py, sam_cases)
  executors/src/test/resources/golden/schedules.json   learning-rate (and momentum) sequences, 70 steps
  (models.json, network parameter/buffer counts and output shapes, comes from tools/golden/models.py, run on its own)
  (images.json, the image folder's resize and centre crop, comes from tools/golden/images.py, run on its own)
  (svhn.json and the svhn/ MATLAB files come from tools/golden/svhn.py (scipy); torchscript.json, the torchscript/ image folder and net.pt from tools/golden/torchscript.py, each run on its own)

Run from the repository root:  /usr/bin/python3 tools/golden/generate.py
(Debian's python3-torch installs torch for /usr/bin/python3, not for other Pythons on the PATH.)

Deviations from torch 1.13, on purpose: NAdam follows torch 2.0 (1.13 counts mu_t twice in the product used for the
momentum term, fixed in 2.0); QHAdam follows facebookresearch/qhoptim in numpy (not packaged for Debian).
"""
import json
import os
import platform
import sys

import numpy
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import optimizers  # noqa: E402
import schedules  # noqa: E402

OUT = os.path.join("executors", "src", "test", "resources", "golden")


def header():
    return dict(generator="tools/golden/generate.py", torch=torch.__version__, numpy=numpy.__version__,
                python=platform.python_version())


def write(name, body):
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, name)
    with open(path, "w") as f:
        json.dump(body, f, separators=(",", ":"))
        f.write("\n")
    print("wrote %s (%d bytes)" % (path, os.path.getsize(path)))


def main():
    torch.set_default_dtype(torch.float64)
    opt = optimizers.cases()
    write("optimizers.json", dict(header(), loss=dict(a=optimizers.A, c=optimizers.C, theta0=optimizers.THETA0,
                                                      z="0.5*sin(1.3*t + 0.7*i), t 1-based"),
                                  cases=opt))
    sch = schedules.cases()
    write("schedules.json", dict(header(), cases=sch))
    print("%d optimizer cases, %d schedule cases" % (len(opt), len(sch)))


if __name__ == "__main__":
    main()
