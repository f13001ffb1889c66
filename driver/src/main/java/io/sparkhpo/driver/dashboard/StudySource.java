package io.sparkhpo.driver.dashboard;

import io.sparkhpo.driver.study.StudyLayout;
import io.sparkhpo.driver.tables.EpochRecord;
import io.sparkhpo.driver.tables.TrialRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * One served study: its folder's tables, re-read at most every {@link #MIN_REFRESH_MS} and only where they changed,
 * as an immutable {@link Snapshot} that the views aggregate: the rows {@link TableReader} gives as maps become
 * {@link TrialRecord}s and {@link EpochRecord}s here, once per change. Read-only: nothing here writes to the folder.
 */
final class StudySource {

    static final long MIN_REFRESH_MS = 500;

    /**
     * What the dashboard shows of a study at one moment.
     *
     * @param trials       the study's own trials, by trial number (warm-start rows left out)
     * @param warmStart    how many rows {@code search.warm_start} copied in
     * @param epochs       each trial's epochs rows, by epoch (a user objective's reports by attempt, then step)
     * @param running      trials in flight now (a live sweep's; empty when only the folder is served)
     * @param planned      {@code search.trials} (a PBT study's population) of the config copy, when readable
     * @param version      grows whenever the tables changed
     * @param problems     what could not be read, one line each (shown in the page)
     * @param exploits     a PBT study's {@code pbt} table's rows; null for other studies
     */
    record Snapshot(String id, String name, String dir, List<TrialRecord> trials, int warmStart,
                    Map<Integer, List<EpochRecord>> epochs, List<Map<String, Object>> running,
                    OptionalInt planned, long version, List<String> problems, List<Map<String, Object>> exploits) {
    }

    private final String id;
    private final String dir;
    private final Configuration conf;
    private final TableReader trials;
    private final TableReader epochs;
    private final TableReader pbt;
    private final Supplier<List<Map<String, Object>>> running;
    private long lastRefresh = Long.MIN_VALUE;
    private long version;
    private Snapshot snapshot;

    StudySource(String id, String dir, Configuration conf, Supplier<List<Map<String, Object>>> running) {
        this.id = id;
        this.dir = dir;
        this.conf = conf;
        this.trials = new TableReader(new Path(dir, StudyLayout.TRIALS), conf);
        this.epochs = new TableReader(new Path(dir, StudyLayout.EPOCHS), conf);
        this.pbt = new TableReader(new Path(dir, StudyLayout.PBT), conf);
        this.running = running;
    }

    String id() {
        return id;
    }

    String dir() {
        return dir;
    }

    /** The study now: the tables re-read if the last look is older than {@link #MIN_REFRESH_MS}. */
    synchronized Snapshot snapshot() {
        long now = System.currentTimeMillis();
        if (snapshot != null && now - lastRefresh < MIN_REFRESH_MS) {
            return withRunning(snapshot);
        }
        lastRefresh = now;
        List<String> problems = new ArrayList<>();
        boolean changed = snapshot == null;
        try {
            changed |= trials.refresh();
            changed |= epochs.refresh();
            changed |= pbt.refresh();
        } catch (IOException | RuntimeException e) {
            problems.add("cannot read " + dir + ": " + e.getMessage());
        }
        problems.addAll(trials.problems());
        problems.addAll(epochs.problems());
        problems.addAll(pbt.problems());
        if (changed || !problems.equals(snapshot.problems())) {
            version++;
            snapshot = build(problems);
        }
        return withRunning(snapshot);
    }

    private Snapshot withRunning(Snapshot s) {
        List<Map<String, Object>> now = running.get();
        return now.isEmpty() && s.running().isEmpty() ? s : new Snapshot(s.id(), s.name(), s.dir(), s.trials(), s.warmStart(),
                s.epochs(), now, s.planned(), s.version(), s.problems(), s.exploits());
    }

    private Snapshot build(List<String> problems) {
        List<TrialRecord> own = new ArrayList<>();
        int warm = 0;
        for (Map<String, Object> row : trials.rows()) {
            TrialRecord r = TrialRecord.of(row);
            if (r.isWarmStart()) {
                warm++;
            } else if (r.get("trial") instanceof Integer) {
                own.add(r);
            }
        }
        own.sort(Comparator.comparingInt(TrialRecord::number));
        Map<Integer, List<EpochRecord>> byTrial = new TreeMap<>();
        for (Map<String, Object> row : epochs.rows()) {
            if (row.get("trial") instanceof Integer t) {
                byTrial.computeIfAbsent(t, k -> new ArrayList<>()).add(EpochRecord.of(row));
            }
        }
        // the built-in network's epochs by epoch; a user objective's reports by attempt, then step
        byTrial.values().forEach(l -> l.sort(Comparator.comparingInt((EpochRecord e) -> e.epoch() != null ? e.epoch()
                : e.has("attempt") ? e.attempt() : 0).thenComparingInt(e -> e.step() != null ? e.step() : 0)));
        byTrial.replaceAll((t, l) -> List.copyOf(l));
        String name = own.isEmpty() ? new Path(dir).getName() : own.get(0).study();
        if (own.isEmpty() && problems.isEmpty()) {
            problems = List.of("no trials yet in " + dir + "/" + StudyLayout.TRIALS);
        }
        java.util.Optional<com.typesafe.config.Config> config = config(); // read once per change of the tables
        List<Map<String, Object>> exploits = pbt.rows();
        boolean isPbt = !exploits.isEmpty() || config.map(StudySource::isPbt).orElse(false);
        return new Snapshot(id, name, dir, List.copyOf(own), warm, byTrial, List.of(), config.map(StudySource::planned)
                .orElse(OptionalInt.empty()), version, List.copyOf(problems), isPbt ? List.copyOf(exploits) : null);
    }

    /** {@code search.trials} of a study's config (a PBT study's population), if it says. */
    private static OptionalInt planned(com.typesafe.config.Config c) {
        return c.hasPath("search.trials") ? OptionalInt.of(c.getInt("search.trials"))
                : c.hasPath("search.pbt.population") ? OptionalInt.of(c.getInt("search.pbt.population")) : OptionalInt.empty();
    }

    /** Whether a study's config says {@code search.strategy = pbt}. */
    private static boolean isPbt(com.typesafe.config.Config c) {
        return c.hasPath("search.strategy") && "pbt".equals(c.getString("search.strategy"));
    }

    /** The study's config copy, parsed; empty when it has none or it cannot be read (a nicety: the tables are shown). */
    private java.util.Optional<com.typesafe.config.Config> config() {
        Path copy = new Path(dir, StudyLayout.CONFIG_COPY);
        try {
            FileSystem fs = copy.getFileSystem(conf);
            if (!fs.exists(copy)) {
                return java.util.Optional.empty();
            }
            try (FSDataInputStream in = fs.open(copy)) {
                return java.util.Optional.of(com.typesafe.config.ConfigFactory.parseString(
                        new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            }
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty(); // a nicety: the tables are what is shown
        }
    }
}
