package io.sparkhpo.executors.data;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the folder that holds a data set, in this order:
 * <ol>
 *   <li>the configured path, if one is given (and nothing else: a wrong explicit path is an error, not a
 *       reason to look elsewhere);</li>
 *   <li>{@code DATA_HOME/NAME}, where {@code DATA_HOME} is {@code $SPARKHPO_DATA}, else
 *       {@code ~/.cache/sparkhpo/data};</li>
 *   <li>the folders a package installs the data set into ({@link DataSetType#systemDirs()}: for Fashion-MNIST
 *       {@value FashionMnist#DEBIAN_DIR}, Debian's {@code dataset-fashion-mnist});</li>
 *   <li>a download from the official location into the configured path or {@code DATA_HOME/NAME}, when
 *       downloads are allowed and the data set has one.</li>
 * </ol>
 * When none works the error lists every place tried.
 */
public final class DataLocator {

    private static final Logger LOG = LoggerFactory.getLogger(DataLocator.class);

    private final Path dataHome;
    private final List<Path> systemDirs;

    /**
     * @param systemDirs the folders searched after {@code dataHome/NAME} for every data set; null: each data set's
     *                   own ({@link DataSetType#systemDirs()})
     */
    public DataLocator(Path dataHome, List<Path> systemDirs) {
        this.dataHome = dataHome;
        this.systemDirs = systemDirs == null ? null : List.copyOf(systemDirs);
    }

    /** The locator for this machine: {@code $SPARKHPO_DATA} or {@code ~/.cache/sparkhpo/data}, and the data sets' system folders. */
    public static DataLocator standard() {
        String env = System.getenv("SPARKHPO_DATA");
        Path home = env != null && !env.isBlank() ? Path.of(env)
                : Path.of(System.getProperty("user.home"), ".cache", "sparkhpo", "data");
        return new DataLocator(home, null);
    }

    public Path dataHome() {
        return dataHome;
    }

    /**
     * @param name       data set name
     * @param configured the configured folder, if any
     * @param download   whether to fetch from the official location when no folder holds the data
     * @return an absolute folder holding the data set
     * @throws DataException listing the places tried when none holds it and no download was allowed or it failed
     */
    public Path locate(String name, Optional<Path> configured, boolean download) {
        List<Path> tried = new ArrayList<>();
        if (configured.isPresent()) {
            Path dir = configured.get().toAbsolutePath();
            if (DataSets.present(name, dir)) {
                return dir;
            }
            tried.add(dir);
            return downloadOrFail(name, dir, download, tried);
        }
        Path own = dataHome.resolve(name).toAbsolutePath();
        if (DataSets.present(name, own)) {
            return own;
        }
        tried.add(own);
        for (Path dir : systemDirs == null ? DataSets.type(name).systemDirs() : systemDirs) {
            if (DataSets.present(name, dir)) {
                return dir.toAbsolutePath();
            }
            tried.add(dir);
        }
        return downloadOrFail(name, own, download, tried);
    }

    private Path downloadOrFail(String name, Path target, boolean download, List<Path> tried) {
        String where = "no " + name + " files in " + tried;
        String hint = DataSets.type(name).installHint();
        String debian = hint.isEmpty() ? "" : "; " + hint;
        java.util.Optional<java.net.URI> url = DataSets.officialUrl(name);
        if (url.isEmpty()) {
            throw new DataException(target, where + "; " + name + " has no download: put the files there" + debian);
        }
        if (!download) {
            throw new DataException(target, where + " and data.download = false; put the files there, or allow the "
                    + "download from " + url.get() + debian);
        }
        LOG.info("{}; downloading from {}", where, url.get());
        try {
            DataSets.download(name, target);
        } catch (DataException e) {
            throw new DataException(target, where + ", and the download failed: " + e.getMessage() + debian, e);
        }
        if (!Files.isDirectory(target) || !DataSets.present(name, target)) {
            throw new DataException(target, "download finished but the " + name + " files are not there");
        }
        return target;
    }
}
