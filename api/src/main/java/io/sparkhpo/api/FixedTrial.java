package io.sparkhpo.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A trial with given parameters and no study (as Optuna's {@code FixedTrial}): for testing an objective without
 * Spark. It keeps what the objective reports, its checkpoint and attributes, and never prunes.
 */
public final class FixedTrial implements TrialContext {

    /** One {@link #report} call, as kept. */
    public record Report(int step, double value, Map<String, Double> metrics) {
    }

    private final Map<String, Object> params;
    private final int number;
    private final long seed;
    private final List<Report> reports = new ArrayList<>();
    private final Map<String, Object> userAttrs = new LinkedHashMap<>();
    private byte[] checkpoint;

    public FixedTrial(Map<String, Object> params) {
        this(params, 0, 0);
    }

    public FixedTrial(Map<String, Object> params, int number, long seed) {
        this.params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        this.number = number;
        this.seed = seed;
    }

    @Override
    public String study() {
        return "fixed";
    }

    @Override
    public int number() {
        return number;
    }

    @Override
    public long seed() {
        return seed;
    }

    @Override
    public int attempt() {
        return 0;
    }

    @Override
    public Map<String, Object> params() {
        return params;
    }

    @Override
    public void report(int step, double value, Map<String, Double> metrics) {
        Params.checkReport(reports.isEmpty() ? 0 : reports.get(reports.size() - 1).step(), step, value, metrics);
        reports.add(new Report(step, value, Map.copyOf(metrics)));
    }

    @Override
    public void saveCheckpoint(byte[] state) {
        checkpoint = state.clone();
    }

    @Override
    public Optional<byte[]> restoreCheckpoint() {
        return Optional.ofNullable(checkpoint).map(byte[]::clone);
    }

    @Override
    public List<String> gpus() {
        return List.of();
    }

    @Override
    public int threads() {
        return Runtime.getRuntime().availableProcessors();
    }

    @Override
    public void setUserAttr(String key, Object value) {
        userAttrs.put(key, Params.checkAttr(key, value));
    }

    /** What the objective reported, in order. */
    public List<Report> reports() {
        return List.copyOf(reports);
    }

    public Map<String, Object> userAttrs() {
        return Collections.unmodifiableMap(userAttrs);
    }
}
