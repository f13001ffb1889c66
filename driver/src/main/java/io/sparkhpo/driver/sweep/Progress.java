package io.sparkhpo.driver.sweep;

import io.sparkhpo.executors.train.TrialSpec;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.time.Duration;

/**
 * Progress on stderr: a line when a trial starts and one when it ends, with how many are done, the elapsed time
 * and an estimate of the time left: the mean wall time of the finished trials, times the trials left, divided
 * by the trials that run side by side.
 */
public final class Progress {

    private final PrintStream err;
    private final int total;
    private final int parallelism;
    private final long start = System.nanoTime();
    private int done;
    private double trialSeconds;
    private int jobs;
    private double jobSeconds;
    private double taskSeconds;

    private final Map<Integer, Map<String, Object>> running = new java.util.concurrent.ConcurrentSkipListMap<>();

    Progress(PrintStream err, int total, int parallelism) {
        this.err = err;
        this.total = total;
        this.parallelism = parallelism;
    }

    synchronized void started(TrialSpec spec) {
        err.printf("sparkhpo: trial %d started: %s%n", spec.number(), describe(spec));
        err.flush();
        Map<String, Object> r = new java.util.LinkedHashMap<>();
        r.put("trial", spec.number());
        r.put("started", java.time.Instant.now().toString());
        r.put("params", describe(spec));
        running.put(spec.number(), r);
    }

    /** The trials started and not finished, by number: {@code trial}, {@code started} (ISO time), {@code params}. */
    public List<Map<String, Object>> running() {
        return running.values().stream().map(m -> (Map<String, Object>) new java.util.LinkedHashMap<>(m)).toList();
    }

    synchronized void finished(TrialSpec spec, String state, String result, double seconds, String executor) {
        running.remove(spec.number());
        done++;
        trialSeconds += seconds;
        double elapsed = (System.nanoTime() - start) / 1e9;
        String eta = done < total ? ", ~" + format(trialSeconds / done * (total - done) / parallelism) + " left" : "";
        err.printf("sparkhpo: [%d/%d] trial %d %s: %s, %s in %.1f s on executor %s | %s elapsed%s%n", done, total,
                spec.number(), state, describe(spec), result, seconds, executor, format(elapsed), eta);
        err.flush();
    }

    /** One Spark job ended: {@code driverSeconds} from submit to result on the driver, {@code taskSeconds} inside the task. */
    synchronized void job(double driverSeconds, double taskSeconds) {
        jobs++;
        jobSeconds += driverSeconds;
        this.taskSeconds += taskSeconds;
    }

    /** The dispatch overhead: what the jobs cost beyond the work in their tasks (scheduling, launch, results). */
    synchronized String dispatchSummary() {
        if (jobs == 0) {
            return "no Spark jobs ran";
        }
        double overhead = Math.max(0, jobSeconds - taskSeconds);
        return String.format("sweep took %.1f s: %d Spark jobs, %.1f s each on average; dispatch overhead %.0f ms per job "
                        + "(%.2f%% of job time)", (System.nanoTime() - start) / 1e9, jobs, jobSeconds / jobs, overhead / jobs * 1000,
                100 * overhead / jobSeconds);
    }

    /** The sweep stops asking for trials ({@code why}); {@code inFlight} trials still end first. */
    synchronized void stopping(String why, int inFlight) {
        err.printf("sparkhpo: stopping the sweep: %s%s%n", why, inFlight > 0 ? " (waiting for the " + inFlight
                + " trial(s) in flight)" : "");
        err.flush();
    }

    /** A trial went past a segment boundary (and its pruner let it go on). */
    synchronized void segment(TrialSpec spec, int epochs, double testError, String executor) {
        err.printf("sparkhpo: trial %d: epoch %d/%d, test error %.4f, RUNNING on executor %s%n", spec.number(), epochs,
                spec.epochs(), testError, executor);
        err.flush();
    }

    public static String describe(TrialSpec spec) {
        return String.format("%s (%s) lr=%.3g wd=%.3g%s%s batch=%d", spec.optimizer().label(),
                spec.optimizer().weightDecay().mode().configName(), spec.optimizer().lr(),
                spec.optimizer().weightDecay().value(), spec.optimizer().weightDecay().normalized() ? " (normalized)" : "",
                io.sparkhpo.executors.optim.SamSpec.rhoNote(spec.optimizer()), spec.batchSize());
    }

    public static String format(double seconds) {
        Duration d = Duration.ofSeconds(Math.round(seconds));
        return d.toHours() > 0 ? String.format("%dh%02dm%02ds", d.toHours(), d.toMinutesPart(), d.toSecondsPart())
                : String.format("%dm%02ds", d.toMinutes(), d.toSecondsPart());
    }
}
