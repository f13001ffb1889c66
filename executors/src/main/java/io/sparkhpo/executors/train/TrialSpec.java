package io.sparkhpo.executors.train;

import io.sparkhpo.executors.data.DataSpec;
import io.sparkhpo.executors.model.ModelSpec;
import io.sparkhpo.executors.optim.OptimizerSpec;
import io.sparkhpo.executors.schedule.ScheduleSpec;

import java.io.Serializable;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything one trial trains with: immutable and serializable, built by the driver and shipped to the task.
 *
 * @param study     the study's name
 * @param number    the trial's number in the study
 * @param engine    the training engine's name ({@link Engines})
 * @param data      what to train and test on
 * @param model     the network
 * @param optimizer optimizer, base learning rate and weight decay
 * @param schedule  the learning-rate schedule
 * @param clipping  gradient clipping
 * @param swa       stochastic weight averaging, or {@code null} for none (see {@link #swaOption()})
 * @param epochs    epochs to train, {@code >= 1}
 * @param batchSize training batch size, {@code >= 1}
 * @param seed      seeds weight initialization, batch order and augmentation
 */
public record TrialSpec(String study, int number, String engine, DataSpec data, ModelSpec model,
                        OptimizerSpec optimizer, ScheduleSpec schedule, Clipping clipping, SwaSpec swa, int epochs,
                        int batchSize, long seed) implements Serializable {

    public TrialSpec {
        Objects.requireNonNull(study, "TrialSpec.study");
        Objects.requireNonNull(engine, "TrialSpec.engine");
        Objects.requireNonNull(data, "TrialSpec.data");
        Objects.requireNonNull(model, "TrialSpec.model");
        Objects.requireNonNull(optimizer, "TrialSpec.optimizer");
        Objects.requireNonNull(schedule, "TrialSpec.schedule");
        Objects.requireNonNull(clipping, "TrialSpec.clipping");
        if (number < 0) {
            throw new IllegalArgumentException("TrialSpec.number must be >= 0, got " + number);
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("TrialSpec.epochs must be >= 1, got " + epochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("TrialSpec.batchSize must be >= 1, got " + batchSize);
        }
        if (swa != null && swa.startEpoch() >= epochs) {
            throw new IllegalArgumentException("swa start_epoch must be below the " + epochs + " epochs, got "
                    + swa.startEpoch());
        }
    }

    /** A trial with a constant learning rate, no clipping and no SWA. */
    public static TrialSpec basic(String study, int number, String engine, DataSpec data, ModelSpec model,
                                  OptimizerSpec optimizer, int epochs, int batchSize, long seed) {
        return new TrialSpec(study, number, engine, data, model, optimizer, ScheduleSpec.CONSTANT, Clipping.NONE, null,
                epochs, batchSize, seed);
    }

    public Optional<SwaSpec> swaOption() {
        return Optional.ofNullable(swa);
    }

    /** Training batches per epoch. */
    public int batchesPerEpoch() {
        return (data.trainSize() + batchSize - 1) / batchSize;
    }

    /** A short label for logs and the Spark UI. */
    public String label() {
        return study + "#" + number + " " + optimizer.label() + " lr=" + String.format("%.3g", optimizer.lr())
                + " wd=" + String.format("%.3g", optimizer.weightDecay().value())
                + io.sparkhpo.executors.optim.SamSpec.rhoNote(optimizer);
    }
}
