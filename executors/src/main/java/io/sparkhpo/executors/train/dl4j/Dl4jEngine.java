package io.sparkhpo.executors.train.dl4j;

import io.sparkhpo.executors.data.Dataset;
import io.sparkhpo.executors.model.ResNet18;
import io.sparkhpo.executors.train.DataParallelTraining;
import io.sparkhpo.executors.train.TrainingEngine;
import io.sparkhpo.executors.train.TrainingSession;
import io.sparkhpo.executors.train.TrialSpec;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/** The Deeplearning4j engine, {@code engine = dl4j}. */
public final class Dl4jEngine implements TrainingEngine {

    public static final String NAME = "dl4j";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void setIntraOpThreads(int threads) {
        TrainingEngine.checkThreads(threads);
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
    }

    /** Loads ND4J's native backend. */
    @Override
    public void warmUp() {
        Nd4j.create(1);
    }

    /** Also binds ND4J's CUDA backend to the device (a no-op on its CPU backend). */
    @Override
    public void bindGpu(OptionalInt device) {
        TrainingEngine.super.bindGpu(device);
        if (device.isPresent() && Nd4j.getBackend().getClass().getName().toLowerCase(Locale.ROOT).contains("cuda")) {
            Nd4j.getAffinityManager().unsafeSetDevice(device.getAsInt());
        }
    }

    /** DL4J's Spark parameter averaging. */
    @Override
    public Optional<DataParallelTraining> dataParallel() {
        return Optional.of(new SparkDataParallel());
    }

    @Override
    public TrainingSession open(TrialSpec spec, Dataset shapeOf) {
        Dl4jOptions options = Dl4jOptions.current();
        return new Dl4jSession(spec, network(spec, shapeOf, new org.nd4j.linalg.learning.config.NoOp(), options),
                options.format());
    }

    /** The trial's model for inputs shaped like {@code shapeOf}, initialized from its seed, with {@code updater}. */
    static org.deeplearning4j.nn.graph.ComputationGraph network(TrialSpec spec, Dataset shapeOf,
                                                                org.nd4j.linalg.learning.config.IUpdater updater,
                                                                Dl4jOptions options) {
        if (!ResNet18.NAME.equals(spec.model().name())) {
            throw new IllegalArgumentException("the dl4j engine has no model " + spec.model().name());
        }
        return Dl4jResNet18.build(spec.model().width(), shapeOf.channels(), shapeOf.height(), shapeOf.width(),
                shapeOf.classes(), spec.seed(), updater, options);
    }
}
