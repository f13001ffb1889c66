package io.sparkhpo.executors.train.djl;

import io.sparkhpo.executors.data.Batch;
import io.sparkhpo.executors.optim.StepPlan;
import io.sparkhpo.executors.optim.OptimizerSpecs;
import io.sparkhpo.executors.optim.WeightDecay;
import io.sparkhpo.executors.optim.WeightDecayMode;
import io.sparkhpo.executors.train.Clipping;
import io.sparkhpo.executors.train.EngineSessionContract;
import io.sparkhpo.executors.train.EngineTrajectoryContract;
import io.sparkhpo.executors.train.TrainingEngine;

/**
 * The engine contract through libtorch: {@link EngineSessionContract} and the {@link EngineTrajectoryContract} it
 * extends.
 */
class DjlSessionContractTest extends EngineSessionContract<DjlSession> {

    /**
     * libtorch's intra-op threads are the JVM's, set by whichever test ran before (TrialRunnerTest sets 1): fixed here,
     * on every session opened, so each comparison sums in the same order whatever ran first. ASAM(SGD) at rho 0.5 is
     * sensitive to it: with 1 thread its second pass lands 0.005 from the pure step's after 5 steps (a chaotic case: ρ
     * moves θ far).
     */
    @Override
    protected TrainingEngine engine() {
        DjlEngine engine = new DjlEngine();
        engine.setIntraOpThreads(2);
        return engine;
    }

    @Override
    protected float[] statistics(DjlSession s) {
        return s.statistics();
    }

    /** A second libtorch session (opened at its first use), its weights set to θ. */
    @Override
    protected GradientProbe gradientProbe() {
        return new GradientProbe() {
            private DjlSession probe;

            @Override
            public float[] gradient(float[] theta, Batch b) {
                if (probe == null) {
                    probe = open(OptimizerSpecs.create("sgd", 0.01, java.util.Map.of(), WeightDecay.none(WeightDecayMode.L2)), Clipping.NONE, 3);
                }
                probe.setWeights(theta);
                return probe.gradient(b);
            }

            @Override
            public void close() {
                if (probe != null) {
                    probe.close();
                }
            }
        };
    }

    /**
     * The reference takes the very gradient the session then steps with ({@link DjlSession#gradient}, then
     * {@link DjlSession#updateOnly}), so that the comparison measures the update, not the chaos of gradients at
     * slightly different weights, nor libtorch's CPU kernels giving different last bits on a second pass, which Adam's
     * normalization turns into a whole step for an element whose gradient is near zero.
     */
    @Override
    protected float[] stepReturningItsGradient(DjlSession s, GradientProbe probe, Batch b, StepPlan plan) {
        float[] g = s.gradient(b);
        s.updateOnly(plan);
        return g;
    }

    /**
     * libtorch and the reference round ε's norm in different orders (libtorch's norms per chunk against a double
     * sum), so g' is taken at points a few float32 ulps apart, and libtorch's CPU kernels need not compute g' to the
     * same bits twice; measured here the difference grows by about 1e-5 a step (ASAM(AdamW) at ρ = 1: 6e-5 after one
     * step, 1.1e-4 after five): 2e-4 where DL4J stays within 1e-4.
     */
    @Override
    protected double samTolerance() {
        return 2e-4;
    }

    @Override
    protected double[] logProbabilities(DjlSession s, Batch b) {
        float[] lp = s.logProbabilities(b);
        double[] out = new double[lp.length];
        for (int i = 0; i < lp.length; i++) {
            out[i] = lp[i];
        }
        return out;
    }

    @Override
    protected int labelBytes() {
        return Long.BYTES;
    }
}
