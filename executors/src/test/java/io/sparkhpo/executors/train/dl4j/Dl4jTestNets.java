package io.sparkhpo.executors.train.dl4j;

import io.sparkhpo.executors.data.Batch;
import io.sparkhpo.executors.data.DataSpec;
import io.sparkhpo.executors.data.FashionMnist;
import io.sparkhpo.executors.model.ModelSpec;
import io.sparkhpo.executors.optim.OptimizerSpec;
import io.sparkhpo.executors.train.Clipping;
import io.sparkhpo.executors.train.EngineTrajectoryContract;
import io.sparkhpo.executors.train.TrialSpec;
import io.sparkhpo.executors.schedule.ScheduleSpec;

/**
 * The contract's tiny ResNet ({@link EngineTrajectoryContract}: width 2, 3x16x16 inputs, batches of 8) and fixed
 * batches, for the DL4J-level tests outside the contract.
 */
final class Dl4jTestNets {

    static final int WIDTH = EngineTrajectoryContract.WIDTH;
    static final int SIDE = EngineTrajectoryContract.SIDE;
    static final int BATCH = EngineTrajectoryContract.BATCH;

    private Dl4jTestNets() {
    }

    static Dl4jSession session(OptimizerSpec optimizer, Clipping clipping) {
        TrialSpec spec = new TrialSpec("t", 0, Dl4jEngine.NAME, new DataSpec(FashionMnist.NAME, "/", BATCH, BATCH, 0, false, false),
                ModelSpec.resnet18(WIDTH), optimizer, ScheduleSpec.CONSTANT, clipping, null, 1, BATCH, 7);
        return new Dl4jSession(spec, Dl4jTestNets.resnet18(WIDTH, 3, SIDE, SIDE, 10, 7));
    }

    /** The CIFAR ResNet-18 at {@code width} as the engine builds it, with DL4J's default options and no updater. */
    static org.deeplearning4j.nn.graph.ComputationGraph resnet18(int width, int channels, int height, int imageWidth,
                                                                 int classes, long seed) {
        return resnet18(width, channels, height, imageWidth, classes, seed, new org.nd4j.linalg.learning.config.NoOp());
    }

    /** The same with a DL4J updater of its own, for tests that compare with DL4J's own training. */
    static org.deeplearning4j.nn.graph.ComputationGraph resnet18(int width, int channels, int height, int imageWidth,
                                                                 int classes, long seed,
                                                                 org.nd4j.linalg.learning.config.IUpdater updater) {
        return resnet18(width, channels, height, imageWidth, classes, seed, updater, Dl4jOptions.DEFAULT);
    }

    static org.deeplearning4j.nn.graph.ComputationGraph resnet18(int width, int channels, int height, int imageWidth,
                                                                 int classes, long seed,
                                                                 org.nd4j.linalg.learning.config.IUpdater updater,
                                                                 Dl4jOptions options) {
        return Dl4jNetwork.build(io.sparkhpo.executors.model.Architectures.resnet18(width,
                new io.sparkhpo.executors.model.Network.Shape(channels, height, imageWidth), classes), seed, updater,
                options);
    }

    /** Batch {@code k}: BATCH random images, labels k, k+1, ... (mod 10). */
    static Batch batch(int k) {
        return EngineTrajectoryContract.batch(k);
    }
}
