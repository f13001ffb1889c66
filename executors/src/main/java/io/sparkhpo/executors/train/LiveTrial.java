package io.sparkhpo.executors.train;

import io.sparkhpo.executors.data.Dataset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A trial between its epochs in this JVM: its session, LR controller, SWA average, the metrics of every epoch so
 * far, and the checkpoint it last started writing. It continues either from memory ({@link LiveSessions}, when the
 * trial's checkpoint is still the one it wrote) or from the checkpoint read back; both give the same numbers, since
 * the checkpoint holds exactly the state that stays in memory. At most one write per trial is in flight: the next
 * waits for it, and so does closing (the snapshot's copies live in the session's memory).
 */
final class LiveTrial implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LiveTrial.class);

    private final LiveSessions.Key key;
    private final String label;
    private final TrainingSession session;
    private final LrController lr;
    private final WeightAverage swa;
    private final List<EpochMetrics> epochs;
    private final long bytes;
    private TrialCheckpoint.Pending pending;

    private LiveTrial(TrialSpec spec, TrainingSession session) {
        this.key = new LiveSessions.Key(spec.study(), spec.number());
        this.label = spec.label();
        this.session = session;
        this.lr = new LrController(spec);
        this.swa = spec.swaOption().map(s -> new WeightAverage()).orElse(null);
        this.epochs = new ArrayList<>();
        // parameters, gradients and the rule's state arrays, float32 (BatchNorm's statistics are few)
        this.bytes = session.trainableParameters() * Float.BYTES * (2L + spec.optimizer().rule().stateArrays())
                + (swa == null ? 0 : session.trainableParameters() * Double.BYTES);
    }

    /**
     * The trial's state kept in memory when its checkpoint in {@code store} is still the one it wrote (it is removed
     * from the cache either way: a stale one is closed).
     */
    static Optional<LiveTrial> kept(TrialSpec spec, CheckpointStore store) {
        LiveSessions cache = LiveSessions.jvm();
        Optional<LiveTrial> kept = cache.take(new LiveSessions.Key(spec.study(), spec.number()));
        if (kept.isEmpty()) {
            return Optional.empty();
        }
        LiveTrial t = kept.get();
        try {
            t.awaitCheckpoint();
            if (t.pending != null && t.pending.nextEpoch() == t.epochs.size()
                    && TrialCheckpoint.token(store).equals(java.util.OptionalLong.of(t.pending.token()))) {
                cache.hit();
                return kept;
            }
            LOG.info("{}: its checkpoint is not the one its live session wrote: continuing from the checkpoint", t.label);
        } catch (IOException e) {
            LOG.warn("{}: its live session's checkpoint was not written ({}): continuing from the checkpoint", t.label,
                    e.getMessage());
        }
        t.close();
        return Optional.empty();
    }

    /**
     * A new session of {@code spec}, at epoch {@code from}: when {@code from > 0}, from its checkpoint, copied in
     * memory from the live state that wrote it when this JVM keeps that state (the checkpoint is a copy of another
     * member's, PBT's exploit), else read back.
     */
    static LiveTrial open(TrialSpec spec, TrainingEngine engine, Dataset shapeOf, int from, CheckpointStore store)
            throws IOException {
        LiveTrial t = new LiveTrial(spec, engine.open(spec, shapeOf));
        if (from > 0) {
            try {
                if (!t.copyFromWriter(from, store)) {
                    TrialCheckpoint.read(store, from, t.session, t.lr, t.swa, t.epochs);
                }
            } catch (IOException | RuntimeException e) {
                t.close();
                throw e;
            }
        }
        return t;
    }

    /** Copies the state of the live trial that wrote the checkpoint in {@code store}, if this JVM keeps it. */
    private boolean copyFromWriter(int from, CheckpointStore store) throws IOException {
        java.util.OptionalLong token = TrialCheckpoint.token(store);
        Optional<LiveTrial> writer = token.isEmpty() ? Optional.empty() : LiveSessions.jvm().takeWritten(token.getAsLong());
        if (writer.isEmpty()) {
            return false;
        }
        LiveTrial source = writer.get();
        try {
            if (source.nextEpoch() != from) {
                return false;
            }
            TrialCheckpoint.copy(source, token.getAsLong(), this);
            LiveSessions.jvm().copied();
            LOG.info("{}: its checkpoint is {}'s, whose live session this executor keeps: copied in memory", label,
                    source.label);
            return true;
        } finally {
            source.keep();
        }
    }

    /** Whether the last checkpoint this trial started has {@code token}, is complete, and is of the trial as it is now. */
    boolean wrote(long token) {
        return checkpointed() && pending.token() == token && pending.write().isDone();
    }

    LiveSessions.Key key() {
        return key;
    }

    String label() {
        return label;
    }

    long bytes() {
        return bytes;
    }

    TrainingSession session() {
        return session;
    }

    LrController lr() {
        return lr;
    }

    /** The SWA average, or null without SWA. */
    WeightAverage swa() {
        return swa;
    }

    /** Every epoch so far (appended to by the runner). */
    List<EpochMetrics> epochs() {
        return epochs;
    }

    /** The epoch the trial continues at. */
    int nextEpoch() {
        return epochs.size();
    }

    /** Starts writing the checkpoint as of now (after the previous write, if one is still in flight). */
    void startCheckpoint(CheckpointStore store) throws IOException {
        awaitCheckpoint();
        pending = TrialCheckpoint.start(store, epochs.size(), session, lr, swa, epochs);
    }

    /** Waits until the last checkpoint started is complete. */
    void awaitCheckpoint() throws IOException {
        if (pending != null) {
            pending.await();
        }
    }

    /** Whether the last checkpoint started is of the trial as it is now. */
    boolean checkpointed() {
        return pending != null && pending.nextEpoch() == epochs.size();
    }

    /** Leaves the trial in this JVM's cache for its next segment (or closes it when the cache has no room). */
    void keep() {
        LiveSessions.jvm().keep(this);
    }

    /** Closes the session, once its checkpoint is written. */
    @Override
    public void close() {
        try {
            awaitCheckpoint();
        } catch (IOException e) {
            LOG.warn("{}: checkpoint not written: {}", label, e.getMessage());
        } finally {
            session.close();
        }
    }
}
