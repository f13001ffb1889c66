package io.sparkhpo.driver.bench;

import io.sparkhpo.driver.tables.ParquetTableWriter;
import io.sparkhpo.driver.tables.StudyTables;
import io.sparkhpo.search.json.Json;
import org.apache.hadoop.conf.Configuration;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A study folder written as a sweep writes one (one part file per trial in {@code trials} and {@code epochs}), for
 * the dashboard's scale benchmark: AdamW trials on a log-uniform α × λ square whose final error has a diagonal
 * valley (α·λ near a constant) as in the AdamW paper, learning curves that fall towards it, and one trial in twenty
 * diverged.
 */
public final class SyntheticStudy {

    private SyntheticStudy() {
    }

    /**
     * @param dir     the study folder (created)
     * @param trials  trials to write
     * @param epochs  epochs per trial
     * @param seed    the random seed (each trial draws from its own stream, so the parts are written in parallel)
     */
    public static void write(String dir, String name, int trials, int epochs, long seed) {
        ParquetTableWriter w = new ParquetTableWriter(dir, new Configuration());
        Instant start = Instant.parse("2026-12-01T00:00:00Z");
        java.util.stream.IntStream.range(0, trials).parallel().forEach(t -> {
            Random rng = new Random(seed * 1_000_003L + t);
            double lr = Math.pow(10, -4 + 3 * rng.nextDouble());
            double wd = Math.pow(10, -5 + 4 * rng.nextDouble());
            boolean diverged = rng.nextInt(20) == 0;
            double valley = Math.log10(lr * wd) + 5.5;
            double finalError = 0.05 + 0.04 * valley * valley + 0.05 * Math.pow(Math.log10(lr) + 2.5, 2) + 0.01 * rng.nextGaussian();
            List<Map<String, Object>> rows = new ArrayList<>();
            int run = diverged ? 1 + rng.nextInt(Math.max(1, epochs / 4)) : epochs;
            double seconds = 0;
            for (int e = 0; e < run; e++) {
                double f = Math.exp(-4.0 * (e + 1) / epochs);
                double err = Math.min(0.9, finalError + 0.85 * f + 0.005 * rng.nextGaussian());
                double s = 20 + 2 * rng.nextDouble();
                seconds += s;
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("study", name);
                r.put("trial", t);
                r.put("epoch", e);
                r.put("lr", lr * 0.5 * (1 + Math.cos(Math.PI * e / epochs)));
                r.put("weight_decay", wd);
                r.put("train_loss", 2.3 * err);
                r.put("train_error", Math.max(0, err - 0.02));
                r.put("test_loss", 2.3 * err + 0.1);
                r.put("test_error", err);
                r.put("grad_norm_mean", 1 + rng.nextDouble());
                r.put("grad_norm_max", 3 + rng.nextDouble());
                r.put("seconds", s);
                rows.add(r);
            }
            w.append(StudyTables.EPOCHS, StudyTables.tag(t), rows);
            double last = rows.isEmpty() ? Double.NaN : (Double) rows.get(rows.size() - 1).get("test_error");
            w.append(StudyTables.TRIALS, StudyTables.tag(t), List.of(trial(name, t, lr, wd, diverged, last, run, epochs,
                    seconds, start.plusSeconds((long) (t * 30 + seconds)))));
        });
    }

    private static Map<String, Object> trial(String name, int t, double lr, double wd, boolean diverged, double error,
                                             int run, int epochs, double seconds, Instant at) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("study", name);
        r.put("trial", t);
        r.put("state", (diverged ? io.sparkhpo.executors.train.RunState.DIVERGED : io.sparkhpo.executors.train.RunState.COMPLETE).name());
        r.put("objective", diverged ? null : error);
        r.put("objectives", "final_test_error:minimize");
        r.put("optimizer", "adamw");
        r.put("optimizer_label", "AdamW");
        r.put("weight_decay_mode", "decoupled");
        r.put("lr", lr);
        r.put("weight_decay", wd);
        r.put("beta1", 0.9);
        r.put("beta2", 0.999);
        r.put("schedule", "cosine");
        r.put("schedule_params", "cosine(t_max=" + epochs + ")");
        r.put("step_per", "epoch");
        r.put("lr_scaling", "none");
        r.put("batch_size", 128);
        r.put("epochs", epochs);
        r.put("model", "resnet18");
        r.put("width", 64);
        r.put("parameters", 11_173_962L);
        r.put("dataset", "cifar10");
        r.put("train_size", 50_000);
        r.put("test_size", 10_000);
        r.put("augment", true);
        r.put("normalize", true);
        r.put("engine", "djl");
        r.put("seed", 42L);
        r.put("best_test_error", diverged ? null : error);
        r.put("final_test_error", diverged ? null : error);
        r.put("epochs_run", run);
        r.put("wall_seconds", seconds);
        r.put("executor", String.valueOf(t % 16));
        r.put("host", "node" + (t % 4));
        r.put("gpu", String.valueOf(t % 4));
        r.put("error", diverged ? "the loss became NaN" : null);
        r.put("attempts", 1);
        r.put("attempt_log", "[{\"executor\":\"" + (t % 16) + "\",\"result\":\"ok\"}]");
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("lr", lr);
        params.put("weight_decay", wd);
        r.put("params", Json.write(params));
        r.put("code_version", "synthetic");
        r.put("schema_version", StudyTables.SCHEMA_VERSION);
        r.put("finished_at", at);
        return r;
    }
}
