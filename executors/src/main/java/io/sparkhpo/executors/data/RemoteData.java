package io.sparkhpo.executors.data;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A data set folder given as a Hadoop URI ({@code hdfs://}, {@code s3a://}, ...): copied once per JVM into a local
 * folder (under {@code java.io.tmpdir}, removed when the JVM exits) and loaded from there by the usual loaders, so an
 * executor reads it from the cluster's file system once, whatever node it runs on.
 */
public final class RemoteData {

    private static final Logger LOG = LoggerFactory.getLogger(RemoteData.class);
    private static final Map<String, Path> COPIES = new ConcurrentHashMap<>();

    private RemoteData() {
    }

    /** Whether {@code path} names a folder on a non-local Hadoop file system (has a scheme other than {@code file}). */
    public static boolean isRemote(String path) {
        String scheme = URI.create(path.replace(" ", "%20")).getScheme();
        return scheme != null && scheme.length() > 1 && !scheme.equals("file");
    }

    /**
     * The local copy of the folder at {@code uri}, made on first use in this JVM.
     *
     * @throws DataException naming the URI when it cannot be read
     */
    public static Path localCopy(String uri) {
        return COPIES.computeIfAbsent(uri, RemoteData::copy);
    }

    /**
     * The local copy of the file at {@code uri} (e.g. a model file on HDFS), made on first use in this JVM.
     *
     * @throws DataException naming the URI when it cannot be read
     */
    public static Path localFile(String uri) {
        return COPIES.computeIfAbsent("file:" + uri, k -> {
            org.apache.hadoop.fs.Path src = new org.apache.hadoop.fs.Path(uri);
            try {
                Configuration conf = new Configuration();
                FileSystem fs = src.getFileSystem(conf);
                Path base = Files.createTempDirectory("sparkhpo-file-");
                Path target = base.resolve(src.getName());
                fs.copyToLocalFile(false, src, new org.apache.hadoop.fs.Path(target.toUri()), true);
                deleteOnExit(base);
                return target;
            } catch (java.io.FileNotFoundException e) {
                throw new DataException(Path.of(src.getName()), uri + " does not exist");
            } catch (IOException e) {
                throw new DataException(Path.of(src.getName()), "cannot copy " + uri + ": " + e.getMessage(), e);
            }
        });
    }

    private static Path copy(String uri) {
        long t0 = System.nanoTime();
        org.apache.hadoop.fs.Path src = new org.apache.hadoop.fs.Path(uri);
        Path target;
        try {
            Configuration conf = new Configuration();
            FileSystem fs = src.getFileSystem(conf);
            if (!fs.getFileStatus(src).isDirectory()) {
                throw new DataException(Path.of(src.getName()), "data.path " + uri + " is not a folder");
            }
            Path base = Files.createTempDirectory("sparkhpo-data-");
            target = base.resolve("copy");
            Files.createDirectories(target);
            for (org.apache.hadoop.fs.FileStatus s : fs.listStatus(src)) {
                FileUtil.copy(fs, s.getPath(), FileSystem.getLocal(conf), new org.apache.hadoop.fs.Path(target.toUri()
                        .resolve(s.getPath().getName())), false, conf);
            }
            Files.writeString(base.resolve("SOURCE"), uri + "\n", StandardCharsets.UTF_8);
            deleteOnExit(base);
        } catch (java.io.FileNotFoundException e) {
            throw new DataException(Path.of(src.getName()), "data.path " + uri + " does not exist");
        } catch (IOException e) {
            throw new DataException(Path.of(src.getName()), "cannot copy data.path " + uri + ": " + e.getMessage(), e);
        }
        LOG.info("copied {} to {} in {} s", uri, target, String.format("%.1f", (System.nanoTime() - t0) / 1e9));
        return target;
    }

    private static void deleteOnExit(Path base) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> FileUtil.fullyDelete(base.toFile())));
    }
}
