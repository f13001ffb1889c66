package io.sparkhpo.executors.train.dl4j;

import io.sparkhpo.executors.data.Batch;
import io.sparkhpo.executors.data.DataSpec;
import io.sparkhpo.executors.data.FashionMnist;
import io.sparkhpo.executors.model.ModelSpec;
import io.sparkhpo.executors.optim.OptimizerSpec;
import io.sparkhpo.executors.train.Clipping;
import io.sparkhpo.executors.train.TrialSpec;
import io.sparkhpo.executors.schedule.ScheduleSpec;

import java.util.Random;

/**
 * A tiny ResNet (width 2, 3x16x16 inputs, batches of 8) and fixed batches for the DL4J-level tests. Smaller
 * inputs or batches leave the last stage's BatchNorm normalizing a handful of values, which amplifies float32
 * round-off chaotically from step to step (at 8x8 with 4 images: 1e-6 after one step, 1e-3 after three).
 */
final class Dl4jTestNets {

    static final int WIDTH = 2;
    static final int SIDE = 16;
    static final int BATCH = 8;

    private Dl4jTestNets() {
    }

    static Dl4jSession session(OptimizerSpec optimizer, Clipping clipping) {
        TrialSpec spec = new TrialSpec("t", 0, Dl4jEngine.NAME, new DataSpec(FashionMnist.NAME, "/", BATCH, BATCH, 0, false, false),
                new ModelSpec("resnet18", WIDTH), optimizer, ScheduleSpec.CONSTANT, clipping, null, 1, BATCH, 7);
        return new Dl4jSession(spec, Dl4jResNet18.build(WIDTH, 3, SIDE, SIDE, 10, 7));
    }

    /** Batch {@code k}: BATCH random images, labels k, k+1, ... (mod 10). */
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
