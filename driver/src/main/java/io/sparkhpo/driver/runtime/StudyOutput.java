package io.sparkhpo.driver.runtime;

import io.sparkhpo.driver.study.UserError;
import io.sparkhpo.driver.study.StudyLayout;
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
public final class StudyOutput {

    static final String CONFIG_COPY = StudyLayout.CONFIG_COPY;
    private static final List<String> OWNED = StudyLayout.SWEEP_OWNED;

    private StudyOutput() {
    }

    /**
     * @throws UserError if the folder already holds tables and {@code overwrite} is false
     */
    public static void prepare(String studyDir, boolean overwrite, Configuration conf) {
        try {
            Path dir = new Path(studyDir);
            FileSystem fs = dir.getFileSystem(conf);
            List<Path> existing = OWNED.stream().map(n -> new Path(dir, n)).filter(p -> exists(fs, p)).toList();
            if (!existing.isEmpty() && !overwrite) {
                throw new UserError("study folder " + studyDir + " already holds " + existing.stream()
                        .map(Path::getName).toList() + " from an earlier sweep; pass --resume to continue it, --overwrite to "
                        + "replace it, or choose another study.name");
            }
            for (Path p : existing) {
                fs.delete(p, true);
            }
            fs.mkdirs(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("preparing " + studyDir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Checks that a sweep can be resumed from {@code studyDir}: an earlier sweep's journal and config copy are there,
     * and {@code configFile} is the configuration it ran with (a resumed sweep must ask what the first one would).
     *
     * @throws UserError naming what is missing or different
     */
    public static void checkResumable(String studyDir, java.nio.file.Path configFile, Configuration conf) {
        if (!StudyJournal.exists(studyDir, conf)) {
            throw new UserError("nothing to resume in " + studyDir + ": no journal (" + StudyJournal.describe(studyDir)
                    + ") from an earlier sweep");
        }
        try {
            Path copy = new Path(studyDir, CONFIG_COPY);
            FileSystem fs = copy.getFileSystem(conf);
            if (!fs.exists(copy)) {
                throw new UserError("cannot resume " + studyDir + ": its " + CONFIG_COPY + " is missing");
            }
            String saved;
            try (var in = fs.open(copy)) {
                saved = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            String body = saved.substring(saved.indexOf('\n') + 1);
            if (!body.equals(Files.readString(configFile, StandardCharsets.UTF_8))) {
                throw new UserError("cannot resume " + studyDir + " with " + configFile + ": it differs from the configuration "
                        + "the sweep started with (" + copy + "); resume with that file, or start anew with --overwrite");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + studyDir + ": " + e.getMessage(), e);
        }
    }

    /** Whether the study folder holds the config copy an earlier sweep keeps. */
    public static boolean hasConfigCopy(String studyDir, Configuration conf) {
        Path copy = new Path(studyDir, CONFIG_COPY);
        try {
            return copy.getFileSystem(conf).exists(copy);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + copy + ": " + e.getMessage(), e);
        }
    }

    /** Keeps the configuration the sweep ran with beside its tables. */
    public static void saveConfig(String studyDir, java.nio.file.Path configFile, String codeVersion, Configuration conf) {
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

    /** The study folder as a full URI: executors resolve relative paths against their own working folders. */
    public static String qualified(String dir, Configuration conf) {
        try {
            Path p = new Path(dir);
            return p.getFileSystem(conf).makeQualified(p).toString();
        } catch (IOException e) {
            throw new UncheckedIOException("resolving " + dir + ": " + e.getMessage(), e);
        }
    }

    private static boolean exists(FileSystem fs, Path p) {
        try {
            return fs.exists(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The config a sweep ran with, from the copy it keeps beside its tables (read through a local copy when the
     * study folder is not local).
     *
     * @param command the command asking, for messages (e.g. {@code retrain})
     */
    public static io.sparkhpo.driver.config.SweepConfig loadConfig(String command, String studyDir, Configuration conf) {
        Path copy = new Path(studyDir, CONFIG_COPY);
        try {
            FileSystem fs = copy.getFileSystem(conf);
            if (!fs.exists(copy)) {
                throw new UserError(command + ": " + studyDir + " is not a study folder: it has no " + CONFIG_COPY);
            }
            if (fs.getUri().getScheme().equals("file")) {
                return io.sparkhpo.driver.config.SweepConfigLoader.load(java.nio.file.Path.of(fs.makeQualified(copy).toUri()));
            }
            java.nio.file.Path local = Files.createTempDirectory("sparkhpo-" + command).resolve(CONFIG_COPY);
            try (var in = fs.open(copy)) {
                Files.write(local, in.readAllBytes());
            }
            return io.sparkhpo.driver.config.SweepConfigLoader.load(local);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + copy + ": " + e.getMessage(), e);
        }
    }
}
