package io.sparkhpo.driver.sweep;

import io.sparkhpo.executors.data.Dataset;
import io.sparkhpo.executors.train.TrainingEngine;
import io.sparkhpo.executors.train.TrainingSession;
import io.sparkhpo.executors.train.TrialSpec;
import io.sparkhpo.executors.train.dl4j.Dl4jEngine;

/** Test engine: the DL4J engine, except that trial 2 throws when it starts (to test the FAILED path). */
public final class FlakyEngine implements TrainingEngine {

    public static final String NAME = "flaky-test";
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
        return dl4j.open(spec, shapeOf);
    }

    @Override
    public void setIntraOpThreads(int threads) {
        dl4j.setIntraOpThreads(threads);
    }
}
