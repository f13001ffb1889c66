package io.sparkhpo.driver.runtime;

import io.sparkhpo.driver.study.StudyLayout;
import io.sparkhpo.driver.study.UserError;
import io.sparkhpo.search.json.Json;
import io.sparkhpo.search.storage.JournalLog;
import io.sparkhpo.search.storage.LocalJournalLog;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a PBT sweep has done and decided, one JSON record per line, durable before the sweep acts on it: each time a
 * member reaches a boundary (its score there, the values in force, its reports since the last boundary) and each
 * decision at a boundary (carry on, or exploit a source with the explored values, journaled once the source's
 * checkpoint is in place). A resumed sweep replays it, so it makes the decisions the interrupted one made and records
 * each member's reports once. {@code pbt.log} beside the study's own journal on a local disk, {@code pbt-journal/}
 * (one object per record) elsewhere.
 */
public final class PbtJournal implements AutoCloseable {

    /**
     * A member reached the boundary {@code step}.
     *
     * @param value   the value it reported there, as reported
     * @param params  the explored values in force since its last boundary
     * @param reports its reports since its last boundary, as epoch rows
     */
    public record Boundary(int member, int step, double value, Map<String, Object> params,
                           List<Map<String, Object>> reports) {
    }

    /** A member's decision at the boundary {@code epoch}: {@code source} is itself when it carries on. */
    public record Decision(int generation, int epoch, int member, int source, double memberError, double sourceError,
                    Map<String, Object> before, Map<String, Object> after) {
        public boolean exploits() {
            return source != member;
        }
    }

    private final JournalLog log;
    private final List<Object> records = new ArrayList<>();

    private PbtJournal(JournalLog log) throws IOException {
        this.log = log;
        List<String> lines = log.lines();
        for (int i = 0; i < lines.size(); i++) {
            Map<String, Object> r;
            try {
                r = Json.read(lines.get(i));
            } catch (RuntimeException e) {
                if (i == lines.size() - 1) {
                    log.dropFrom(i); // torn by a crash while it was written: never acted on
                    break;
                }
                throw new UserError("the PBT journal " + log.name() + " is damaged at record " + (i + 1) + ": " + e.getMessage());
            }
            if ("segment".equals(r.get("type"))) {
                throw new UserError("the PBT journal " + log.name() + " was written by an earlier version of sparkhpo "
                        + "(its members ran as Spark jobs per segment): finish that sweep with that version, or start it "
                        + "anew with --overwrite");
            }
            records.add("boundary".equals(r.get("type")) ? boundary(r) : decision(r));
        }
    }

    public static PbtJournal open(String studyDir, Configuration conf) {
        try {
            URI uri = new Path(studyDir).toUri();
            boolean local = uri.getScheme() == null || uri.getScheme().equals("file");
            return new PbtJournal(local ? new LocalJournalLog(java.nio.file.Path.of(uri.getPath()).resolve(StudyLayout.PBT_JOURNAL), true)
                    : new HadoopJournalLog(new Path(studyDir, StudyLayout.PBT_JOURNAL_DIR).toString(), conf));
        } catch (IOException e) {
            throw new UserError("cannot open the PBT journal in " + studyDir + ": " + e.getMessage());
        }
    }

    /** Every {@link Boundary} and {@link Decision} so far, in the order they were made. */
    public List<Object> records() {
        return List.copyOf(records);
    }

    public synchronized void add(Boundary b) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("type", "boundary");
        r.put("member", b.member());
        r.put("step", b.step());
        r.put("value", b.value());
        r.put("params", b.params());
        r.put("reports", b.reports());
        append(r);
        records.add(b);
    }

    public synchronized void add(Decision d) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("type", "decision");
        r.put("generation", d.generation());
        r.put("epoch", d.epoch());
        r.put("member", d.member());
        r.put("source", d.source());
        r.put("member_error", d.memberError());
        r.put("source_error", d.sourceError());
        r.put("before", d.before());
        r.put("after", d.after());
        append(r);
        records.add(d);
    }

    private void append(Map<String, Object> r) {
        try {
            log.append(Json.write(r));
        } catch (IOException e) {
            throw new UncheckedIOException("writing the PBT journal " + log.name() + ": " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Boundary boundary(Map<String, Object> r) {
        List<Map<String, Object>> reports = new ArrayList<>();
        for (Object o : (List<Object>) r.get("reports")) {
            Map<String, Object> row = new LinkedHashMap<>((Map<String, Object>) o);
            for (String k : List.of("trial", "attempt", "step", "schema_version")) { // the table's int columns
                if (row.get(k) instanceof Number n) {
                    row.put(k, n.intValue());
                }
            }
            if (row.get("metrics") instanceof Map<?, ?> m) {
                Map<String, Double> metrics = new LinkedHashMap<>();
                m.forEach((k, v) -> metrics.put((String) k, d(v)));
                row.put("metrics", metrics);
            }
            reports.add(row);
        }
        return new Boundary(num(r.get("member")).intValue(), num(r.get("step")).intValue(), d(r.get("value")),
                (Map<String, Object>) r.get("params"), reports);
    }

    @SuppressWarnings("unchecked")
    private static Decision decision(Map<String, Object> r) {
        return new Decision(num(r.get("generation")).intValue(), num(r.get("epoch")).intValue(), num(r.get("member")).intValue(),
                num(r.get("source")).intValue(), d(r.get("member_error")), d(r.get("source_error")),
                (Map<String, Object>) r.get("before"), (Map<String, Object>) r.get("after"));
    }

    private static Number num(Object o) {
        return (Number) o;
    }

    private static double d(Object o) {
        return o == null ? Double.NaN : ((Number) o).doubleValue();
    }

    @Override
    public void close() throws IOException {
        log.close();
    }

    /** The exploits so far, as rows of the {@code pbt} table. */
    public List<Map<String, Object>> exploits(String study) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Object o : records()) {
            if (o instanceof PbtJournal.Decision d && d.exploits()) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("study", study);
                r.put("generation", d.generation());
                r.put("epoch", d.epoch());
                r.put("target", d.member());
                r.put("source", d.source());
                r.put("target_error", d.memberError());
                r.put("source_error", d.sourceError());
                r.put("before", Json.write(d.before()));
                r.put("after", Json.write(d.after()));
                rows.add(r);
            }
        }
        return rows;
    }
}
