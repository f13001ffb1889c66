package io.sparkhpo.driver.runner;

import io.sparkhpo.api.Params;
import io.sparkhpo.api.TrialContext;
import io.sparkhpo.api.TrialPruned;
import io.sparkhpo.driver.runtime.HadoopCheckpointStore;
import org.apache.hadoop.conf.Configuration;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A trial's context on its runner: reports go to the driver over the runner's connection and come back with the
 * pruner's verdict; checkpoints go straight to the study folder through Hadoop's file system.
 */
final class RemoteTrial implements RunnerContext {

    private final RunnerSpec spec;
    private final Work work;
    private final Wire wire;
    private final Placement where;
    private final HadoopCheckpointStore checkpoint;
    private final long start = System.nanoTime();
    private final Map<String, Object> attrs = new LinkedHashMap<>();
    private int lastStep;
    /** Set when the connection broke during a report: the runner ends, and the driver hands the trial out again. */
    private IOException broken;

    RemoteTrial(RunnerSpec spec, Work work, Wire wire, Placement where, Configuration hadoop) {
        this.spec = spec;
        this.work = work;
        this.wire = wire;
        this.where = where;
        this.checkpoint = new HadoopCheckpointStore(HadoopCheckpointStore.pathFor(spec.studyDir(), work.trial()), hadoop);
    }

    @Override
    public String study() {
        return spec.study();
    }

    @Override
    public int number() {
        return work.trial();
    }

    @Override
    public long seed() {
        return work.seed();
    }

    @Override
    public int attempt() {
        return work.attempt();
    }

    @Override
    public Map<String, Object> params() {
        return work.params();
    }

    @Override
    public void report(int step, double value, Map<String, Double> metrics) {
        Params.checkReport(lastStep, step, value, metrics);
        if (broken != null) {
            throw new UncheckedIOException("the connection to the driver is gone", broken);
        }
        lastStep = step;
        TrialBroker.Verdict verdict;
        try {
            wire.send(Wire.REPORT, Map.of("trial", work.trial(), "step", step, "value", value, "metrics", metrics,
                    "seconds", seconds()));
            verdict = TrialBroker.Verdict.valueOf((String) wire.receive(Wire.VERDICT).get("verdict"));
        } catch (IOException | IllegalArgumentException e) {
            broken = e instanceof IOException io ? io : new IOException(e.getMessage());
            throw new UncheckedIOException("reporting to the driver failed: " + e.getMessage(), broken);
        }
        if (verdict == TrialBroker.Verdict.PRUNE) {
            throw new TrialPruned(String.format(Locale.ROOT, "pruned at step %d (value %.6g)", step, value));
        }
        if (verdict == TrialBroker.Verdict.PAUSE) {
            throw new Paused(step);
        }
    }

    @Override
    public void saveCheckpoint(byte[] state) {
        try {
            checkpoint.write(out -> out.write(state));
        } catch (IOException e) {
            throw new UncheckedIOException("saving trial " + work.trial() + "'s checkpoint failed: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<byte[]> restoreCheckpoint() {
        try {
            Optional<InputStream> in = checkpoint.read();
            if (in.isEmpty()) {
                return Optional.empty();
            }
            try (InputStream s = in.get()) {
                return Optional.of(s.readAllBytes());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading trial " + work.trial() + "'s checkpoint failed: " + e.getMessage(), e);
        }
    }

    @Override
    public List<String> gpus() {
        return where.gpus();
    }

    @Override
    public int threads() {
        return spec.threads();
    }

    @Override
    public void setUserAttr(String key, Object value) {
        attrs.put(key, Params.checkAttr(key, value));
    }

    @Override
    public void setInternalAttr(String key, Object value) {
        if (!key.startsWith(Done.INTERNAL)) {
            throw new IllegalArgumentException("an internal attribute's key starts with " + Done.INTERNAL + ", got " + key);
        }
        attrs.put(key, value);
    }

    Map<String, Object> attrs() {
        return Collections.unmodifiableMap(attrs);
    }

    int lastStep() {
        return lastStep;
    }

    double seconds() {
        return (System.nanoTime() - start) / 1e9;
    }

    Optional<IOException> broken() {
        return Optional.ofNullable(broken);
    }

    /** Removes the trial's checkpoint once it has ended. */
    void deleteCheckpoint() {
        checkpoint.delete();
    }

}
