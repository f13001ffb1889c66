package io.sparkhpo.driver.objective;

import io.sparkhpo.driver.runner.Done;
import io.sparkhpo.driver.runner.Placement;
import io.sparkhpo.driver.runner.Work;
import io.sparkhpo.driver.tables.ParquetTableWriter;
import io.sparkhpo.driver.tables.TableSchema;
import io.sparkhpo.search.study.Study;

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
public final class Recorder {

    /** A batch is written when it holds this many trials, or every {@link #FLUSH_MILLIS}. */
    private static final int BATCH = 500;
    private static final long FLUSH_MILLIS = 250;

    private final List<EndedTrial> pending = new ArrayList<>();
    private final List<Map<String, Object>> rows = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, List<Map<String, Object>>> parts = new java.util.LinkedHashMap<>();
    private final Study study;
    private final ParquetTableWriter writer;
    private final TrialRows tables;
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
    private volatile java.util.function.IntConsumer recorded = n -> { };
    private volatile RuntimeException failure;

    /** What the rows say about the study besides each trial's own values. */
    public record StudyInfo(String name, String objectiveClass, List<String> objectiveNames, String objectives,
                     String codeVersion) {
    }

    Recorder(Study study, ParquetTableWriter writer, TableSchema trials, StudyInfo info, int total, PrintStream err) {
        this(study, writer, new ObjectiveRows(trials, info), total, err);
    }

    /**
     * @param total the trials this run will end (for the progress lines)
     */
    public Recorder(Study study, ParquetTableWriter writer, TrialRows tables, int total, PrintStream err) {
        this.study = study;
        this.writer = writer;
        this.tables = tables;
        this.total = total;
        this.err = err;
        this.thread = new Thread(this::loop, "sparkhpo-recorder");
        thread.setDaemon(true);
        thread.start();
    }

    void started(Work w) {
        if (total <= 100) {
            err.printf(Locale.ROOT, "sparkhpo: trial %d started: %s%n", w.trial(), tables.describe(w));
        }
    }

    /**
     * Called with each trial's number once its rows are written and the study told: its checkpoint goes then, whatever
     * ended it (its runner removes it too; a trial that ended without one, or after its runner was lost, has only this).
     */
    public void afterRecorded(java.util.function.IntConsumer recorded) {
        this.recorded = recorded;
    }

    /** A report of a running trial: printed when the rows have a line for it (the built-in training's epochs). */
    void reported(Work w, int step, double value, Map<String, Double> metrics, String executor) {
        String line = tables.reportLine(w.trial(), step, value, metrics);
        if (line != null) {
            err.printf(Locale.ROOT, "sparkhpo: trial %d RUNNING on executor %s: %s | %.1f s elapsed%n", w.trial(),
                    executor == null ? "-" : executor, line, (System.nanoTime() - start) / 1e9);
        }
    }

    /** The sweep stops starting trials: {@code reason}, with {@code inFlight} still running. */
    void stopping(String reason, int inFlight) {
        err.printf(Locale.ROOT, "sparkhpo: stopping the sweep: %s; no further trial starts (%d still running)%n", reason,
                inFlight);
    }

    void retrying(Work w, Placement where, String why) {
        err.printf(Locale.ROOT, "sparkhpo: trial %d (attempt %d) on executor %s: %s; running it again (attempt %d, "
                + "from its checkpoint if it saved one)%n", w.trial(), w.attempt() + 1, where == null ? "-" : where.executor(),
                why, w.attempt() + 2);
    }

    synchronized void ended(EndedTrial t) {
        if (failure != null) {
            throw failure;
        }
        pending.add(t);
        if (pending.size() >= BATCH) {
            notifyAll();
        }
    }

    /** Every row written so far (this run's), in finishing order. */
    public List<Map<String, Object>> rows() {
        synchronized (rows) {
            return List.copyOf(rows);
        }
    }

    /** The trials parts this run wrote, by tag, to rewrite with Pareto ranks. */
    Map<String, List<Map<String, Object>>> parts() {
        return parts;
    }

    /** Why writing the tables failed, if it did (the sweep then stops). */
    public java.util.Optional<RuntimeException> failure() {
        return java.util.Optional.ofNullable(failure);
    }

    /** Seconds spent inside objectives, summed over ended trials. */
    public double trialSeconds() {
        return trialSeconds;
    }

    private void loop() {
        try {
            while (true) {
                List<EndedTrial> batch;
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

    private void write(List<EndedTrial> batch) {
        if (tables.partPerTrial() && batch.size() > 1) {
            batch.forEach(e -> write(List.of(e)));
            return;
        }
        List<Map<String, Object>> epochRows = new ArrayList<>();
        List<Map<String, Object>> trialRows = new ArrayList<>();
        for (EndedTrial e : batch) {
            epochRows.addAll(tables.epochRows(e));
            trialRows.add(tables.trialRow(e));
        }
        String tag = tables.partPerTrial() ? io.sparkhpo.driver.tables.StudyTables.tag(batch.get(0).work().trial())
                : String.format(Locale.ROOT, "%s-%05d", run, seq++);
        if (!epochRows.isEmpty()) {
            writer.append(tables.epochsTable(), tag, epochRows);
        }
        writer.append(tables.trialsTable(), tag, trialRows); // last: these trials are done
        parts.put(tag, trialRows);
        for (int i = 0; i < batch.size(); i++) {
            EndedTrial e = batch.get(i);
            Map<String, Object> row = trialRows.get(i);
            study.tell(e.work().trial(), tables.outcome(e, row));
            recorded.accept(e.work().trial());
            rows.add(row);
            ended++;
            trialSeconds += e.done().seconds();
            line(e, row);
        }
    }

    private void line(EndedTrial e, Map<String, Object> row) {
        long now = System.nanoTime();
        if (total > 100 && now - lastLine < 2_000_000_000L && ended < total) {
            return;
        }
        lastLine = now;
        Done d = e.done();
        err.printf(Locale.ROOT, "sparkhpo: [%d/%d] trial %d %s: %s in %.2f s on executor %s | %.1f s elapsed%n", ended,
                total, d.trial(), row.getOrDefault("state", d.state()), tables.summary(e, row), d.seconds(),
                e.where() == null ? "-" : e.where().executor(), (now - start) / 1e9);
    }

    private static String show(Object v) {
        return ObjectiveRows.show(v);
    }

    /** Writes what is pending and stops the thread ({@link #failure} says whether writing failed). */
    public void finish() throws InterruptedException {
        synchronized (this) {
            closing = true;
            notifyAll();
        }
        thread.join();
    }
}
