"""LR (and momentum) sequences of torch 1.13's schedulers, for the golden tests (see generate.py).

Each case gives our schedule config (the sweep config's `schedule` section) and the torch scheduler built
from the same settings on an optimizer with base lr BASE_LR. lrs[k] is the learning rate in effect at position k:
for per-epoch schedules the epoch k (after k calls to step()), for per-iteration schedules the iteration k.
"""
import math

import torch
from torch.optim import lr_scheduler as S

BASE_LR = 0.1
N = 70


def optimizer(kind="sgd"):
    p = [torch.zeros(1, requires_grad=True)]
    if kind == "adam":
        return torch.optim.Adam(p, lr=BASE_LR)
    return torch.optim.SGD(p, lr=BASE_LR, momentum=0.9)


def momentum_of(opt):
    g = opt.param_groups[0]
    return g["betas"][0] if "betas" in g else g["momentum"]


def record(make, n=N, kind="sgd", momentum=False):
    opt = optimizer(kind)
    sched = make(opt)
    lrs, moms = [], []
    for _ in range(n):
        lrs.append(opt.param_groups[0]["lr"])
        moms.append(momentum_of(opt))
        opt.step()
        sched.step()
    return lrs, (moms if momentum else None)


def plateau_metrics():
    """Falls, stalls, wobbles inside the threshold, falls again: exercises patience, threshold, cooldown."""
    m = []
    for k in range(N):
        if k < 10:
            m.append(1.0 - 0.05 * k)
        elif k < 30:
            m.append(0.55 + 0.00001 * (k % 3))
        elif k < 40:
            m.append(0.55 - 0.02 * (k - 29))
        else:
            m.append(0.35 + 0.001 * ((k * 7) % 5))
    return m


def record_plateau(conf, make, metrics, mode_max=False):
    opt = optimizer()
    sched = make(opt)
    lrs = []
    for k in range(N):
        lrs.append(opt.param_groups[0]["lr"])
        opt.step()
        sched.step(-metrics[k] if mode_max else metrics[k])
    return dict(schedule=conf, base_lr=BASE_LR, lrs=lrs, metrics=[-x for x in metrics] if mode_max else metrics)


def record_restarts_fractional(conf, t0, t_mult, eta_min, iters):
    """CosineAnnealingWarmRestarts stepped with fractional epochs, in the loop PyTorch's documentation gives for it:
    iteration i of epoch e trains, then scheduler.step(e + i / iters). lrs[k] is the rate iteration k = e*iters + i
    trains with: f(0) for k = 0, then f((k - 1) / iters), the value the step after the previous iteration set."""
    opt = optimizer()
    sched = S.CosineAnnealingWarmRestarts(opt, T_0=t0, T_mult=t_mult, eta_min=eta_min)
    lrs = []
    for k in range(N):
        e, i = divmod(k, iters)
        lrs.append(opt.param_groups[0]["lr"])
        opt.step()
        sched.step(e + i / iters)
    return dict(schedule=conf, base_lr=BASE_LR, iterations_per_epoch=iters, loop="step(e + i / iters) after iteration i",
                lrs=lrs)


def sequential(opt, first, second, milestone):
    return S.SequentialLR(opt, [first(opt), second(opt)], milestones=[milestone])


def cases():
    pw = lambda t: 0.95 ** t
    piecewise = lambda t: 1.0 if t < 20 else (0.3 if t < 45 else 0.05)
    simple = [
        (dict(name="constant"), lambda o: S.LambdaLR(o, lambda t: 1.0)),
        (dict(name="lambda", factor="0.95^t"), lambda o: S.LambdaLR(o, pw)),
        (dict(name="lambda", factor="piecewise(t, 20, 1.0, 45, 0.3, 0.05)"), lambda o: S.LambdaLR(o, piecewise)),
        (dict(name="lambda", factor="if(t < 20, 1, 0.1) * (1 + cos(pi * t / 70)) / 2"),
         lambda o: S.LambdaLR(o, lambda t: (1.0 if t < 20 else 0.1) * (1 + math.cos(math.pi * t / 70)) / 2)),
        (dict(name="multiplicative", factor="0.97"), lambda o: S.MultiplicativeLR(o, lambda t: 0.97)),
        (dict(name="multiplicative", factor="if(t <= 30, 0.98, 0.9)"),
         lambda o: S.MultiplicativeLR(o, lambda t: 0.98 if t <= 30 else 0.9)),
        (dict(name="step", step_size=15, gamma=0.5), lambda o: S.StepLR(o, step_size=15, gamma=0.5)),
        (dict(name="step", step_size=1, gamma=0.95), lambda o: S.StepLR(o, step_size=1, gamma=0.95)),
        (dict(name="multistep", milestones=[10, 25, 25, 50], gamma=0.3),
         lambda o: S.MultiStepLR(o, milestones=[10, 25, 25, 50], gamma=0.3)),
        (dict(name="exponential", gamma=0.93), lambda o: S.ExponentialLR(o, gamma=0.93)),
        (dict(name="cosine", t_max=30), lambda o: S.CosineAnnealingLR(o, T_max=30)),
        (dict(name="cosine", t_max=25, eta_min=0.01), lambda o: S.CosineAnnealingLR(o, T_max=25, eta_min=0.01)),
        (dict(name="cosine", t_max=1), lambda o: S.CosineAnnealingLR(o, T_max=1)),
        (dict(name="cosine_restarts", t_0=10), lambda o: S.CosineAnnealingWarmRestarts(o, T_0=10)),
        (dict(name="cosine_restarts", t_0=4, t_mult=2, eta_min=0.001),
         lambda o: S.CosineAnnealingWarmRestarts(o, T_0=4, T_mult=2, eta_min=0.001)),
        (dict(name="cosine_restarts", t_0=1, t_mult=3), lambda o: S.CosineAnnealingWarmRestarts(o, T_0=1, T_mult=3)),
        (dict(name="linear", start_factor=0.25, end_factor=1.0, total_iters=20),
         lambda o: S.LinearLR(o, start_factor=0.25, end_factor=1.0, total_iters=20)),
        (dict(name="linear", start_factor=1.0, end_factor=0.1, total_iters=50),
         lambda o: S.LinearLR(o, start_factor=1.0, end_factor=0.1, total_iters=50)),
        (dict(name="constant_factor", factor=0.5, total_iters=12), lambda o: S.ConstantLR(o, factor=0.5, total_iters=12)),
        (dict(name="polynomial", total_iters=50, power=2.0), lambda o: S.PolynomialLR(o, total_iters=50, power=2.0)),
        (dict(name="polynomial", total_iters=80, power=0.5), lambda o: S.PolynomialLR(o, total_iters=80, power=0.5)),
        (dict(name="linear_decay", total=60), lambda o: S.LambdaLR(o, lambda t: max(0.0, 1 - t / 60))),
        (dict(name="inverse_sqrt", warmup_steps=10),
         lambda o: S.LambdaLR(o, lambda t: min((t + 1) / 10, math.sqrt(10 / (t + 1))))),
        (dict(name="inverse_sqrt", warmup_steps=0), lambda o: S.LambdaLR(o, lambda t: 1 / math.sqrt(t + 1))),
        (dict(name="cosine", t_max=60, warmup=dict(length=8, start_factor=0.1)),
         lambda o: sequential(o, lambda p: S.LinearLR(p, start_factor=0.1, end_factor=1.0, total_iters=8),
                              lambda p: S.CosineAnnealingLR(p, T_max=60), 8)),
        (dict(name="sequential", milestones=[15],
              schedules=[dict(name="constant_factor", factor=0.2, total_iters=15),
                         dict(name="exponential", gamma=0.9)]),
         lambda o: sequential(o, lambda p: S.ConstantLR(p, factor=0.2, total_iters=15),
                              lambda p: S.ExponentialLR(p, gamma=0.9), 15)),
        (dict(name="sequential", milestones=[5],
              schedules=[dict(name="linear", start_factor=0.01, end_factor=1.0, total_iters=5),
                         dict(name="step", step_size=20, gamma=0.1)]),
         lambda o: sequential(o, lambda p: S.LinearLR(p, start_factor=0.01, end_factor=1.0, total_iters=5),
                              lambda p: S.StepLR(p, step_size=20, gamma=0.1), 5)),
        (dict(name="chained", schedules=[dict(name="constant_factor", factor=0.1, total_iters=4),
                                         dict(name="exponential", gamma=0.95)]),
         lambda o: S.ChainedScheduler([S.ConstantLR(o, factor=0.1, total_iters=4), S.ExponentialLR(o, gamma=0.95)])),
        (dict(name="chained", schedules=[dict(name="linear", start_factor=0.5, total_iters=10),
                                         dict(name="step", step_size=7, gamma=0.7)]),
         lambda o: S.ChainedScheduler([S.LinearLR(o, start_factor=0.5, total_iters=10),
                                       S.StepLR(o, step_size=7, gamma=0.7)])),
    ]
    out = [dict(schedule=c, base_lr=BASE_LR, lrs=record(m)[0]) for c, m in simple]

    cyclic = [
        (dict(name="cyclic", base_lr_factor=0.1, step_size_up=10), dict(base_lr=0.01, step_size_up=10)),
        (dict(name="cyclic", base_lr_factor=0.2, step_size_up=6, step_size_down=14, mode="triangular2"),
         dict(base_lr=0.02, step_size_up=6, step_size_down=14, mode="triangular2")),
        (dict(name="cyclic", base_lr_factor=0.05, step_size_up=8, mode="exp_range", gamma=0.97,
              base_momentum=0.85, max_momentum=0.95),
         dict(base_lr=0.005, step_size_up=8, mode="exp_range", gamma=0.97, base_momentum=0.85, max_momentum=0.95)),
        (dict(name="cyclic", base_lr_factor=0.1, step_size_up=5, cycle_momentum=False),
         dict(base_lr=0.01, step_size_up=5, cycle_momentum=False)),
    ]
    for conf, kw in cyclic:
        kind = "sgd"  # torch 1.13's CyclicLR cycles SGD's momentum only (torch 2 added Adam's beta1)
        lrs, moms = record(lambda o, kw=kw: S.CyclicLR(o, max_lr=BASE_LR, **kw), kind=kind, momentum=True)
        out.append(dict(schedule=conf, base_lr=BASE_LR, optimizer=kind, lrs=lrs,
                        momenta=moms if kw.get("cycle_momentum", True) else None))

    one_cycle = [
        (dict(name="one_cycle", total_steps=N), dict(total_steps=N), "sgd"),
        (dict(name="one_cycle", total_steps=N, anneal_strategy="linear", pct_start=0.25, div_factor=10,
              final_div_factor=100), dict(total_steps=N, anneal_strategy="linear", pct_start=0.25, div_factor=10,
                                          final_div_factor=100), "adam"),
        (dict(name="one_cycle", total_steps=N, three_phase=True), dict(total_steps=N, three_phase=True), "adam"),
        (dict(name="one_cycle", total_steps=N, cycle_momentum=False, pct_start=0.5),
         dict(total_steps=N, cycle_momentum=False, pct_start=0.5), "sgd"),
    ]
    for conf, kw, kind in one_cycle:
        lrs, moms = record(lambda o, kw=kw: S.OneCycleLR(o, max_lr=BASE_LR, **kw), kind=kind, momentum=True)
        out.append(dict(schedule=conf, base_lr=BASE_LR, optimizer=kind, lrs=lrs,
                        momenta=moms if kw.get("cycle_momentum", True) else None))

    metrics = plateau_metrics()
    out.append(record_plateau(dict(name="plateau", patience=3),
                              lambda o: S.ReduceLROnPlateau(o, patience=3), metrics))
    out.append(record_plateau(dict(name="plateau", patience=2, factor=0.5, threshold=0.01, threshold_mode="abs",
                                   cooldown=2, min_lr=0.004),
                              lambda o: S.ReduceLROnPlateau(o, patience=2, factor=0.5, threshold=0.01,
                                                            threshold_mode="abs", cooldown=2, min_lr=0.004), metrics))
    out.append(record_plateau(dict(name="plateau", mode="max", patience=4, factor=0.3),
                              lambda o: S.ReduceLROnPlateau(o, mode="max", patience=4, factor=0.3), metrics,
                              mode_max=True))

    out.append(record_restarts_fractional(dict(name="cosine_restarts", t_0=3, step_per="iteration"), 3, 1, 0.0, 7))
    out.append(record_restarts_fractional(dict(name="cosine_restarts", t_0=2, t_mult=2, eta_min=0.005,
                                               step_per="iteration"), 2, 2, 0.005, 5))
    out.append(record_restarts_fractional(dict(name="cosine_restarts", t_0=3, t_mult=2, step_per="iteration"), 3, 2, 0.0, 5))
    return out
