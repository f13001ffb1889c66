package io.sparkhpo.executors.train.dl4j;

import io.sparkhpo.executors.optim.OptimizerSpec;
import io.sparkhpo.executors.optim.StepPlan;
import io.sparkhpo.executors.schedule.ScheduleSpec;
import io.sparkhpo.executors.train.Clipping;
import io.sparkhpo.executors.train.LrController;
import io.sparkhpo.executors.train.TrialSpec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.Base64;

/**
 * What every worker of a data-parallel run needs to take a step the way a trial takes it: the optimizer (rule and
 * weight-decay convention), the schedule, clipping, and the run's shape. A run takes {@code stepsPerEpoch} steps
 * per epoch, counted by DL4J's iteration counter, which the training master keeps equal on all workers; each step
 * is one minibatch per worker, {@code globalBatch} examples in all (normalized weight decay uses that).
 *
 * @param stepsPerEpoch DL4J iterations per epoch
 * @param globalBatch   examples per step over all workers
 * @param trainSize     training examples per epoch
 */
public record DataParallelPlan(OptimizerSpec optimizer, ScheduleSpec schedule, Clipping clipping, int epochs,
                               int stepsPerEpoch, int globalBatch, long trainSize) implements Serializable {

    public DataParallelPlan {
        if (epochs < 1 || stepsPerEpoch < 1 || globalBatch < 1 || trainSize < 1) {
            throw new IllegalArgumentException("DataParallelPlan: epochs, stepsPerEpoch, globalBatch and trainSize must be "
                    + ">= 1, got " + epochs + ", " + stepsPerEpoch + ", " + globalBatch + ", " + trainSize);
        }
        if (schedule.name().equals("plateau")) {
            throw new IllegalArgumentException("the plateau schedule is not supported in data-parallel training: it "
                    + "moves the learning rate on a metric measured between epochs, which the workers do not see");
        }
    }

    /** A trial's optimizer, schedule and clipping for a run of this shape. */
    public static DataParallelPlan of(TrialSpec trial, int epochs, int stepsPerEpoch, int globalBatch, long trainSize) {
        return new DataParallelPlan(trial.optimizer(), trial.schedule(), trial.clipping(), epochs, stepsPerEpoch,
                globalBatch, trainSize);
    }

    /** The controller that gives each step's plan (a plan is immutable; controllers are not shared). */
    LrController controller() {
        return new LrController(optimizer, schedule, epochs, stepsPerEpoch, globalBatch, trainSize);
    }

    /** The plan of DL4J iteration {@code iteration} (0-based) from {@code controller}. */
    StepPlan at(LrController controller, long iteration) {
        return controller.plan((int) (iteration / stepsPerEpoch), (int) (iteration % stepsPerEpoch));
    }

    /** The plan as text, for DL4J's JSON network configuration. */
    String encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    static DataParallelPlan decode(String text) {
        // resolve with the context loader: on a Spark executor the application's classes are in the task's loader
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(text))) {
            @Override
            protected Class<?> resolveClass(java.io.ObjectStreamClass desc) throws IOException, ClassNotFoundException {
                ClassLoader loader = Thread.currentThread().getContextClassLoader();
                try {
                    return Class.forName(desc.getName(), false, loader != null ? loader : DataParallelPlan.class.getClassLoader());
                } catch (ClassNotFoundException e) {
                    return super.resolveClass(desc);
                }
            }
        }) {
            return (DataParallelPlan) in.readObject();
        } catch (ClassNotFoundException | java.io.InvalidClassException e) {
            throw new IllegalStateException("this network configuration was written by another version of sparkhpo ("
                    + e.getMessage() + " is not this version's; the optimizer classes changed at 3c7a805): start it "
                    + "again rather than resuming it", e);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read a data-parallel plan from the network configuration: " + e, e);
        }
    }
}
