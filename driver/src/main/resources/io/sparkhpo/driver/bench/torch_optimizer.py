"""PyTorch's side of `sparkhpo bench --profile`: one torch.optim.AdamW step over the CIFAR ResNet-18's
parameters (width WIDTH; 11,173,962 at width 64), single-tensor (foreach=False) and foreach, median of REPEATS
steps after two warm-up steps. Prints one JSON line: {"torch": version, "threads": n, "parameters": n,
"single_s": ..., "foreach_s": ...}.

Usage: python3 torch_optimizer.py WIDTH THREADS REPEATS
"""
import json
import statistics
import sys
import time

import torch

from torch_resnet18 import ResNet18


def timed(opt, repeats):
    opt.step()
    opt.step()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        opt.step()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main():
    width, threads, repeats = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    params = list(ResNet18(width).parameters())
    for p in params:
        p.grad = torch.randn_like(p)
    out = dict(torch=torch.__version__, threads=torch.get_num_threads(), parameters=sum(p.numel() for p in params))
    for name, foreach in (("single_s", False), ("foreach_s", True)):
        out[name] = timed(torch.optim.AdamW(params, lr=1e-3, weight_decay=1e-2, foreach=foreach), repeats)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
