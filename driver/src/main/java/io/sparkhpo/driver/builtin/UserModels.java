package io.sparkhpo.driver.builtin;

import io.sparkhpo.driver.config.SweepConfig;
import io.sparkhpo.executors.data.DataCache;
import io.sparkhpo.executors.data.DataSpec;
import io.sparkhpo.executors.data.Dataset;
import io.sparkhpo.executors.train.Engines;
import io.sparkhpo.executors.train.TrainingSession;
import io.sparkhpo.executors.train.TrialSpec;
import io.sparkhpo.executors.model.ModelSpec;
import io.sparkhpo.executors.optim.OptimizerSpecs;
import io.sparkhpo.executors.optim.WeightDecay;
import io.sparkhpo.executors.optim.WeightDecayMode;

import java.io.PrintStream;
import java.util.Map;

/**
 * A user's network file ({@code model.name = dl4j}) is read on the driver once before a sweep starts, by the engine
 * that trains it, with the data set's shape: a file that is not a network, or does not fit the data (its input shape,
 * its classes), fails there with the engine's message naming the file (exit 2), before any trial runs.
 */
public final class UserModels {

    private UserModels() {
    }

    public static void check(SweepConfig cfg, DataSpec data, PrintStream err) {
        ModelSpec model = new ModelSpec(cfg.model().name(), cfg.model().settings());
        if (model.builtIn()) {
            return;
        }
        TrialSpec probe = TrialSpec.basic(cfg.study().name(), 0, cfg.training().engine(), data, model,
                OptimizerSpecs.create("sgd", 0.1, Map.of(), WeightDecay.none(WeightDecayMode.L2)), 1, 1, cfg.training().seed());
        Dataset shape = DataCache.get(data).train();
        try (TrainingSession s = Engines.get(cfg.training().engine()).open(probe, shape)) {
            err.printf("sparkhpo: model %s: %,d trainable parameters, takes the data set's %dx%dx%d images, %d classes%n",
                    probe.model().label(), s.trainableParameters(), shape.channels(), shape.height(), shape.width(),
                    shape.classes());
        }
    }
}
