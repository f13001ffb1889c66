package io.sparkhpo.driver.objective;

import io.sparkhpo.driver.runner.Done;
import io.sparkhpo.driver.runner.Placement;
import io.sparkhpo.driver.runner.Work;
import io.sparkhpo.driver.tables.ParquetTableWriter;
import io.sparkhpo.driver.tables.TableSchema;
import io.sparkhpo.search.study.Study;
import io.sparkhpo.search.trial.Outcome;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Writes ended trials to the tables and tells the study, in batches on its own thread, so a runner gets its next
 * trial without waiting for Parquet files: each batch is one {@code epochs} part and one {@code trials} part (the
 * trials part last: it marks its trials done), and only then are they told to the study's journal, so a driver
 * killed between the two leaves rows that a resumed sweep trusts over the journal. Prints progress on stderr.
 */
final class Recorder {

    /** A batch is written when it holds this many trials, or every {@link #FLUSH_MILLIS}. */
    private static final int BATCH = 500;
    private static final long FLUSH_MILLIS = 250;

    private record Ended(Work work, Done done, Placement where, List<Map<String, Object>> epochs) {
    }

    private final List<Ended> pending = new ArrayList<>();
    private final List<Map<String, Object>> rows = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, List<Map<String, Object>>> parts = new java.util.LinkedHashMap<>();
    private final Study study;
    private final ParquetTableWriter writer;
    private final TableSchema trials;
    private final StudyInfo info;
    private final PrintStream err;
    private final int total;
    private final long start = System.nanoTime();
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final Thread thread;
    private int seq;
    private int ended;
    private double trialSeconds;
    private long lastLine;
    private volatile boolean closing;
    private volatile RuntimeException failure;

    /** What the rows say about the study besides each trial's own values. */
    record StudyInfo(String name, String objectiveClass, List<String> objectiveNames, String objectives,
                     String codeVersion) {
    }

    Recorder(Study study, ParquetTableWriter writer, TableSchema trials, StudyInfo info, int total, PrintStream err) {
        this.study = study;
        this.writer = writer;
        this.trials = trials;
        this.info = info;
        this.total = total;
        this.err = err;
        this.thread = new Thread(this::loop, "sparkhpo-recorder");
        thread.setDaemon(true);
        thread.start();
    }

    void started(Work w) {
        if (total <= 100) {
            err.printf(Locale.ROOT, "sparkhpo: trial %d started: %s%n", w.trial(), show(w.params()));
        }
    }

    void reported(Work w, int step, double value) {
        // reports go to the epochs table with the trial's end; nothing is printed per report
    }

    void retrying(Work w, Placement where, String why) {
        err.printf(Locale.ROOT, "sparkhpo: trial %d (attempt %d) on executor %s: %s; running it again (attempt %d, "
                + "from its checkpoint if it saved one)%n", w.trial(), w.attempt() + 1, where == null ? "-" : where.executor(),
                why, w.attempt() + 2);
    }

    synchronized void ended(Work w, Done d, Placement where, List<Map<String, Object>> epochs) {
        if (failure != null) {
            throw failure;
        }
        pending.add(new Ended(w, d, where, epochs));
        if (pending.size() >= BATCH) {
            notifyAll();
        }
    }

    /** Every row written so far (this run's), in finishing order. */
    List<Map<String, Object>> rows() {
        synchronized (rows) {
            return List.copyOf(rows);
        }
    }

    /** The trials parts this run wrote, by tag, to rewrite with Pareto ranks. */
    Map<String, List<Map<String, Object>>> parts() {
        return parts;
    }

    /** Why writing the tables failed, if it did (the sweep then stops). */
    java.util.Optional<RuntimeException> failure() {
        return java.util.Optional.ofNullable(failure);
    }

    /** Seconds spent inside objectives, summed over ended trials. */
    double trialSeconds() {
        return trialSeconds;
    }

    private void loop() {
        try {
            while (true) {
                List<Ended> batch;
                synchronized (this) {
                    if (pending.size() < BATCH && !closing) {
                        wait(FLUSH_MILLIS);
                    }
                    batch = new ArrayList<>(pending);
                    pending.clear();
                    if (batch.isEmpty() && closing) {
                        return;
                    }
                }
                if (!batch.isEmpty()) {
                    write(batch);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failure = e;
            err.printf("sparkhpo: writing the tables failed: %s%n", e.getMessage());
        }
    }

    private void write(List<Ended> batch) {
        List<Map<String, Object>> epochRows = new ArrayList<>();
        List<Map<String, Object>> trialRows = new ArrayList<>();
        for (Ended e : batch) {
            epochRows.addAll(e.epochs());
            trialRows.add(ObjectiveTables.trialRow(trials, info.name(), info.objectiveClass(), info.objectiveNames(),
                    info.objectives(), e.work().trial(), e.work().seed(), e.work().params(), e.done(), e.where(),
                    e.work().attempt() + 1, info.codeVersion()));
        }
        String tag = String.format(Locale.ROOT, "%s-%05d", run, seq++);
        if (!epochRows.isEmpty()) {
            writer.append(ObjectiveTables.EPOCHS, tag, epochRows);
        }
        writer.append(trials, tag, trialRows); // last: these trials are done
        parts.put(tag, trialRows);
        for (int i = 0; i < batch.size(); i++) {
            Ended e = batch.get(i);
            study.tell(e.work().trial(), outcome(e.done(), info.objectiveNames()));
            rows.add(trialRows.get(i));
            ended++;
            trialSeconds += e.done().seconds();
            line(e);
        }
    }

    static Outcome outcome(Done d, List<String> names) {
        return switch (d.state()) {
            case COMPLETE -> new Outcome.Complete(names.stream().map(n -> d.values().get(n)).toList());
            case PRUNED -> new Outcome.Pruned(d.steps());
            case FAILED, PAUSED -> new Outcome.Failed(d.message() == null ? "failed" : d.message());
        };
    }

    private void line(Ended e) {
        long now = System.nanoTime();
        if (total > 100 && now - lastLine < 2_000_000_000L && ended < total) {
            return;
        }
        lastLine = now;
        Done d = e.done();
        String what = d.state() == Done.State.COMPLETE ? (d.values().size() == 1 ? "value " + show(d.values().values().iterator().next())
                : show(d.values())) : d.message();
        err.printf(Locale.ROOT, "sparkhpo: [%d/%d] trial %d %s: %s in %.2f s on executor %s | %.1f s elapsed%n", ended,
                total, d.trial(), d.state(), what, d.seconds(), e.where() == null ? "-" : e.where().executor(),
                (now - start) / 1e9);
    }

    private static String show(Object v) {
        if (v instanceof Double x) {
            return String.format(Locale.ROOT, "%.4g", x);
        }
        if (v instanceof Map<?, ?> m) {
            StringBuilder b = new StringBuilder();
            m.forEach((k, x) -> b.append(b.length() == 0 ? "" : " ").append(k).append('=').append(show(x)));
            return b.toString();
        }
        return String.valueOf(v);
    }

    /** Writes what is pending and stops the thread ({@link #failure} says whether writing failed). */
    void finish() throws InterruptedException {
        synchronized (this) {
            closing = true;
            notifyAll();
        }
        thread.join();
    }
}
