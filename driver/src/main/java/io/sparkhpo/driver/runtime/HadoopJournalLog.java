package io.sparkhpo.driver.runtime;

import io.sparkhpo.search.storage.JournalLog;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The study journal on any Hadoop file system that creates files atomically (HDFS, viewfs, a local or mounted
 * path): a folder of immutable records, {@code r-0000000001}, {@code r-0000000002}, ..., each written whole and
 * synced ({@code hsync}) before {@link #append} returns, and created only if its number is free. That makes the
 * numbers a fence: a writer that opens the journal claims the next number, so an older writer still running (a
 * YARN attempt that lost its container, a second sweep started by mistake) fails at its next record with an error
 * naming the one that took over, and never writes after it. Object stores whose create is not atomic (s3a, gs,
 * abfs, ...) are refused ({@link #check}).
 *
 * <p>A record file holds its writer's name, a tab, and the record. A record cut short by a crash is a last record
 * that does not decode; the journal drops it ({@link #dropFrom}).
 */
public final class HadoopJournalLog implements JournalLog {

    /** Schemes whose create-if-absent is not atomic: a journal there could be written by two processes at once. */
    static final Set<String> OBJECT_STORES = Set.of("s3", "s3a", "s3n", "gs", "abfs", "abfss", "wasb", "wasbs", "oss",
            "cos", "cosn", "obs");

    private static final String PREFIX = "r-";
    private static final String CLAIM = "\u0001claim";

    private final Path dir;
    private final FileSystem fs;
    private final String writer;
    private final List<Path> records = new ArrayList<>();
    private long next;

    /**
     * Opens the journal folder (creating it) and claims it for this process.
     *
     * @throws IOException if it cannot be read, or another process claimed it at the same moment (named)
     */
    public HadoopJournalLog(String dir, Configuration conf) throws IOException {
        this.dir = new Path(dir);
        this.fs = this.dir.getFileSystem(conf);
        check(this.dir);
        this.writer = writerName();
        fs.mkdirs(this.dir);
        TreeMap<Long, Path> all = list();
        long claimAt = all.isEmpty() ? 1 : all.lastKey() + 1;
        if (!create(claimAt, CLAIM)) {
            throw new IOException(this.dir + ": the study journal was opened by " + holderOf(claimAt)
                    + " at the same moment; one sweep at a time may write a study");
        }
        next = claimAt + 1;
        for (Path p : all.values()) {
            records.add(p);
        }
    }

    /** @throws IOException naming what to use instead when {@code dir}'s file system cannot hold a journal */
    static void check(Path dir) throws IOException {
        String scheme = dir.toUri().getScheme();
        if (scheme != null && OBJECT_STORES.contains(scheme.toLowerCase(Locale.ROOT))) {
            throw new IOException("the study journal cannot live on " + scheme + "://: an object store does not create "
                    + "files atomically, so two processes could both write it; put study.output on HDFS or a local or "
                    + "mounted path (the tables and checkpoints may still go to " + scheme + ":// with a later copy)");
        }
    }

    @Override
    public String name() {
        return dir.toString();
    }

    /** Who writes through this log: host, process id and a random tag. */
    public String writer() {
        return writer;
    }

    @Override
    public List<String> lines() throws IOException {
        List<String> lines = new ArrayList<>();
        List<Path> kept = new ArrayList<>();
        for (Path p : records) {
            String body;
            try {
                body = read(p);
            } catch (org.apache.hadoop.fs.ChecksumException e) {
                body = ""; // unreadable: torn if it is the last record, corruption otherwise (the journal decides)
            }
            int tab = body.indexOf('\t');
            String line = tab < 0 ? body : body.substring(tab + 1);
            if (line.equals(CLAIM)) {
                continue;
            }
            lines.add(line);
            kept.add(p);
        }
        records.clear();
        records.addAll(kept);
        return lines;
    }

    @Override
    public void dropFrom(int first) throws IOException {
        while (records.size() > first) {
            fs.delete(records.remove(records.size() - 1), false);
        }
    }

    @Override
    public void append(String line) throws IOException {
        if (!create(next, line)) {
            throw new IOException(dir + ": the study journal was taken over by " + holderOf(next)
                    + "; this process stops writing to it");
        }
        records.add(path(next));
        next++;
    }

    @Override
    public void close() {
        // nothing held: the next writer claims the next number
    }

    private boolean create(long n, String line) throws IOException {
        try (FSDataOutputStream out = fs.create(path(n), false)) {
            out.write((writer + "\t" + line).getBytes(StandardCharsets.UTF_8));
            out.hsync();
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            if (fs.exists(path(n)) && !read(path(n)).startsWith(writer + "\t")) {
                return false; // HDFS reports a lost race on create as a plain IOException (AlreadyBeingCreated)
            }
            throw e;
        }
    }

    private String holderOf(long n) {
        try {
            String body = read(path(n));
            int tab = body.indexOf('\t');
            return tab < 0 ? "another process" : body.substring(0, tab);
        } catch (IOException e) {
            return "another process";
        }
    }

    private TreeMap<Long, Path> list() throws IOException {
        TreeMap<Long, Path> out = new TreeMap<>();
        for (FileStatus s : fs.listStatus(dir)) {
            String n = s.getPath().getName();
            if (s.isFile() && n.startsWith(PREFIX)) {
                try {
                    out.put(Long.parseLong(n.substring(PREFIX.length())), s.getPath());
                } catch (NumberFormatException ignored) {
                    // not a record
                }
            }
        }
        return out;
    }

    private Path path(long n) {
        return new Path(dir, String.format("%s%010d", PREFIX, n));
    }

    private String read(Path p) throws IOException {
        try (InputStream in = fs.open(p)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String writerName() {
        String host = TaskResources.host();
        String pid = ManagementFactory.getRuntimeMXBean().getName().split("@")[0];
        return host + ":" + pid + ":" + UUID.randomUUID().toString().substring(0, 8);
    }
}
