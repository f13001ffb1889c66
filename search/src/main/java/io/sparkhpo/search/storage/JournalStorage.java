package io.sparkhpo.search.storage;

import io.sparkhpo.search.json.Json;
import io.sparkhpo.search.trial.Outcome;
import io.sparkhpo.search.trial.Trial;
import io.sparkhpo.search.trial.TrialSnapshot;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.zip.CRC32;

/**
 * A crash-safe {@link Storage}: an append-only journal of checksummed JSON records in a {@link JournalLog} (one local
 * file by default, {@link LocalJournalLog}), each made durable before a change is visible. Opening replays the log,
 * so a study resumes after its process died.
 *
 * <p>Records: {@code add}, {@code report}, {@code finish}, {@code enqueue}, {@code retry}. A last record cut short
 * by a crash (no line end, or a bad checksum on the last record) is dropped and the log cut back to the last whole
 * record; a bad record anywhere else is corruption and opening fails, naming the log and record.
 *
 * <p>Trials still RUNNING when the journal is opened belong to a process that died (one process at a time writes
 * the log). {@link Orphans#FAIL} records them as FAILED; {@link Orphans#RETRY} keeps them RUNNING and hands them out
 * again, same number and parameters, through {@link #takeOrphan()}, so the study goes on as if never interrupted.
 */
public final class JournalStorage implements Storage, Closeable {

    /** What to do with trials a dead process left RUNNING. */
    public enum Orphans { FAIL, RETRY }

    static final int VERSION = 1;

    private final JournalLog log;
    private final StudyState state;
    private boolean empty;

    private JournalStorage(JournalLog log) {
        this.log = log;
        this.state = new StudyState("JournalStorage(" + log.name() + ")");
    }

    /** Opens (or creates) the journal at {@code file}, forcing every record to disk. */
    public static JournalStorage open(Path file, Orphans orphans) throws IOException {
        return open(file, orphans, true);
    }

    /**
     * @param sync whether each record is forced to disk before the call returns (off only for tests and benchmarks)
     * @throws IOException if the file cannot be read or written, is corrupt, or another process holds it
     */
    public static JournalStorage open(Path file, Orphans orphans, boolean sync) throws IOException {
        return open(new LocalJournalLog(file, sync), orphans);
    }

    /**
     * Replays {@code log} (which it then owns: closing the storage closes it) and recovers the trials a dead process
     * left running.
     *
     * @throws IOException if the log cannot be read or is corrupt
     */
    public static JournalStorage open(JournalLog log, Orphans orphans) throws IOException {
        JournalStorage j = new JournalStorage(log);
        try {
            j.replay();
            j.recover(orphans);
        } catch (IOException | RuntimeException e) {
            j.close();
            throw e;
        }
        return j;
    }

    /** Where the journal is. */
    public String name() {
        return log.name();
    }

    private void replay() throws IOException {
        List<String> lines = log.lines();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            boolean last = i == lines.size() - 1;
            Map<String, Object> record;
            try {
                record = decode(line);
            } catch (IllegalArgumentException e) {
                if (last) { // a record cut short by a crash: drop it
                    log.dropFrom(i);
                    lines = lines.subList(0, i);
                    break;
                }
                throw new IOException(log.name() + ":" + (i + 1) + ": corrupt journal record (" + e.getMessage() + "): "
                        + abbreviate(line));
            }
            try {
                apply(record);
            } catch (RuntimeException e) {
                throw new IOException(log.name() + ":" + (i + 1) + ": journal record does not apply (" + e.getMessage()
                        + "): " + abbreviate(line));
            }
        }
        empty = lines.isEmpty();
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    private void recover(Orphans policy) throws IOException {
        for (TrialSnapshot t : state.trials()) {
            if (t.state().isFinished()) {
                continue;
            }
            if (policy == Orphans.FAIL) {
                finish(t.number(), new Outcome.Failed("the process running it died; recovered from " + log.name()));
            } else {
                state.orphans.add(t.number());
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void apply(Map<String, Object> r) {
        String op = (String) r.get("op");
        if (op == null) {
            throw new IllegalArgumentException("no op");
        }
        switch (op) {
            case "journal" -> {
                Object v = r.get("version");
                if (!(v instanceof Long l) || l != VERSION) {
                    throw new IllegalArgumentException("journal format version " + v + ", this library reads " + VERSION);
                }
            }
            case "add" -> state.add(new Trial(number(r), (Map<String, Object>) r.get("params")), Boolean.TRUE.equals(r.get("queued")));
            case "report" -> state.report(number(r), Math.toIntExact((Long) r.get("step")), ((Number) r.get("value")).doubleValue());
            case "finish" -> state.finish(number(r), outcome(r));
            case "enqueue" -> state.enqueue((Map<String, Object>) r.get("params"));
            case "retry" -> state.retry(number(r));
            default -> throw new IllegalArgumentException("unknown op '" + op + "'");
        }
    }

    private static int number(Map<String, Object> r) {
        return Math.toIntExact((Long) r.get("n"));
    }

    private static Outcome outcome(Map<String, Object> r) {
        return switch ((String) r.get("state")) {
            case "COMPLETE" -> r.get("values") instanceof List<?> vs
                    ? new Outcome.Complete(vs.stream().map(v -> ((Number) v).doubleValue()).toList())
                    : new Outcome.Complete(((Number) r.get("value")).doubleValue());
            case "PRUNED" -> new Outcome.Pruned(Math.toIntExact((Long) r.get("step")));
            case "FAILED" -> new Outcome.Failed((String) r.get("reason"));
            default -> throw new IllegalArgumentException("unknown state " + r.get("state"));
        };
    }

    static String encode(Map<String, Object> record) {
        String json = Json.write(record);
        CRC32 crc = new CRC32();
        crc.update(json.getBytes(StandardCharsets.UTF_8));
        return String.format("%08x %s", crc.getValue(), json);
    }

    static Map<String, Object> decode(String line) {
        if (line.length() < 10 || line.charAt(8) != ' ') {
            throw new IllegalArgumentException("no checksum");
        }
        String json = line.substring(9);
        CRC32 crc = new CRC32();
        crc.update(json.getBytes(StandardCharsets.UTF_8));
        if (!String.format("%08x", crc.getValue()).equals(line.substring(0, 8))) {
            throw new IllegalArgumentException("checksum mismatch");
        }
        return Json.read(json);
    }

    /** Applies the record to the state (which checks it), then writes it; a record that does not apply is never written. */
    private void log(Map<String, Object> record) {
        try {
            if (empty) {
                log.append(encode(Map.of("op", "journal", "version", (long) VERSION)));
                empty = false;
            }
            log.append(encode(record));
        } catch (IOException e) {
            throw new UncheckedIOException(log.name() + ": cannot append to the study journal: " + e.getMessage(), e);
        }
    }

    private static Map<String, Object> record(String op, Object... kv) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("op", op);
        for (int i = 0; i < kv.length; i += 2) {
            r.put((String) kv[i], kv[i + 1]);
        }
        return r;
    }

    @Override
    public synchronized void add(Trial trial, boolean fromQueue) {
        state.add(trial, fromQueue);
        log(record("add", "n", (long) trial.number(), "params", trial.params(), "queued", fromQueue));
    }

    @Override
    public synchronized TrialSnapshot report(int number, int step, double value) {
        TrialSnapshot t = state.report(number, step, value);
        log(record("report", "n", (long) number, "step", (long) step, "value", value));
        return t;
    }

    @Override
    public synchronized TrialSnapshot finish(int number, Outcome outcome) {
        TrialSnapshot t = state.finish(number, outcome);
        Map<String, Object> r = record("finish", "n", (long) number, "state", outcome.state().name());
        if (outcome instanceof Outcome.Complete c) {
            r.put("value", c.value());
            if (c.values().size() > 1) {
                r.put("values", c.values()); // a multi-objective study's; readers of one value see the first
            }
        } else if (outcome instanceof Outcome.Pruned p) {
            r.put("step", (long) p.step());
        } else {
            r.put("reason", ((Outcome.Failed) outcome).reason());
        }
        log(r);
        return t;
    }

    @Override
    public synchronized List<TrialSnapshot> trials() {
        return state.trials();
    }

    @Override
    public synchronized void enqueue(Map<String, Object> params) {
        state.enqueue(params);
        log(record("enqueue", "params", params));
    }

    @Override
    public synchronized List<Map<String, Object>> queued() {
        return state.queued();
    }

    @Override
    public synchronized OptionalInt takeOrphan() {
        Integer n = state.orphans.peekFirst();
        if (n == null) {
            return OptionalInt.empty();
        }
        state.retry(n);
        log(record("retry", "n", (long) n));
        return OptionalInt.of(n);
    }

    /** Closes the log (releasing its lock); the storage cannot be used afterwards. */
    @Override
    public synchronized void close() throws IOException {
        log.close();
    }
}
