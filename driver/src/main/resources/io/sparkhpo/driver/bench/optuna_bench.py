"""Optuna's side of `sparkhpo bench-search`: the same test functions, samplers and budgets as the Java side.

Usage:
  python3 optuna_bench.py run FUNCTION NOISE SAMPLER SEED_FROM SEED_TO BUDGET
      one JSON line per seed: {"seed": s, "best": [best true value after each trial]}
  python3 optuna_bench.py check FUNCTION NAME=VALUE...
      the function's value at one point (the Java side checks that both define the same functions)
  python3 optuna_bench.py mo PROBLEM SAMPLER SEED_FROM SEED_TO BUDGET
      one JSON line per seed: {"seed": s, "values": [[f1, f2, ...] of each trial]} on zdt1, zdt2 (30 variables) or
      dtlz2 (12 variables, 3 objectives), with nsga2 or motpe (Optuna's TPE with several objectives)
  python3 optuna_bench.py mo-check PROBLEM X
      the objectives with every variable at X (the Java side checks that both define the same problems)
  python3 optuna_bench.py ask-time N REPEATS
      {"n": N, "seconds": [...]}: the time of one TPE ask() after N told trials
The functions must match io.sparkhpo.driver.bench.TestFunction exactly.
"""
import json
import math
import sys
import time

import numpy as np
import optuna

optuna.logging.set_verbosity(optuna.logging.ERROR)
import warnings

warnings.filterwarnings("ignore")

ALPHA = [1.0, 1.2, 3.0, 3.2]
A = [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]]
P = [[1312, 1696, 5569, 124, 8283, 5886], [2329, 4135, 8307, 3736, 1004, 9991],
     [2348, 1451, 3522, 2883, 3047, 6650], [4047, 8828, 8732, 5743, 1091, 381]]


def branin(t):
    x1 = t.suggest_float("x1", -5.0, 10.0)
    x2 = t.suggest_float("x2", 0.0, 15.0)
    b = 5.1 / (4 * math.pi ** 2)
    c = 5 / math.pi
    s = 10.0
    tt = 1 / (8 * math.pi)
    return (x2 - b * x1 ** 2 + c * x1 - 6) ** 2 + s * (1 - tt) * math.cos(x1) + s


def hartmann6(t):
    x = [t.suggest_float("x%d" % (j + 1), 0.0, 1.0) for j in range(6)]
    total = 0.0
    for i in range(4):
        inner = sum(A[i][j] * (x[j] - P[i][j] * 1e-4) ** 2 for j in range(6))
        total += ALPHA[i] * math.exp(-inner)
    return -total


def lrwd(t):
    lr = t.suggest_float("lr", 1e-5, 1.0, log=True)
    wd = t.suggest_float("weight_decay", 1e-6, 1e-1, log=True)
    batch = t.suggest_float("batch", 16.0, 1024.0, log=True)
    eps = t.suggest_float("eps", 1e-10, 1e-4, log=True)
    u, v, w, e = math.log10(lr), math.log10(wd), math.log2(batch), math.log10(eps)
    du = u - (-3 + 0.15 * (w - 7))
    dv = v + 4
    return 0.05 + 0.08 * du * du + 0.05 * dv * dv + 0.06 * du * dv + 0.01 * (w - 7) ** 2 + 0.005 * (e + 7) ** 2


def trainrun(t):
    lr = t.suggest_float("lr", 1e-5, 1.0, log=True)
    wd = t.suggest_float("weight_decay", 1e-6, 1e-1, log=True)
    m = t.suggest_float("momentum", 0.0, 0.99)
    d = t.suggest_float("dropout", 0.0, 0.7)
    u, v = math.log10(lr), math.log10(wd)
    s = u - math.log10(1 - m)
    if s > -0.3:
        return 0.9
    err = (0.06 + 0.05 * (s + 1.5) ** 2 + 0.03 * (u + v + 6.5) ** 2 + 0.02 * (v + 4) ** 2
           + 0.02 * (m - 0.9) ** 2 + 0.1 * (d - 0.2) ** 2)
    return min(0.9, err)


FUNCTIONS = {"branin": (branin, 0.5), "hartmann6": (hartmann6, 0.05), "lrwd": (lrwd, 0.01), "trainrun": (trainrun, 0.01)}


def sampler(name, seed):
    if name == "random":
        return optuna.samplers.RandomSampler(seed=seed)
    if name == "sobol":
        return optuna.samplers.QMCSampler(qmc_type="sobol", scramble=True, seed=seed)
    if name == "tpe":
        return optuna.samplers.TPESampler(seed=seed)
    if name == "tpe-mv":
        return optuna.samplers.TPESampler(seed=seed, multivariate=True)
    if name == "cmaes":  # needs python3-cmaes
        return optuna.samplers.CmaEsSampler(seed=seed)
    if name == "nsga2":
        return optuna.samplers.NSGAIISampler(seed=seed)
    raise SystemExit("unknown sampler " + name)


def zdt(t, second):
    x = [t.suggest_float("x%d" % (i + 1), 0.0, 1.0) for i in range(30)]
    g = 1 + 9 * sum(x[1:]) / 29
    return [x[0], g * (1 - (x[0] / g) ** 2 if second else 1 - math.sqrt(x[0] / g))]


def dtlz2(t):
    x = [t.suggest_float("x%d" % (i + 1), 0.0, 1.0) for i in range(12)]
    g = sum((v - 0.5) ** 2 for v in x[2:])
    a, b = x[0] * math.pi / 2, x[1] * math.pi / 2
    return [(1 + g) * math.cos(a) * math.cos(b), (1 + g) * math.cos(a) * math.sin(b), (1 + g) * math.sin(a)]


PROBLEMS = {"zdt1": (lambda t: zdt(t, False), 2, 30), "zdt2": (lambda t: zdt(t, True), 2, 30), "dtlz2": (dtlz2, 3, 12)}


def mo(problem, sampler_name, seed_from, seed_to, budget):
    fn, objectives, _ = PROBLEMS[problem]
    for seed in range(seed_from, seed_to):
        study = optuna.create_study(directions=["minimize"] * objectives,
                                    sampler=sampler("tpe" if sampler_name == "motpe" else sampler_name, seed))
        values = []
        for _ in range(budget):
            trial = study.ask()
            v = fn(trial)
            study.tell(trial, v)
            values.append(v)
        print(json.dumps({"seed": seed, "values": values}), flush=True)


def run(fn_name, noisy, sampler_name, seed_from, seed_to, budget):
    fn, sigma = FUNCTIONS[fn_name]
    for seed in range(seed_from, seed_to):
        rng = np.random.default_rng(10_000 + seed)
        study = optuna.create_study(sampler=sampler(sampler_name, seed))
        best_obs, best_true, trace = math.inf, math.inf, []
        for _ in range(budget):
            trial = study.ask()
            true = fn(trial)
            obs = true + (rng.normal(0, sigma) if noisy else 0.0)
            study.tell(trial, obs)
            if obs < best_obs:
                best_obs, best_true = obs, true
            trace.append(best_true)
        print(json.dumps({"seed": seed, "best": trace}), flush=True)


def ask_time(n, repeats):
    dist = {"x%d" % (j + 1): optuna.distributions.FloatDistribution(0.0, 1.0) for j in range(6)}
    rng = np.random.default_rng(0)
    trials = []
    for _ in range(n):
        params = {k: float(rng.random()) for k in dist}

        class T:
            def suggest_float(self, name, lo, hi, log=False):
                return params[name]
        trials.append(optuna.trial.create_trial(params=params, distributions=dist, value=hartmann6(T())))
    study = optuna.create_study(sampler=optuna.samplers.TPESampler(seed=1))
    study.add_trials(trials)
    seconds = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        trial = study.ask(dist)
        seconds.append(time.perf_counter() - t0)
        study.tell(trial, state=optuna.trial.TrialState.FAIL)  # failed trials do not change what TPE fits
    print(json.dumps({"n": n, "seconds": seconds}), flush=True)


if __name__ == "__main__":
    if sys.argv[1] == "version":
        print(optuna.__version__)
    elif sys.argv[1] == "check":  # FUNCTION then name=value pairs: prints the function's value there
        params = dict(kv.split("=") for kv in sys.argv[3:])
        print(repr(FUNCTIONS[sys.argv[2]][0](optuna.trial.FixedTrial({k: float(v) for k, v in params.items()}))))
    elif sys.argv[1] == "run":
        run(sys.argv[2], sys.argv[3] == "1", sys.argv[4], int(sys.argv[5]), int(sys.argv[6]), int(sys.argv[7]))
    elif sys.argv[1] == "mo":
        mo(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]))
    elif sys.argv[1] == "mo-check":  # PROBLEM X: the objectives with every variable at X
        fn, _, n = PROBLEMS[sys.argv[2]]
        print(json.dumps(fn(optuna.trial.FixedTrial({"x%d" % (i + 1): float(sys.argv[3]) for i in range(n)}))))
    elif sys.argv[1] == "ask-time":
        ask_time(int(sys.argv[2]), int(sys.argv[3]))
    else:
        raise SystemExit("unknown command " + sys.argv[1])
