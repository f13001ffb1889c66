package io.sparkhpo.executors.data;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Loads each data set once per JVM (per executor) and reuses it across trials: Spark runs many trials in one
 * executor, and reading CIFAR-10 takes longer than a small trial's epoch. Concurrent first requests for the
 * same data wait for one load. A load that fails is not cached, so a fixed file is picked up by the next trial.
 */
public final class DataCache {

    private static final Logger LOG = LoggerFactory.getLogger(DataCache.class);

    private record FullKey(String name, String path, Map<String, Object> settings) {
    }

    private record Full(DataSplit split, Normalization stats) {
    }

    private static final Map<FullKey, Full> FULL = new ConcurrentHashMap<>();
    private static final Map<DataSpec, PreparedData> PREPARED = new ConcurrentHashMap<>();

    private DataCache() {
    }

    /** The data for {@code spec}, loaded and subset on first use in this JVM. */
    public static PreparedData get(DataSpec spec) {
        return PREPARED.computeIfAbsent(spec, DataCache::prepare);
    }

    /** Sizes of the full training and test sets behind {@code name} in {@code dir}: {@code {train, test}}. */
    public static int[] fullSizes(String name, Path dir) {
        return fullSizes(name, Map.of(), dir.toString());
    }

    /**
     * The full sizes of the data set at {@code path}, a local folder or a Hadoop URI ({@link RemoteData}), read with
     * {@code settings} (the data set's own keys).
     */
    public static int[] fullSizes(String name, Map<String, Object> settings, String path) {
        DataSplit split = full(name, DataSets.type(name).settings(settings), path).split();
        return new int[]{split.train().size(), split.test().size()};
    }

    /** Forgets everything (tests). */
    public static void clear() {
        FULL.clear();
        PREPARED.clear();
    }

    private static PreparedData prepare(DataSpec spec) {
        Full full = full(spec.name(), spec.settings(), spec.path());
        Dataset train = full.split().train();
        Dataset test = full.split().test();
        if (spec.trainSize() > train.size() || spec.testSize() > test.size()) {
            throw new DataException(Path.of(spec.path()), "asked for " + spec.trainSize() + " training and "
                    + spec.testSize() + " test examples; the data has " + train.size() + " and " + test.size());
        }
        Normalization norm = spec.normalize() ? full.stats() : Normalization.unit(train.channels());
        return new PreparedData(train.subset(spec.trainSize(), spec.subsetSeed()),
                test.subset(spec.testSize(), spec.subsetSeed() + 1), norm);
    }

    private static Full full(String name, Map<String, Object> settings, String path) {
        return FULL.computeIfAbsent(new FullKey(name, path, settings), k -> {
            long t0 = System.nanoTime();
            DataSetType type = DataSets.type(name);
            DataSplit split;
            if (RemoteData.isRemote(path) && type.uriLoader().isPresent()) {
                split = type.uriLoader().get().load(path, settings);
            } else {
                Path dir = RemoteData.isRemote(path) ? RemoteData.localCopy(path) : Path.of(path);
                if (RemoteData.isRemote(path) && !DataSets.present(name, dir)) {
                    throw new DataException(Path.of(path), "no " + name + " files in data.path " + path);
                }
                split = DataSets.load(name, settings, dir);
            }
            Normalization stats = Normalization.of(split.train());
            LOG.info("loaded {} from {}: {} training and {} test images of {}x{}x{} in {} s", name, path,
                    split.train().size(), split.test().size(), split.train().channels(), split.train().height(),
                    split.train().width(), String.format("%.1f", (System.nanoTime() - t0) / 1e9));
            return new Full(split, stats);
        });
    }
}
