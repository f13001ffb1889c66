package io.sparkhpo.executors.train.djl;

import io.sparkhpo.executors.data.Batch;
import io.sparkhpo.executors.data.Dataset;
import io.sparkhpo.executors.data.DataSpec;
import io.sparkhpo.executors.data.FashionMnist;
import io.sparkhpo.executors.model.ModelSpec;
import io.sparkhpo.executors.optim.OptimizerSpec;
import io.sparkhpo.executors.schedule.ScheduleSpec;
import io.sparkhpo.executors.train.Clipping;
import io.sparkhpo.executors.train.TrialSpec;

import java.util.Random;

/** A small ResNet (width 2, 3x16x16 inputs, batches of 8) and fixed batches for the DJL-level tests. */
final class DjlTestNets {

    static final int SIDE = 16;
    static final int BATCH = 8;
    static final Dataset SHAPE = new Dataset("shape", 3, SIDE, SIDE, 10, new byte[3 * SIDE * SIDE], new byte[1]);

    private DjlTestNets() {
    }

    static DjlSession session(OptimizerSpec optimizer, Clipping clipping, long seed) {
        TrialSpec spec = new TrialSpec("t", 0, DjlEngine.NAME, new DataSpec(FashionMnist.NAME, "/", BATCH, BATCH, 0, false,
                false), new ModelSpec("resnet18", 2), optimizer, ScheduleSpec.CONSTANT, clipping, null, 1, BATCH, seed);
        DjlEngine engine = new DjlEngine();
        // libtorch's intra-op threads are the JVM's, set by whichever test ran before (TrialRunnerTest sets 1): fixed
        // here, so each comparison sums in the same order whatever ran first. ASAM(SGD) at rho 0.5 is sensitive to it:
        // with 1 thread its second pass lands 0.005 from the pure step's after 5 steps (a chaotic case: ρ moves θ far)
        engine.setIntraOpThreads(2);
        return (DjlSession) engine.open(spec, SHAPE);
    }

    static Batch batch(int k) {
        Random rng = new Random(100 + k);
        float[] x = new float[BATCH * 3 * SIDE * SIDE];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        int[] y = new int[BATCH];
        for (int i = 0; i < BATCH; i++) {
            y[i] = (k + i) % 10;
        }
        return new Batch(x, y, BATCH, 3, SIDE, SIDE);
    }
}
