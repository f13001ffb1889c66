package io.sparkhpo.executors.train;

import io.sparkhpo.executors.data.Dataset;

/**
 * A way to train networks (Deeplearning4j, libtorch, ...). Implementations are registered in
 * {@code META-INF/services/io.sparkhpo.executors.train.TrainingEngine} and found by {@link #name()}.
 *
 * <p>Thread-safety: {@link #open} may be called from several task threads at once; each session is used by
 * one thread.
 */
public interface TrainingEngine {

    /** The name used in configs and tables, e.g. {@code dl4j}. */
    String name();

    /**
     * Builds the trial's network and optimizer, initialized from {@code spec.seed()}, for inputs shaped like
     * {@code shapeOf}.
     */
    TrainingSession open(TrialSpec spec, Dataset shapeOf);

    /**
     * Sets how many threads one training step may use inside this JVM (for every session of this engine).
     * The runner sets it before each trial to the cores per concurrently running trial: on 2 cores, two
     * single-threaded trials side by side train faster together than one two-threaded trial alone.
     */
    void setIntraOpThreads(int threads);
}
