#!/usr/bin/python3
"""Golden log densities of Optuna 3.1's TPE Parzen estimator, for search's ParzenEstimatorGoldenTest.

Run with Debian's python3-optuna (3.1) and python3-numpy:  /usr/bin/python3 tools/golden/optuna_parzen.py
Writes search/src/test/resources/io/sparkhpo/search/sampler/optuna-parzen.txt. Integer observations are distinct:
with ties, Optuna's bandwidths depend on numpy's unstable argsort order.
"""
import os
import numpy as np
import optuna
from optuna.distributions import CategoricalDistribution, FloatDistribution, IntDistribution
from optuna.samplers._tpe.parzen_estimator import _ParzenEstimator, _ParzenEstimatorParameters
from optuna.samplers._tpe.sampler import default_weights

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
out = os.path.join(root, "search/src/test/resources/io/sparkhpo/search/sampler/optuna-parzen.txt")
space = {"a": FloatDistribution(-2, 3), "b": FloatDistribution(1e-4, 1, log=True), "c": IntDistribution(1, 60),
         "d": CategoricalDistribution(["x", "y", "z"]), "e": FloatDistribution(0, 1, step=0.05)}
kinds = {"a": "float -2 3", "b": "logfloat 1e-4 1", "c": "int 1 60", "d": "cat 3", "e": "step 0 1 0.05"}
with open(out, "w") as f:
    f.write("# optuna %s numpy %s: _ParzenEstimator log_pdf (prior, magic clip, default weights); tools/golden/optuna_parzen.py\n"
            % (optuna.__version__, np.__version__))
    for case, n in enumerate([1, 7, 30, 60]):
        rng = np.random.RandomState(case)
        obs = {"a": rng.uniform(-2, 3, n), "b": np.exp(rng.uniform(np.log(1e-4), 0, n)),
               "c": rng.choice(np.arange(1, 61), n, replace=False).astype(float), "d": rng.randint(0, 3, n),
               "e": rng.choice(np.arange(21), n, replace=n > 21) * 0.05}
        pts = {"a": rng.uniform(-2, 3, 6), "b": np.exp(rng.uniform(np.log(1e-4), 0, 6)), "c": rng.randint(1, 61, 6).astype(float),
               "d": rng.randint(0, 3, 6), "e": rng.randint(0, 21, 6) * 0.05}
        f.write("case %d %d\n" % (case, n))
        for k in space:
            f.write("obs %s %s\n" % (k, " ".join(repr(float(x)) for x in obs[k])))
            f.write("pts %s %s\n" % (k, " ".join(repr(float(x)) for x in pts[k])))
        for mv in (False, True):
            p = _ParzenEstimatorParameters(True, 1.0, True, False, default_weights, mv)
            if mv:
                names = ["a", "b", "d"]  # the multivariate kernel: continuous, log and categorical together
                pe = _ParzenEstimator({k: obs[k] for k in names}, {k: space[k] for k in names}, p)
                f.write("mv %s %s\n" % (",".join(names), " ".join(repr(float(x)) for x in pe.log_pdf({k: pts[k] for k in names}))))
            else:
                for k in space:
                    if k == "e" and n > 21:
                        continue  # ties
                    pe = _ParzenEstimator({k: obs[k]}, {k: space[k]}, p)
                    f.write("uni %s %s\n" % (k, " ".join(repr(float(x)) for x in pe.log_pdf({k: pts[k]}))))
print("wrote", out)
