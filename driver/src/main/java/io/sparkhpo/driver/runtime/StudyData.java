package io.sparkhpo.driver.runtime;

import io.sparkhpo.driver.config.SweepConfig;
import io.sparkhpo.executors.data.DataCache;
import io.sparkhpo.executors.data.DataLocator;
import io.sparkhpo.executors.data.DataSpec;
import io.sparkhpo.executors.data.RemoteData;

import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * A study's data set found (downloaded if allowed), loaded and checked, with its subset sizes fixed: the one place
 * for the sweep, lr-find and retrain. {@code data.path} is a local folder (the same on every node) or a Hadoop URI
 * ({@code hdfs://...}), which the driver and each executor JVM copy locally once ({@link RemoteData}).
 */
public final class StudyData {

    /** The error for a subset size larger than the data; {@code which} is {@code train} or {@code test}. */
    @FunctionalInterface
    public interface TooLarge {
        RuntimeException error(String which, int asked, int available, String dir);
    }

    private StudyData() {
    }

    /**
     * @param trainSize training images to use (all when empty)
     * @param testSize  test images to use (all when empty)
     */
    public static DataSpec resolve(SweepConfig.Data d, OptionalInt trainSize, OptionalInt testSize, TooLarge tooLarge) {
        String dir = d.path().filter(RemoteData::isRemote)
                .orElseGet(() -> DataLocator.standard().locate(d.name(), d.path().map(Path::of), d.download()).toString());
        int[] full = DataCache.fullSizes(d.name(), d.settings(), dir);
        int train = size("train", trainSize, full[0], dir, tooLarge);
        int test = size("test", testSize, full[1], dir, tooLarge);
        return new DataSpec(d.name(), dir, train, test, d.subsetSeed(), d.augment(), d.normalize(), d.settings());
    }

    /** The full sizes of the data set a spec was cut from: {training, test}. */
    public static int[] fullSizes(DataSpec data) {
        return DataCache.fullSizes(data.name(), data.settings(), data.path());
    }

    private static int size(String which, OptionalInt asked, int available, String dir, TooLarge tooLarge) {
        if (asked.isPresent() && asked.getAsInt() > available) {
            throw tooLarge.error(which, asked.getAsInt(), available, dir);
        }
        return asked.orElse(available);
    }
}
