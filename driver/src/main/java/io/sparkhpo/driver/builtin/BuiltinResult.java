package io.sparkhpo.driver.builtin;

import io.sparkhpo.executors.train.EpochMetrics;
import io.sparkhpo.executors.train.Evaluation;
import io.sparkhpo.executors.train.RunState;
import io.sparkhpo.executors.train.TrialResult;
import io.sparkhpo.search.json.Json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A built-in trial's {@link TrialResult} as the internal attribute that carries it from its runner to the driver's
 * table rows (JSON, as everything on the runners' connections), and each epoch as a report's metrics.
 */
final class BuiltinResult {

    /** The internal attribute holding the result. */
    static final String ATTR = io.sparkhpo.driver.runner.Done.INTERNAL + "result";

    private static final List<String> METRICS = List.of("lr", "weight_decay", "train_loss", "train_error", "test_loss",
            "test_error", "grad_norm_mean", "grad_norm_max", "seconds");

    private BuiltinResult() {
    }

    static String write(TrialResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("state", r.state().name());
        m.put("message", r.message());
        m.put("seconds", r.wallSeconds());
        m.put("parameters", r.parameters());
        m.put("swa", r.swa() == null ? null : List.of(r.swa().meanLoss(), r.swa().errorRate(), (double) r.swa().examples()));
        List<Object> epochs = new ArrayList<>();
        for (EpochMetrics e : r.epochs()) {
            List<Object> row = new ArrayList<>();
            row.add(e.epoch());
            for (double v : values(e)) {
                row.add(v);
            }
            epochs.add(row);
        }
        m.put("epochs", epochs);
        return Json.write(m);
    }

    @SuppressWarnings("unchecked")
    static TrialResult read(int number, String json) {
        Map<String, Object> m = Json.read(json);
        List<EpochMetrics> epochs = new ArrayList<>();
        for (Object o : (List<Object>) m.get("epochs")) {
            List<Object> row = (List<Object>) o;
            double[] v = new double[METRICS.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = ((Number) row.get(i + 1)).doubleValue();
            }
            epochs.add(new EpochMetrics(((Number) row.get(0)).intValue(), v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8]));
        }
        List<Object> swa = (List<Object>) m.get("swa");
        Evaluation eval = swa == null ? null : new Evaluation(((Number) swa.get(0)).doubleValue(),
                ((Number) swa.get(1)).doubleValue(), ((Number) swa.get(2)).longValue());
        return new TrialResult(number, RunState.valueOf((String) m.get("state")), epochs, (String) m.get("message"),
                ((Number) m.get("seconds")).doubleValue(), ((Number) m.get("parameters")).longValue(), eval);
    }

    /**
     * An epoch's metrics as its report carries them (the epochs table's columns). A report takes finite values only:
     * one that is not (a test loss overflowed by a bad learning rate) is left out, and read back as NaN; the trial's
     * result carries it as it was.
     */
    static Map<String, Double> metrics(EpochMetrics e) {
        double[] v = values(e);
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < v.length; i++) {
            if (Double.isFinite(v[i])) {
                m.put(METRICS.get(i), v[i]);
            }
        }
        return m;
    }

    private static double[] values(EpochMetrics e) {
        return new double[]{e.lr(), e.weightDecay(), e.trainLoss(), e.trainError(), e.testLoss(), e.testError(),
                e.gradNormMean(), e.gradNormMax(), e.seconds()};
    }

    /** An epoch back from its report: step {@code step} is epoch {@code step - 1}. */
    static EpochMetrics epoch(int step, Map<String, Double> m) {
        double[] v = new double[METRICS.size()];
        for (int i = 0; i < v.length; i++) {
            Double x = m.get(METRICS.get(i));
            v[i] = x == null ? Double.NaN : x;
        }
        return new EpochMetrics(step - 1, v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8]);
    }
}
