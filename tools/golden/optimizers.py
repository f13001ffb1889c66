"""Optimizer trajectories for the golden tests (see generate.py).

Loss at step t (1-based): f_t(theta) = sum_i a_i (theta_i - c_i)^2 + sum_i z_{t,i} theta_i with
z_{t,i} = 0.5 sin(1.3 t + 0.7 i), so the gradient 2 a (theta - c) + z_t is easy to recompute in Java. Gradients
come from torch autograd; the fixture stores the parameter trajectory.

Weight decay conventions (docs/config.md, "Weight decay"):
  l2            torch's own weight_decay argument (the gradient gets + lambda theta)
  decoupled_lr  torch.optim.AdamW for Adam (cross-checked against the emulation below); for the others the
                optimizer runs with weight_decay=0 after p.mul_(1 - lr_t lambda), which is what AdamW, torch 2's
                RAdam(decoupled_weight_decay=True) and qhoptim's QHAdamW do
  decoupled     p.mul_(1 - eta_t lambda) before the step (the AdamW paper's Algorithm 2), eta_t = lr_t / lr_0
"""
import math

import numpy as np
import torch

A = [0.5, 1.0, 2.0, 0.1]
C = [1.0, -2.0, 0.5, 3.0]
THETA0 = [0.3, -0.5, 1.2, -0.8]
STEPS = 40
LAMBDA = {"l2": 0.05, "decoupled": 0.01, "decoupled_lr": 0.5}


def z(t, dtype):
    return torch.tensor([0.5 * math.sin(1.3 * t + 0.7 * i) for i in range(len(A))], dtype=dtype)


def loss(theta, t):
    a = torch.tensor(A, dtype=theta.dtype)
    c = torch.tensor(C, dtype=theta.dtype)
    return (a * (theta - c) ** 2).sum() + (z(t, theta.dtype) * theta).sum()


class NAdam2(torch.optim.Optimizer):
    """torch 2.0's NAdam (_single_tensor_nadam). torch 1.13 computes mu_product_next = mu_product * mu * mu_next,
    counting mu_t twice; torch 2.0 fixed it to mu_product * mu_next. The product is kept as a Python float
    (float64), as torch >= 2.1 keeps it in the default dtype."""

    def __init__(self, params, lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, momentum_decay=4e-3):
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay,
                                      momentum_decay=momentum_decay))

    @torch.no_grad()
    def step(self):
        for group in self.param_groups:
            beta1, beta2 = group["betas"]
            for p in group["params"]:
                st = self.state[p]
                if not st:
                    st["step"] = 0
                    st["mu_product"] = 1.0
                    st["exp_avg"] = torch.zeros_like(p)
                    st["exp_avg_sq"] = torch.zeros_like(p)
                grad = p.grad
                st["step"] += 1
                step = st["step"]
                bias_correction2 = 1 - beta2 ** step
                if group["weight_decay"] != 0:
                    grad = grad.add(p, alpha=group["weight_decay"])
                mu = beta1 * (1. - 0.5 * (0.96 ** (step * group["momentum_decay"])))
                mu_next = beta1 * (1. - 0.5 * (0.96 ** ((step + 1) * group["momentum_decay"])))
                st["mu_product"] *= mu
                mu_product_next = st["mu_product"] * mu_next
                st["exp_avg"].lerp_(grad, 1 - beta1)
                st["exp_avg_sq"].mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
                denom = st["exp_avg_sq"].div(bias_correction2).sqrt().add_(group["eps"])
                p.addcdiv_(grad, denom, value=-group["lr"] * (1. - mu) / (1. - st["mu_product"]))
                p.addcdiv_(st["exp_avg"], denom, value=-group["lr"] * mu_next / (1. - mu_product_next))


class QHAdamNumpy:
    """QHAdam as facebookresearch/qhoptim's qhoptim/pyt/qhadam.py computes it, in numpy (qhoptim is not
    packaged for Debian). decouple=True is QHAdamW."""

    def __init__(self, theta, lr, betas=(0.9, 0.999), nus=(1.0, 1.0), weight_decay=0.0, decouple=False, eps=1e-8):
        self.theta, self.lr, self.betas, self.nus = theta, lr, betas, nus
        self.wd, self.decouple, self.eps = weight_decay, decouple, eps
        self.w1 = self.w2 = 0.0
        self.m = np.zeros_like(theta)
        self.v = np.zeros_like(theta)

    def step(self, grad):
        beta1, beta2 = self.betas
        nu1, nu2 = self.nus
        d_p = grad.copy()
        if self.wd != 0:
            if self.decouple:
                self.theta *= (1 - self.lr * self.wd)
            else:
                d_p += self.wd * self.theta
        d_p_sq = d_p * d_p
        self.w1 = 1.0 + beta1 * self.w1
        self.w2 = 1.0 + beta2 * self.w2
        b1_adj = 1.0 - 1.0 / self.w1
        b2_adj = 1.0 - 1.0 / self.w2
        self.m = self.m * b1_adj + (1.0 - b1_adj) * d_p
        self.v = self.v * b2_adj + (1.0 - b2_adj) * d_p_sq
        avg_grad = self.m * nu1
        if nu1 != 1.0:
            avg_grad = avg_grad + (1.0 - nu1) * d_p
        rms = self.v * nu2
        if nu2 != 1.0:
            rms = rms + (1.0 - nu2) * d_p_sq
        rms = np.sqrt(rms)
        if self.eps != 0.0:
            rms = rms + self.eps
        self.theta -= self.lr * avg_grad / rms


# Each setting: our optimizer name, our hyperparameters (config vocabulary), and the torch constructor's arguments.
SETTINGS = [
    ("sgd", dict(lr=0.05), lambda p, wd: torch.optim.SGD(p, lr=0.05, weight_decay=wd)),
    ("sgd", dict(lr=0.03, momentum=0.9), lambda p, wd: torch.optim.SGD(p, lr=0.03, momentum=0.9, weight_decay=wd)),
    ("sgd", dict(lr=0.02, momentum=0.8, dampening=0.3),
     lambda p, wd: torch.optim.SGD(p, lr=0.02, momentum=0.8, dampening=0.3, weight_decay=wd)),
    ("sgd", dict(lr=0.02, momentum=0.9, nesterov=True),
     lambda p, wd: torch.optim.SGD(p, lr=0.02, momentum=0.9, nesterov=True, weight_decay=wd)),
    ("adagrad", dict(lr=0.1), lambda p, wd: torch.optim.Adagrad(p, lr=0.1, weight_decay=wd)),
    ("adagrad", dict(lr=0.05, lr_decay=0.01, initial_accumulator_value=0.1, eps=1e-6),
     lambda p, wd: torch.optim.Adagrad(p, lr=0.05, lr_decay=0.01, initial_accumulator_value=0.1, eps=1e-6,
                                       weight_decay=wd)),
    ("rmsprop", dict(lr=0.01), lambda p, wd: torch.optim.RMSprop(p, lr=0.01, weight_decay=wd)),
    ("rmsprop", dict(lr=0.01, momentum=0.9), lambda p, wd: torch.optim.RMSprop(p, lr=0.01, momentum=0.9, weight_decay=wd)),
    ("rmsprop", dict(lr=0.005, alpha=0.9, centered=True, momentum=0.5),
     lambda p, wd: torch.optim.RMSprop(p, lr=0.005, alpha=0.9, centered=True, momentum=0.5, weight_decay=wd)),
    ("adam", dict(lr=0.01), lambda p, wd: torch.optim.Adam(p, lr=0.01, weight_decay=wd)),
    ("adam", dict(lr=0.003, beta1=0.8, beta2=0.99, eps=1e-6),
     lambda p, wd: torch.optim.Adam(p, lr=0.003, betas=(0.8, 0.99), eps=1e-6, weight_decay=wd)),
    ("adam", dict(lr=0.01, amsgrad=True), lambda p, wd: torch.optim.Adam(p, lr=0.01, amsgrad=True, weight_decay=wd)),
    ("nadam", dict(lr=0.01), lambda p, wd: NAdam2(p, lr=0.01, weight_decay=wd)),
    ("nadam", dict(lr=0.002, beta1=0.95, momentum_decay=0.01),
     lambda p, wd: NAdam2(p, lr=0.002, betas=(0.95, 0.999), momentum_decay=0.01, weight_decay=wd)),
    ("adamax", dict(lr=0.02), lambda p, wd: torch.optim.Adamax(p, lr=0.02, weight_decay=wd)),
    ("adamax", dict(lr=0.01, beta1=0.8, beta2=0.99), lambda p, wd: torch.optim.Adamax(p, lr=0.01, betas=(0.8, 0.99),
                                                                                       weight_decay=wd)),
    ("radam", dict(lr=0.01), lambda p, wd: torch.optim.RAdam(p, lr=0.01, weight_decay=wd)),
    ("radam", dict(lr=0.005, beta1=0.9, beta2=0.99), lambda p, wd: torch.optim.RAdam(p, lr=0.005, betas=(0.9, 0.99),
                                                                                      weight_decay=wd)),
    ("qhadam", dict(lr=0.01, beta1=0.995, beta2=0.999, nu1=0.7, nu2=1.0), None),
    ("qhadam", dict(lr=0.005, beta1=0.9, beta2=0.999, nu1=0.8, nu2=0.9), None),
]


def run_torch(make, mode, lam, dtype, steps, schedule=None):
    theta = torch.tensor(THETA0, dtype=dtype, requires_grad=True)
    native = mode == "l2"
    opt = make([theta], lam if native else 0.0)
    base_lr = opt.param_groups[0]["lr"]
    sched = schedule(opt) if schedule else None
    out = []
    for t in range(1, steps + 1):
        lr_t = opt.param_groups[0]["lr"]
        opt.zero_grad()
        loss(theta, t).backward()
        if not native and lam != 0:
            with torch.no_grad():
                theta.mul_(1 - (lr_t * lam if mode == "decoupled_lr" else lr_t / base_lr * lam))
        opt.step()
        if sched:
            sched.step()
        out.append(theta.detach().tolist())
    return out


def run_qhadam(params, mode, lam, dtype, steps):
    np_dtype = np.float64 if dtype == torch.float64 else np.float32
    theta = np.array(THETA0, dtype=np_dtype)
    kwargs = dict(lr=params["lr"], betas=(params["beta1"], params["beta2"]), nus=(params["nu1"], params["nu2"]))
    if mode == "l2":
        opt = QHAdamNumpy(theta, weight_decay=lam, **kwargs)
    elif mode == "decoupled_lr":
        opt = QHAdamNumpy(theta, weight_decay=lam, decouple=True, **kwargs)
    else:
        opt = QHAdamNumpy(theta, **kwargs)
    out = []
    for t in range(1, steps + 1):
        th = torch.tensor(opt.theta, dtype=dtype, requires_grad=True)
        loss(th, t).backward()
        grad = th.grad.numpy().astype(np_dtype)
        if mode == "decoupled":
            opt.theta *= np_dtype(1 - lam)  # eta_t = 1 without a schedule
        opt.step(grad)
        out.append([float(x) for x in opt.theta])
    return out


def check_adamw_emulation():
    """torch.optim.AdamW must equal Adam(weight_decay=0) after p.mul_(1 - lr lambda): the emulation used for the
    other optimizers is exactly PyTorch's decoupled decay."""
    lam = LAMBDA["decoupled_lr"]
    native = []
    theta = torch.tensor(THETA0, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.AdamW([theta], lr=0.01, weight_decay=lam)
    for t in range(1, STEPS + 1):
        opt.zero_grad()
        loss(theta, t).backward()
        opt.step()
        native.append(theta.detach().tolist())
    emulated = run_torch(lambda p, wd: torch.optim.Adam(p, lr=0.01, weight_decay=wd), "decoupled_lr", lam,
                         torch.float64, STEPS)
    err = max(abs(a - b) for ra, rb in zip(native, emulated) for a, b in zip(ra, rb))
    assert err < 1e-14, "AdamW emulation differs from torch.optim.AdamW by %g" % err


def compact(traj, dtype):
    """float32 values need 9 significant digits to round-trip; float64 values keep all 17."""
    if dtype == torch.float32:
        return [[float("%.9g" % x) for x in row] for row in traj]
    return traj


def cases():
    check_adamw_emulation()
    out = []
    for name, params, make in SETTINGS:
        for mode in ("l2", "decoupled", "decoupled_lr"):
            for dtype in (torch.float64, torch.float32):
                lam = LAMBDA[mode]
                if make is None:
                    traj = run_qhadam(params, mode, lam, dtype, STEPS)
                elif name == "adam" and mode == "decoupled_lr":
                    traj = run_torch_adamw(params, lam, dtype)
                else:
                    traj = run_torch(make, mode, lam, dtype, STEPS)
                out.append(dict(optimizer=name, params=params, weight_decay_mode=mode, weight_decay=lam,
                                dtype=str(dtype).replace("torch.", ""), trajectory=compact(traj, dtype)))
    out.extend(scheduled_cases())
    out.extend(sam_cases())
    return out


def run_torch_adamw(params, lam, dtype):
    theta = torch.tensor(THETA0, dtype=dtype, requires_grad=True)
    opt = torch.optim.AdamW([theta], lr=params["lr"], betas=(params.get("beta1", 0.9), params.get("beta2", 0.999)),
                            eps=params.get("eps", 1e-8), amsgrad=params.get("amsgrad", False), weight_decay=lam)
    out = []
    for t in range(1, STEPS + 1):
        opt.zero_grad()
        loss(theta, t).backward()
        opt.step()
        out.append(theta.detach().tolist())
    return out


def scheduled_cases():
    """Optimizers under a schedule, stepped once per optimizer step: the decoupled decay must follow eta_t
    (AdamW with cosine annealing is the paper's AdamWR without restarts), and OneCycle cycles Adam's beta1."""
    specs = [
        ("adam", dict(lr=0.05), "decoupled", 0.1, dict(name="cosine", t_max=25, step_per="iteration"),
         lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=25)),
        ("sgd", dict(lr=0.05, momentum=0.9), "decoupled", 0.1,
         dict(name="step", step_size=10, gamma=0.5, step_per="iteration"),
         lambda o: torch.optim.lr_scheduler.StepLR(o, step_size=10, gamma=0.5)),
        ("adam", dict(lr=0.05), "decoupled_lr", 0.5,
         dict(name="one_cycle", total_steps=STEPS, step_per="iteration"),
         lambda o: torch.optim.lr_scheduler.OneCycleLR(o, max_lr=0.05, total_steps=STEPS)),
        ("sgd", dict(lr=0.05, momentum=0.9), "l2", 0.05,
         dict(name="cyclic", base_lr_factor=0.2, step_size_up=7, mode="triangular2", step_per="iteration"),
         lambda o: torch.optim.lr_scheduler.CyclicLR(o, base_lr=0.01, max_lr=0.05, step_size_up=7,
                                                     mode="triangular2")),
    ]
    out = []
    for name, params, mode, lam, sched_conf, sched in specs:
        make = {
            "adam": lambda p, wd, params=params: torch.optim.Adam(p, lr=params["lr"], weight_decay=wd),
            "sgd": lambda p, wd, params=params: torch.optim.SGD(p, lr=params["lr"], momentum=params["momentum"],
                                                                weight_decay=wd),
        }[name]
        for dtype in (torch.float64, torch.float32):
            traj = run_torch(make, mode, lam, dtype, STEPS, schedule=sched)
            out.append(dict(optimizer=name, params=params, weight_decay_mode=mode, weight_decay=lam,
                            dtype=str(dtype).replace("torch.", ""), schedule=sched_conf,
                            trajectory=compact(traj, dtype)))
    return out


# Sharpness-aware minimization, written from the papers: Foret et al. 2021 (SAM, Algorithm 1) and Kwon et al. 2021
# (ASAM). Each step: g at theta; the ascent step e = rho * g / (||g|| + 1e-12), or for ASAM with T = |theta| + eta
# (elementwise), e = rho * T^2 g / (||T g|| + 1e-12); g' at theta + e; theta restored exactly (a copy, as the
# reference implementation keeps); then the base optimizer's step with g' (its weight-decay convention as above).
ASAM_ETA = 0.01
SAM_STEPS = 40
SAM_SETTINGS = [
    ("sgd", dict(lr=0.03, momentum=0.9), lambda p, wd: torch.optim.SGD(p, lr=0.03, momentum=0.9, weight_decay=wd)),
    ("adam", dict(lr=0.01), lambda p, wd: torch.optim.Adam(p, lr=0.01, weight_decay=wd)),
]


def sam_perturbation(theta, grad, rho, adaptive):
    if adaptive:
        t = theta.abs() + ASAM_ETA
        return rho * t * t * grad / ((t * grad).norm() + 1e-12)
    return rho * grad / (grad.norm() + 1e-12)


def run_sam(make, mode, lam, dtype, rho, adaptive):
    theta = torch.tensor(THETA0, dtype=dtype, requires_grad=True)
    native = mode == "l2"
    opt = make([theta], lam if native else 0.0)
    out = []
    for t in range(1, SAM_STEPS + 1):
        lr_t = opt.param_groups[0]["lr"]
        opt.zero_grad()
        loss(theta, t).backward()
        with torch.no_grad():
            old = theta.detach().clone()
            theta.add_(sam_perturbation(theta, theta.grad.detach().clone(), rho, adaptive))
        opt.zero_grad()
        loss(theta, t).backward()  # g' at theta + e
        with torch.no_grad():
            theta.copy_(old)
            if not native and lam != 0:
                theta.mul_(1 - (lr_t * lam if mode == "decoupled_lr" else lam))
        opt.step()
        out.append(theta.detach().tolist())
    return out


def sam_cases():
    out = []
    for base, params, make in SAM_SETTINGS:
        for rho, adaptive in ((0.05, False), (0.5, True)):
            for mode in ("l2", "decoupled", "decoupled_lr"):
                for dtype in (torch.float64, torch.float32):
                    lam = LAMBDA[mode]
                    traj = run_sam(make, mode, lam, dtype, rho, adaptive)
                    out.append(dict(optimizer=base, params=params, weight_decay_mode=mode, weight_decay=lam,
                                    sam=dict(rho=rho, adaptive=adaptive, eta=ASAM_ETA),
                                    dtype=str(dtype).replace("torch.", ""), trajectory=compact(traj, dtype)))
    return out
