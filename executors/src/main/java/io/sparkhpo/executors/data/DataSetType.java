package io.sparkhpo.executors.data;

import io.sparkhpo.search.registry.Param;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A registered data set ({@link DataSets#REGISTRY}): its name, what it is (for the docs), its own keys in the config's
 * {@code data} section, whether a folder holds it, how it is loaded, where it is fetched from (if it can be), the
 * system folders that may hold it, and the shape of its images for timing without the data.
 *
 * @param source    its official location and how to fetch it into a folder; empty: the user brings the files
 * @param systemDirs folders a package manager installs it into (searched after {@code $SPARKHPO_DATA/NAME})
 * @param shape     {@code {channels, side, classes}} of its images for these settings (random images for timing)
 * @param installHint how to get the files where no download serves (empty: none)
 * @param uriLoader  how it reads a Hadoop URI itself; empty: the URI's folder is copied locally first
 * @param augments   whether {@code data.augment} defaults to true for it (random crop and flip)
 */
public record DataSetType(String name, String doc, List<Param> params, Presence presence, Loader loader,
                          Optional<Source> source, List<Path> systemDirs, Shape shape, String installHint,
                          Optional<UriLoader> uriLoader, boolean augments) {

    /** A data set held in local files (a Hadoop URI's folder is copied locally first), augmented by default. */
    public DataSetType(String name, String doc, List<Param> params, Presence presence, Loader loader,
                       Optional<Source> source, List<Path> systemDirs, Shape shape, String installHint) {
        this(name, doc, params, presence, loader, source, systemDirs, shape, installHint, Optional.empty(), true);
    }

    /** The same data set, not augmented unless {@code data.augment} says so (digits: a flip changes their meaning). */
    public DataSetType withoutAugmentation() {
        return new DataSetType(name, doc, params, presence, loader, source, systemDirs, shape, installHint, uriLoader, false);
    }

    /** Loads straight from a Hadoop URI ({@code hdfs://}, {@code s3a://}), without a local copy of its files. */
    @FunctionalInterface
    public interface UriLoader {
        DataSplit load(String uri, Map<String, Object> settings);
    }

    @FunctionalInterface
    public interface Presence {
        boolean present(Path dir);
    }

    @FunctionalInterface
    public interface Loader {
        DataSplit load(Path dir, Map<String, Object> settings);
    }

    @FunctionalInterface
    public interface Shape {
        int[] of(Map<String, Object> settings);
    }

    /** Where a data set is published and how to fetch it (MD5-checked) into a folder. */
    public record Source(URI url, java.util.function.Consumer<Path> fetch) {
    }

    public DataSetType {
        params = List.copyOf(params);
        systemDirs = List.copyOf(systemDirs);
    }

    /** {@code given} checked against the keys, defaults filled in ({@link Param#settings}). */
    public Map<String, Object> settings(Map<String, ?> given) {
        return Param.settings("data set " + name, params, given);
    }
}
