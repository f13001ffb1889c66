package io.sparkhpo.driver.sweep;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;

/** The study folder: refuses to mix a new sweep's rows into an old one's tables unless told to replace them. */
final class StudyOutput {

    static final String CONFIG_COPY = "sweep.conf";
    private static final List<String> OWNED = List.of("trials", "epochs", CONFIG_COPY);

    private StudyOutput() {
    }

    /**
     * @throws SweepError if the folder already holds tables and {@code overwrite} is false
     */
    static void prepare(String studyDir, boolean overwrite, Configuration conf) {
        try {
            Path dir = new Path(studyDir);
            FileSystem fs = dir.getFileSystem(conf);
            List<Path> existing = OWNED.stream().map(n -> new Path(dir, n)).filter(p -> exists(fs, p)).toList();
            if (!existing.isEmpty() && !overwrite) {
                throw new SweepError("study folder " + studyDir + " already holds " + existing.stream()
                        .map(Path::getName).toList() + " from an earlier sweep; pass --overwrite to replace them, or "
                        + "choose another study.name");
            }
            for (Path p : existing) {
                fs.delete(p, true);
            }
            fs.mkdirs(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("preparing " + studyDir + ": " + e.getMessage(), e);
        }
    }

    /** Keeps the configuration the sweep ran with beside its tables. */
    static void saveConfig(String studyDir, java.nio.file.Path configFile, String codeVersion, Configuration conf) {
        try {
            Path target = new Path(studyDir, CONFIG_COPY);
            String header = "# sweep configuration as run by sparkhpo " + codeVersion + " from " + configFile + "\n";
            try (FSDataOutputStream out = target.getFileSystem(conf).create(target, true)) {
                out.write(header.getBytes(StandardCharsets.UTF_8));
                out.write(Files.readAllBytes(configFile));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("saving the config into " + studyDir + ": " + e.getMessage(), e);
        }
    }

    private static boolean exists(FileSystem fs, Path p) {
        try {
            return fs.exists(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
