package io.sparkhpo.executors.train;

import io.sparkhpo.executors.optim.OptimizerSpec;
import io.sparkhpo.executors.optim.StepPlan;
import io.sparkhpo.executors.optim.WeightDecay;
import io.sparkhpo.executors.schedule.Plateau;
import io.sparkhpo.executors.schedule.Schedule;
import io.sparkhpo.executors.schedule.ScheduleSpec;
import io.sparkhpo.executors.schedule.Schedules;
import io.sparkhpo.executors.schedule.Unit;

import java.util.OptionalDouble;

/**
 * Turns a trial's schedule and weight decay into each step's {@link StepPlan}: the position t of (epoch, batch)
 * in the schedule's unit, lr = α·η_t, the momentum a cyclic schedule sets, and λ (normalized with the current
 * restart period's length, or the run's epochs). A {@code plateau} schedule instead moves η when
 * {@link #endEpoch} tells it the monitored metric. The plateau's state is the only state; it goes into
 * checkpoints ({@link #state()}).
 */
public final class LrController {

    private final OptimizerSpec optimizer;
    private final ScheduleSpec spec;
    private final Schedule schedule;
    private final Plateau plateau;
    private final int batchesPerEpoch;
    private final int epochs;
    private final int batchSize;
    private final long trainSize;
    private final boolean fractionalEpochs;

    public LrController(TrialSpec trial) {
        this(trial.optimizer(), trial.schedule(), trial.epochs(), trial.batchesPerEpoch(), trial.batchSize(),
                trial.data().trainSize());
    }

    /**
     * A controller for a run that is not one trial's: data-parallel training takes {@code batchesPerEpoch} steps
     * of {@code batchSize} examples (all workers' together) per epoch.
     */
    public LrController(OptimizerSpec optimizer, ScheduleSpec spec, int epochs, int batchesPerEpoch, int batchSize,
                        long trainSize) {
        this.optimizer = optimizer;
        this.spec = spec;
        this.batchesPerEpoch = batchesPerEpoch;
        this.epochs = epochs;
        this.batchSize = batchSize;
        this.trainSize = trainSize;
        this.schedule = Schedules.create(spec, optimizer.lr(), new Schedules.Horizon(epochs, batchesPerEpoch));
        this.plateau = spec.name().equals("plateau") ? Schedules.plateau(spec, optimizer.lr()) : null;
        // warm restarts stepped per iteration count fractional epochs, in the loop PyTorch documents for SGDR
        this.fractionalEpochs = spec.name().equals("cosine_restarts") && spec.unit() == Unit.ITERATION;
    }

    /** The schedule position of batch {@code batch} (0-based) of epoch {@code epoch} (0-based). */
    public double position(int epoch, int batch) {
        if (spec.unit() == Unit.EPOCH) {
            return epoch;
        }
        if (fractionalEpochs) {
            return fractionalEpoch(epoch, batch, batchesPerEpoch);
        }
        return (double) epoch * batchesPerEpoch + batch;
    }

    /**
     * Warm restarts stepped per iteration: the fractional epoch iteration k = epoch · batchesPerEpoch + batch trains
     * at, in the loop PyTorch documents for {@code CosineAnnealingWarmRestarts} ({@code scheduler.step(epoch + i /
     * iters)} after iteration i): the first iteration at 0, every later one at (k − 1) / batchesPerEpoch, the position
     * the step after the previous iteration set. A restart thus takes effect one iteration after its epoch begins.
     */
    public static double fractionalEpoch(int epoch, int batch, int batchesPerEpoch) {
        long k = (long) epoch * batchesPerEpoch + batch;
        return Math.max(0, k - 1) / (double) batchesPerEpoch;
    }

    public StepPlan plan(int epoch, int batch) {
        double t = position(epoch, batch);
        double eta = plateau != null ? plateau.lr() / optimizer.lr() : schedule.eta(t);
        WeightDecay wd = optimizer.weightDecay();
        double lambda = wd.lambda(batchSize, trainSize, periodEpochs(t));
        return new StepPlan(optimizer.lr() * eta, eta, lambda,
                optimizer.hasMomentum() ? schedule.momentum(t) : OptionalDouble.empty());
    }

    /** T of normalized weight decay, in epochs: the current restart period's length, else the whole run. */
    private double periodEpochs(double t) {
        OptionalDouble period = schedule.restartPeriod(t);
        if (period.isEmpty()) {
            return epochs;
        }
        boolean inIterations = spec.unit() == Unit.ITERATION && !fractionalEpochs;
        return inIterations ? period.getAsDouble() / batchesPerEpoch : period.getAsDouble();
    }

    /** After an epoch: a plateau schedule takes the metric it monitors. */
    public void endEpoch(EpochMetrics m) {
        if (plateau == null) {
            return;
        }
        double metric = switch (Schedules.monitor(spec)) {
            case "test_error" -> m.testError();
            case "train_loss" -> m.trainLoss();
            case "test_loss" -> m.testLoss();
            default -> throw new IllegalStateException("plateau cannot monitor " + Schedules.monitor(spec));
        };
        plateau.step(metric);
    }

    /** The plateau's state (empty without one), for checkpoints. */
    public double[] state() {
        return plateau == null ? new double[0] : plateau.state();
    }

    public void restore(double[] state) {
        if (plateau != null) {
            plateau.restore(state);
        }
    }
}
