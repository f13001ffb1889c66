package io.sparkhpo.driver.sweep;

import io.sparkhpo.executors.train.CheckpointStore;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;

/**
 * A trial's checkpoint in the study folder through Hadoop's FileSystem API (local, HDFS, S3A): written under a
 * hidden temporary name and renamed over the old one in one step ({@code Rename.OVERWRITE}, atomic on local file
 * systems and HDFS), so a reader finds the previous checkpoint or the new one, never half a file.
 */
final class HadoopCheckpointStore implements CheckpointStore {

    static final String FOLDER = "checkpoints";

    private final Path path;
    private final Configuration conf;

    HadoopCheckpointStore(String path, Configuration conf) {
        this.path = new Path(path);
        this.conf = conf;
    }

    /** Where trial {@code number}'s checkpoint lives in {@code studyDir}. */
    static String pathFor(String studyDir, int number) {
        return new Path(new Path(studyDir, FOLDER), String.format("trial-%05d.ckpt", number)).toString();
    }

    @Override
    public Optional<InputStream> read() throws IOException {
        FileSystem fs = path.getFileSystem(conf);
        return fs.exists(path) ? Optional.of(fs.open(path)) : Optional.empty();
    }

    @Override
    public void write(Body body) throws IOException {
        FileSystem fs = path.getFileSystem(conf);
        fs.mkdirs(path.getParent());
        Path tmp = new Path(path.getParent(), "_tmp-" + path.getName() + "-" + UUID.randomUUID());
        try (FSDataOutputStream out = fs.create(tmp, true)) {
            body.writeTo(out);
            out.hsync();
        }
        FileContext.getFileContext(path.toUri(), conf).rename(tmp, path, Options.Rename.OVERWRITE);
    }

    /** The epoch the checkpoint continues at, if there is a readable one. */
    OptionalInt nextEpoch() {
        return io.sparkhpo.executors.train.TrialRunner.checkpointEpoch(this);
    }

    void delete() {
        try {
            path.getFileSystem(conf).delete(path, false);
        } catch (IOException ignored) {
            // a leftover checkpoint costs disk, nothing else
        }
    }
}
