package io.sparkhpo.driver.runtime;

import io.sparkhpo.search.storage.JournalLog;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.DistributedFileSystem;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The study journal on a Hadoop file system that creates files atomically (HDFS, viewfs over HDFS, a local or
 * mounted path): a folder of <em>segments</em>, {@code s-0000000001}, {@code s-0000000002}, ..., each created only
 * if its number is free and begun with its writer's claim. A writer claims the next number when it opens the
 * journal, and appends its records to that segment, one line each, synced ({@code hsync}) before {@link #append}
 * returns; it rolls to the next number every {@link #rollRecords} records or {@link #rollBytes} bytes, claiming it the
 * same way. So a study of a million records is some tens of files, not a million.
 *
 * <p>Fencing: on HDFS the new writer recovers the lease of the segment an older writer may still hold open (a YARN
 * attempt that lost its container, a second sweep started by mistake) before it reads it: the older writer's next
 * sync fails, and it stops with an error naming the writer that took over, never writing after it. A file system
 * without leases cannot take an open file from its writer, so there every record is a segment of its own (each
 * append claims a number, as the first layout did) and the numbers are the fence.
 *
 * <p>A record cut short by a crash is a segment's last bytes without their line end: never read. A record that the
 * journal drops after reading it ({@link #dropFrom}, a bad checksum on the last record) is voided by a
 * {@code drop} line in the new writer's segment, since a segment another writer wrote is never written again.
 * Journals of the first layout (one file per record, {@code r-0000000001}, ...) are read as they are, before the
 * segments; new records go to segments. Object stores, whose create is not atomic (s3a, gs, abfs, ...), are refused
 * ({@link #check}).
 */
public final class HadoopJournalLog implements JournalLog {

    /** Schemes whose create-if-absent is not atomic: a journal there could be written by two processes at once. */
    static final Set<String> OBJECT_STORES = Set.of("s3", "s3a", "s3n", "gs", "abfs", "abfss", "wasb", "wasbs", "oss",
            "cos", "cosn", "obs");

    private static final String LEGACY = "r-";
    private static final String SEGMENT = "s-";
    private static final String CLAIM = "\u0001claim\t";
    private static final String DROP = "\u0001drop\t";
    /** Records per segment before the writer rolls to the next ({@code -Dsparkhpo.journal.segment.records}). */
    static final int ROLL_RECORDS = Integer.getInteger("sparkhpo.journal.segment.records", 100_000);
    /** Bytes per segment before the writer rolls to the next ({@code -Dsparkhpo.journal.segment.bytes}). */
    static final long ROLL_BYTES = Long.getLong("sparkhpo.journal.segment.bytes", 64L << 20);

    private final Path dir;
    private final FileSystem fs;
    private final String writer;
    private final int rollRecords;
    private final long rollBytes;
    /** No leases: each record in a segment of its own, claimed by the append itself. */
    private final boolean oneRecordEach;
    private final boolean hsync;
    /** Where each record {@link #lines} returned stands: the segment's name and the line's index in it. */
    private final List<String> ids = new ArrayList<>();
    private long segment;
    private FSDataOutputStream out;
    private int segmentLines;
    private long segmentBytes;

    /**
     * Opens the journal folder (creating it) and claims it for this process.
     *
     * @throws IOException if it cannot be read, or another process claimed it at the same moment (named)
     */
    public HadoopJournalLog(String dir, Configuration conf) throws IOException {
        this(dir, conf, ROLL_RECORDS, ROLL_BYTES, null, true);
    }

    /**
     * @param oneRecordEach whether each record is a segment of its own; null: where the file system has no leases
     *                      (tests set it to read and roll segments on a local path, which cannot fence)
     * @param hsync         whether a record is synced to the DataNodes' disks ({@code hsync}) or only flushed to them
     *                      ({@code hflush}: it survives this process, not a power loss of every DataNode; benchmarks)
     */
    HadoopJournalLog(String dir, Configuration conf, int rollRecords, long rollBytes, Boolean oneRecordEach,
                     boolean hsync) throws IOException {
        this.dir = new Path(dir);
        check(this.dir);
        // a client of its own: on HDFS the lease on the segment is this writer's, not that of whoever shares the JVM
        this.fs = FileSystem.newInstance(this.dir.toUri(), conf);
        this.writer = writerName();
        boolean leases = fs instanceof DistributedFileSystem;
        this.rollRecords = rollRecords;
        this.rollBytes = rollBytes;
        this.oneRecordEach = oneRecordEach != null ? oneRecordEach : !leases;
        this.hsync = hsync;
        try {
            fs.mkdirs(this.dir);
            TreeMap<Long, Path> segments = list(SEGMENT);
            segment = segments.isEmpty() ? 1 : segments.lastKey() + 1;
            if (!claim(segment, null)) {
                throw new IOException(this.dir + ": the study journal was opened by " + holderOf(segment)
                        + " at the same moment; one sweep at a time may write a study");
            }
            if (leases) {
                fence((DistributedFileSystem) fs, segments);
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
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

    /**
     * The writer of the journal in {@code dir} while its segment is open (HDFS only: elsewhere a record's segment is
     * closed once written, so nothing shows).
     */
    static java.util.Optional<String> openSegment(String dir, Configuration conf) throws IOException {
        Path d = new Path(dir);
        FileSystem fs = d.getFileSystem(conf);
        if (!(fs instanceof DistributedFileSystem dfs) || !fs.exists(d)) {
            return java.util.Optional.empty();
        }
        TreeMap<Long, Path> segments = list(fs, d, SEGMENT);
        if (segments.isEmpty() || dfs.isFileClosed(segments.lastEntry().getValue())) {
            return java.util.Optional.empty();
        }
        Path last = segments.lastEntry().getValue();
        try (InputStream in = fs.open(last)) {
            return java.util.Optional.of("a sweep writes its journal: " + claimant(new String(in.readNBytes(512),
                    StandardCharsets.UTF_8)).orElse(last.getName()) + " holds " + last);
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

    /** The files the journal is made of now. */
    int files() throws IOException {
        return list(LEGACY).size() + list(SEGMENT).size();
    }

    @Override
    public List<String> lines() throws IOException {
        List<String> all = new ArrayList<>();
        List<String> where = new ArrayList<>();
        Set<String> dropped = new HashSet<>();
        for (Path p : list(LEGACY).values()) { // the first layout: the writer, a tab, the record
            String body = readOrEmpty(p);
            int tab = body.indexOf('\t');
            String line = tab < 0 ? body : body.substring(tab + 1);
            if (!line.equals("\u0001claim")) {
                all.add(line);
                where.add(p.getName());
            }
        }
        for (Path p : list(SEGMENT).values()) {
            String body = readOrEmpty(p);
            int start = 0;
            for (int i = 0, end; (end = body.indexOf('\n', start)) >= 0; i++, start = end + 1) {
                String line = body.substring(start, end);
                if (line.startsWith(DROP)) {
                    dropped.add(line.substring(DROP.length()));
                } else if (!line.startsWith(CLAIM)) {
                    all.add(line);
                    where.add(p.getName() + ":" + i);
                } // what follows the last line end was cut short by a crash: never a record
            }
        }
        List<String> lines = new ArrayList<>();
        ids.clear();
        for (int i = 0; i < all.size(); i++) {
            if (!dropped.contains(where.get(i))) {
                lines.add(all.get(i));
                ids.add(where.get(i));
            }
        }
        return lines;
    }

    @Override
    public void dropFrom(int first) throws IOException {
        while (ids.size() > first) {
            record(DROP + ids.remove(ids.size() - 1));
        }
    }

    @Override
    public void append(String line) throws IOException {
        record(line);
    }

    /** Writes one line and syncs it: in a segment of its own without leases, else in this writer's (rolled when full). */
    private void record(String line) throws IOException {
        if (oneRecordEach) {
            if (!claim(segment + 1, line)) {
                throw takenOver(segment + 1, null);
            }
            segment++;
            return;
        }
        if (segmentLines >= rollRecords || segmentBytes >= rollBytes) {
            roll();
        }
        write(line);
    }

    private IOException takenOver(long n, IOException cause) {
        return new IOException(dir + ": the study journal was taken over by " + holderOf(n)
                + "; this process stops writing to it", cause);
    }

    private void write(String line) throws IOException {
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            out.write(bytes);
            sync(out);
        } catch (IOException e) {
            long newer = list(SEGMENT).lastKey();
            throw newer > segment ? takenOver(newer, e) : e;
        }
        segmentLines++;
        segmentBytes += bytes.length;
    }

    /** Claims the next segment, then closes the full one. */
    private void roll() throws IOException {
        FSDataOutputStream full = out;
        if (!claim(segment + 1, null)) {
            throw takenOver(segment + 1, null);
        }
        segment++;
        full.close();
    }

    @Override
    public void close() throws IOException {
        try (FileSystem own = fs) {
            if (out != null) {
                out.close();
                out = null;
            }
        }
    }

    /**
     * Creates segment {@code n} with this writer's claim, if no one has: with {@code line} after it, closed (a record a
     * segment), or open for this writer's records ({@code line} null, with leases).
     */
    private boolean claim(long n, String line) throws IOException {
        FSDataOutputStream o;
        try {
            o = fs.create(path(n), false);
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            if (fs.exists(path(n)) && !readOrEmpty(path(n)).startsWith(CLAIM + writer)) {
                return false; // HDFS reports a lost race on create as a plain IOException (AlreadyBeingCreated)
            }
            throw e;
        }
        byte[] header = (CLAIM + writer + "\n" + (line == null ? "" : line + "\n")).getBytes(StandardCharsets.UTF_8);
        o.write(header);
        sync(o);
        if (oneRecordEach) {
            o.close();
            return true;
        }
        out = o;
        segmentLines = 0;
        segmentBytes = header.length;
        return true;
    }

    private void sync(FSDataOutputStream o) throws IOException {
        if (hsync) {
            o.hsync();
        } else {
            o.hflush();
        }
    }

    /**
     * Takes the segments before this writer's from whoever may still hold one open: HDFS recovers the lease, after
     * which that writer's syncs fail and the segment's length is final.
     */
    private void fence(DistributedFileSystem dfs, TreeMap<Long, Path> before) throws IOException {
        for (Path p : before.descendingMap().values()) {
            if (dfs.isFileClosed(p)) {
                break; // an older one was closed by whoever fenced its writer, or by the writer itself
            }
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (!dfs.recoverLease(p)) {
                if (System.nanoTime() > deadline) {
                    throw new IOException(p + ": its writer's lease was not recovered within 120 s; the study journal "
                            + "cannot be taken over safely (is HDFS healthy?)");
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted while taking over the study journal");
                }
            }
        }
    }

    private String holderOf(long n) {
        try {
            return claimant(readOrEmpty(path(n))).orElse("another process");
        } catch (IOException e) {
            return "another process";
        }
    }

    /** The writer named by a segment's first line, its claim. */
    private static java.util.Optional<String> claimant(String head) {
        if (!head.startsWith(CLAIM)) {
            return java.util.Optional.empty();
        }
        int end = head.indexOf('\n');
        return java.util.Optional.of(head.substring(CLAIM.length(), end < 0 ? head.length() : end));
    }

    private TreeMap<Long, Path> list(String prefix) throws IOException {
        return list(fs, dir, prefix);
    }

    private static TreeMap<Long, Path> list(FileSystem fs, Path dir, String prefix) throws IOException {
        TreeMap<Long, Path> found = new TreeMap<>();
        for (FileStatus s : fs.listStatus(dir)) {
            String n = s.getPath().getName();
            if (s.isFile() && n.startsWith(prefix)) {
                try {
                    found.put(Long.parseLong(n.substring(prefix.length())), s.getPath());
                } catch (NumberFormatException ignored) {
                    // not a record
                }
            }
        }
        return found;
    }

    private Path path(long n) {
        return new Path(dir, String.format("%s%010d", SEGMENT, n));
    }

    /** The file's text; empty when its checksum fails (torn if it is the last record, corruption otherwise). */
    private String readOrEmpty(Path p) throws IOException {
        try (InputStream in = fs.open(p)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (org.apache.hadoop.fs.ChecksumException e) {
            return "";
        }
    }

    private static String writerName() {
        String host = TaskResources.host();
        String pid = ManagementFactory.getRuntimeMXBean().getName().split("@")[0];
        return host + ":" + pid + ":" + UUID.randomUUID().toString().substring(0, 8);
    }
}
