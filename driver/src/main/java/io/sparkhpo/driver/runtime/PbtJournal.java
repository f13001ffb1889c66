package io.sparkhpo.driver.runtime;

import io.sparkhpo.driver.study.StudyLayout;
import io.sparkhpo.driver.study.UserError;
import io.sparkhpo.executors.train.EpochMetrics;
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
 * What a PBT sweep has done and decided, one JSON record per line, durable before the sweep acts on it: each
 * member's finished segments (its epochs' metrics, the parameters in force, where it ran) and each decision at a
 * boundary (carry on, or exploit a source with the explored values). A resumed sweep replays it, so it makes the
 * decisions the interrupted one made and trains each member's epochs once. {@code pbt.log} beside the study's own
 * journal on a local disk, {@code pbt-journal/} (one object per record) elsewhere.
 */
public final class PbtJournal implements AutoCloseable {

    /** A finished segment of a member: epochs {@code [from, to)}. */
    public record Segment(int member, int from, int to, String state, String message, double seconds, long parameters,
                   String executor, String host, String gpu, Map<String, Object> params, List<EpochMetrics> epochs) {
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
            records.add("segment".equals(r.get("type")) ? segment(r) : decision(r));
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

    /** Every {@link Segment} and {@link Decision} so far, in the order they were made. */
    public List<Object> records() {
        return List.copyOf(records);
    }

    public synchronized void add(Segment s) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("type", "segment");
        r.put("member", s.member());
        r.put("from", s.from());
        r.put("to", s.to());
        r.put("state", s.state());
        r.put("message", s.message());
        r.put("seconds", s.seconds());
        r.put("parameters", s.parameters());
        r.put("executor", s.executor());
        r.put("host", s.host());
        r.put("gpu", s.gpu());
        r.put("params", s.params());
        List<Object> epochs = new ArrayList<>();
        for (EpochMetrics m : s.epochs()) {
            epochs.add(List.of(m.epoch(), m.lr(), m.weightDecay(), m.trainLoss(), m.trainError(), m.testLoss(), m.testError(),
                    m.gradNormMean(), m.gradNormMax(), m.seconds()));
        }
        r.put("epochs", epochs);
        append(r);
        records.add(s);
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
    private static Segment segment(Map<String, Object> r) {
        List<EpochMetrics> epochs = new ArrayList<>();
        for (Object o : (List<Object>) r.get("epochs")) {
            List<Object> v = (List<Object>) o;
            epochs.add(new EpochMetrics(num(v.get(0)).intValue(), d(v.get(1)), d(v.get(2)), d(v.get(3)), d(v.get(4)),
                    d(v.get(5)), d(v.get(6)), d(v.get(7)), d(v.get(8)), d(v.get(9))));
        }
        return new Segment(num(r.get("member")).intValue(), num(r.get("from")).intValue(), num(r.get("to")).intValue(),
                (String) r.get("state"), (String) r.get("message"), d(r.get("seconds")), num(r.get("parameters")).longValue(),
                (String) r.get("executor"), (String) r.get("host"), (String) r.get("gpu"),
                (Map<String, Object>) r.get("params"), epochs);
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
