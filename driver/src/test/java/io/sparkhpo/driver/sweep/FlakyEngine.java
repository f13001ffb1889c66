package io.sparkhpo.driver.sweep;

import io.sparkhpo.executors.data.Dataset;
import io.sparkhpo.executors.train.TrainingEngine;
import io.sparkhpo.executors.train.TrainingSession;
import io.sparkhpo.executors.train.TrialSpec;
import io.sparkhpo.executors.train.dl4j.Dl4jEngine;

/**
 * Test engine: the DL4J engine, except that trial 2 throws when it starts (to test the FAILED path, never retried),
 * trial 3's first attempt fails with an I/O error (run again, as a transient failure), and trials 4 and 5
 * run out of memory for real: trial 4 asks ND4J for a 64 TiB array (native memory, the way a too large model or batch
 * fails on a GPU), trial 5 asks the JVM for a 16 GiB array (past the heap: {@code OutOfMemoryError}).
 */
public final class FlakyEngine implements TrainingEngine {

    public static final String NAME = "flaky-test";
    private static final java.util.List<long[]> HEAP = new java.util.ArrayList<>();
    /** The studies whose trial 3 has failed once already. */
    private static final java.util.Set<String> TRANSIENT = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Dl4jEngine dl4j = new Dl4jEngine();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public TrainingSession open(TrialSpec spec, Dataset shapeOf) {
        if (spec.number() == 2) {
            throw new IllegalStateException("injected failure for trial 2");
        }
        if (spec.number() == 3 && TRANSIENT.add(spec.study())) { // the first attempt in this JVM
            throw new java.io.UncheckedIOException(new java.io.IOException("injected transient I/O error for trial 3"));
        }
        if (spec.number() == 4) {
            org.nd4j.linalg.factory.Nd4j.create(org.nd4j.linalg.api.buffer.DataType.FLOAT, 1L << 44);
        }
        if (spec.number() == 5) {
            HEAP.add(new long[Integer.MAX_VALUE - 8]);
        }
        return dl4j.open(spec, shapeOf);
    }

    @Override
    public io.sparkhpo.executors.train.EngineRuntime runtime() {
        return dl4j.runtime();
    }

    @Override
    public String gpuBuildHint() {
        return dl4j.gpuBuildHint();
    }

    @Override
    public void setIntraOpThreads(int threads) {
        dl4j.setIntraOpThreads(threads);
    }
}
