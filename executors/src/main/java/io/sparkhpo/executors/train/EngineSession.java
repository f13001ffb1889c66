package io.sparkhpo.executors.train;

import io.sparkhpo.executors.data.Batch;
import io.sparkhpo.executors.optim.DeviceOptimizer;
import io.sparkhpo.executors.optim.DeviceSam;
import io.sparkhpo.executors.optim.StepPlan;
import io.sparkhpo.executors.train.StepProfile.Phase;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;

/**
 * What the engines' sessions share: the step (forward and backward in the engine, then clipping, decay and the rule
 * in the engine through a {@link DeviceOptimizer}; a non-finite loss skips the update), the traffic counter, the
 * profile, and the checkpoint's layout: a version header, the engine's model section, the optimizer's state. An
 * engine supplies the forward-backward pass, what happens to the gradients around the update, and its model section.
 *
 * <p>With SAM ({@link io.sparkhpo.executors.optim.SamSpec}) a step takes two forward-backward passes on its batch:
 * the first at θ gives the loss, the error count and g; {@link DeviceSam} moves θ to θ + ε; the second gives g'; θ
 * is restored and the base optimizer steps with g' (clipping applies to g'). BatchNorm's running statistics are
 * those the first pass left: the engine names them to its {@link DeviceSam}, which keeps and restores them with θ.
 */
public abstract class EngineSession implements TrainingSession {

    /** The checkpoint layout's version; a checkpoint of another version is refused. */
    public static final int CHECKPOINT_VERSION = 2;

    /** What one forward-backward pass returns: the batch's loss and misclassified examples. */
    public record Forward(double loss, int wrong) {
    }

    protected final Traffic traffic = new Traffic();
    protected final Clipping clipping;
    protected StepProfile profile = StepProfile.OFF;

    protected EngineSession(TrialSpec spec) {
        this.clipping = spec.clipping();
    }

    /** The engine's optimizer over views of its parameters and gradients. */
    protected abstract DeviceOptimizer<?> optimizer();

    /**
     * SAM's ascent over the optimizer's chunks, when the trial's optimizer is SAM, keeping BatchNorm's running
     * statistics (or their pending update) through the second pass.
     */
    protected abstract Optional<? extends DeviceSam<?>> sam();

    /** Forward and backward in training mode on {@code b}: the gradients are in place afterwards. */
    protected abstract Forward forwardBackward(Batch b);

    /** Makes the gradients the minibatch's mean gradient before an update of a batch of {@code batchSize}. */
    protected abstract void beforeUpdate(int batchSize);

    /** After an update ({@code updated}) or a skipped one: e.g. zero the gradients, update BatchNorm's statistics. */
    protected abstract void afterUpdate(boolean updated);

    /** Writes the network (weights and statistics) into a checkpoint. */
    protected abstract void writeModel(DataOutputStream d) throws IOException;

    /** Reads back what {@link #writeModel} wrote, checking that it fits this network. */
    protected abstract void readModel(DataInputStream d) throws IOException;

    @Override
    public final BatchResult trainBatch(Batch b, StepPlan plan) {
        Forward f = forwardBackward(b);
        if (!Double.isFinite(f.loss())) {
            afterUpdate(false);
            return new BatchResult(f.loss(), f.wrong(), Double.NaN);
        }
        if (sam().isPresent()) {
            double perturbed = sharpnessPass(sam().get(), b);
            if (!Double.isFinite(perturbed)) {
                afterUpdate(false);
                return new BatchResult(perturbed, f.wrong(), Double.NaN);
            }
        }
        double norm = update(plan, b.size());
        profile.lap(Phase.UPDATE);
        return new BatchResult(f.loss(), f.wrong(), norm);
    }

    /**
     * SAM's second pass: g made the mean gradient, θ moved to θ + ε (BatchNorm's statistics kept as the first pass
     * left them), the gradients cleared, g' computed there, θ and the statistics restored. The gradients hold g'
     * afterwards.
     *
     * @return the loss at θ + ε
     */
    private double sharpnessPass(DeviceSam<?> s, Batch b) {
        beforeUpdate(b.size());
        s.ascend();
        afterUpdate(false);
        Forward perturbed = forwardBackward(b);
        s.restore();
        return perturbed.loss();
    }

    @Override
    public final void updateOnly(StepPlan plan) {
        update(plan, 1);
    }

    private double update(StepPlan plan, int batchSize) {
        beforeUpdate(batchSize);
        double norm = optimizer().step(plan, clipping.maxNorm(), clipping.maxValue());
        afterUpdate(true);
        return norm;
    }

    @Override
    public void profile(StepProfile profile) {
        this.profile = profile;
    }

    @Override
    public Traffic traffic() {
        return traffic;
    }

    @Override
    public final void checkpoint(OutputStream out) throws IOException {
        DataOutputStream d = new DataOutputStream(out);
        d.writeInt(CHECKPOINT_VERSION);
        writeModel(d);
        optimizer().writeTo(d);
        d.flush();
    }

    /**
     * The model section as device copies ({@link #modelCopy}) and the optimizer's state as device copies
     * ({@link DeviceOptimizer#copy}): taking it costs copies where the arrays live, and the conversion to bytes
     * happens in {@link Snapshot#writeTo}, on the writer's thread.
     */
    @Override
    public final Snapshot snapshot() throws IOException {
        Snapshot model = modelCopy();
        DeviceOptimizer.Copy<?> state = optimizer().copy();
        return new Snapshot() {
            @Override
            public void writeTo(OutputStream out) throws IOException {
                DataOutputStream d = new DataOutputStream(out);
                d.writeInt(CHECKPOINT_VERSION);
                model.writeTo(d);
                state.writeTo(d);
                d.flush();
            }

            @Override
            public void close() {
                model.close();
                state.close();
            }
        };
    }

    /** The model section of a {@link #snapshot}: by default {@link #writeModel}'s bytes, taken now. */
    protected Snapshot modelCopy() throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(bytes);
        writeModel(d);
        d.flush();
        return Snapshot.of(bytes.toByteArray());
    }

    @Override
    public final void restore(InputStream in) throws IOException {
        DataInputStream d = new DataInputStream(in);
        int version = d.readInt();
        if (version != CHECKPOINT_VERSION) {
            throw new IOException("checkpoint version " + version + ", this build reads " + CHECKPOINT_VERSION);
        }
        readModel(d);
        optimizer().readFrom(d);
    }
}
