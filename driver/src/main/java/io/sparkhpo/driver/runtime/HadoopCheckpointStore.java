package io.sparkhpo.driver.runtime;

import io.sparkhpo.driver.study.StudyLayout;
import io.sparkhpo.executors.train.CheckpointStore;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;

/**
 * A trial's checkpoint in the study folder through Hadoop's FileSystem API (local, HDFS, S3A): written under a
 * hidden temporary name and renamed over the old one in one step, so a reader finds the previous checkpoint or the
 * new one, never half a file. On a local (or NFS) folder that step is a POSIX {@code rename}; Hadoop's checksummed
 * local file system is bypassed there, because its {@code .crc} side file is renamed separately and a driver killed
 * between the two renames left a checkpoint that could never be read again. The checkpoint carries its own CRC-32
 * instead ({@code TrialCheckpoint}). On HDFS it is {@code FileContext.rename(OVERWRITE)}, atomic there.
 */
public final class HadoopCheckpointStore implements CheckpointStore {

    static final String FOLDER = StudyLayout.CHECKPOINTS;
    private static final String TMP_PREFIX = "_tmp-";

    private final Path path;
    private final Configuration conf;

    public HadoopCheckpointStore(String path, Configuration conf) {
        this.path = new Path(path);
        this.conf = conf;
    }

    /** Where trial {@code number}'s checkpoint lives in {@code studyDir}. */
    public static String pathFor(String studyDir, int number) {
        return new Path(studyDir, StudyLayout.checkpoint(number)).toString();
    }

    /**
     * Removes the checkpoints of trials that have ended (a driver killed after a trial's rows were written, before its
     * checkpoint went, leaves it behind); one listing of the folder.
     */
    public static void deleteEnded(String studyDir, java.util.Set<Integer> ended, Configuration conf) {
        Path folder = new Path(studyDir, StudyLayout.CHECKPOINTS);
        try {
            org.apache.hadoop.fs.FileSystem fs = folder.getFileSystem(conf);
            if (!fs.exists(folder)) {
                return;
            }
            for (org.apache.hadoop.fs.FileStatus f : fs.listStatus(folder)) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("trial-(\\d+)\\.ckpt").matcher(f.getPath().getName());
                if (m.matches() && ended.contains(Integer.parseInt(m.group(1)))) {
                    fs.delete(f.getPath(), false);
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("removing ended trials' checkpoints in " + folder + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<InputStream> read() throws IOException {
        FileSystem fs = files();
        return fs.exists(path) ? Optional.of(fs.open(path)) : Optional.empty();
    }

    @Override
    public void write(Body body) throws IOException {
        FileSystem fs = files();
        fs.mkdirs(path.getParent());
        Path tmp = new Path(path.getParent(), TMP_PREFIX + path.getName() + "-" + UUID.randomUUID());
        try (FSDataOutputStream out = fs.create(tmp, true)) {
            body.writeTo(out);
            out.hsync();
        }
        if (fs instanceof RawLocalFileSystem local) {
            Files.move(local.pathToFile(tmp).toPath(), local.pathToFile(path).toPath(), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } else {
            FileContext.getFileContext(path.toUri(), conf).rename(tmp, path, Options.Rename.OVERWRITE);
        }
    }

    /**
     * Copies the checkpoint at {@code source} to {@code target}, whole or not at all.
     *
     * @return false when there is no checkpoint at {@code source}
     */
    public static boolean copy(String source, String target, Configuration conf) throws IOException {
        Optional<InputStream> in = new HadoopCheckpointStore(source, conf).read();
        if (in.isEmpty()) {
            return false;
        }
        try (InputStream s = in.get()) {
            new HadoopCheckpointStore(target, conf).write(s::transferTo);
        }
        return true;
    }

    /** The file system without Hadoop's local checksum layer (one file per checkpoint, renamed in one step). */
    private FileSystem files() throws IOException {
        FileSystem fs = path.getFileSystem(conf);
        return fs instanceof LocalFileSystem local ? local.getRawFileSystem() : fs;
    }

    /** The epoch the checkpoint continues at, if there is a readable one. */
    public OptionalInt nextEpoch() {
        return io.sparkhpo.executors.train.TrialRunner.checkpointEpoch(this);
    }

    /** Removes the checkpoint and what a killed writer left beside it (temporary files, old {@code .crc} files). */
    public void delete() {
        try {
            FileSystem fs = path.getFileSystem(conf);
            fs.delete(path, false);
            FileStatus[] leftovers = fs.globStatus(new Path(path.getParent(), TMP_PREFIX + path.getName() + "-*"));
            for (FileStatus f : leftovers == null ? new FileStatus[0] : leftovers) {
                fs.delete(f.getPath(), false);
            }
        } catch (IOException ignored) {
            // a leftover checkpoint costs disk, nothing else
        }
    }
}
