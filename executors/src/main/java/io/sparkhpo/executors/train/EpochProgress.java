package io.sparkhpo.executors.train;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs where a long epoch is, at most every {@value #EVERY_SECONDS} seconds: batch, share done, images per
 * second and the time left in the epoch. Engines call {@link #step} after every batch.
 */
public final class EpochProgress {

    private static final Logger LOG = LoggerFactory.getLogger(EpochProgress.class);
    static final long EVERY_SECONDS = 30;

    private final String label;
    private final int epoch;
    private final int batches;
    private final long start = System.nanoTime();
    private long lastLog = start;
    private long examples;

    public EpochProgress(String label, int epoch, int batches) {
        this.label = label;
        this.epoch = epoch;
        this.batches = batches;
    }

    /** Batch {@code done} (1-based) of the epoch finished with {@code size} examples. */
    public void step(int done, int size) {
        examples += size;
        long now = System.nanoTime();
        if (now - lastLog >= EVERY_SECONDS * 1_000_000_000L && done < batches) {
            lastLog = now;
            double seconds = (now - start) / 1e9;
            LOG.info("{} epoch {}: batch {}/{} ({}%), {} img/s, ~{} s left in the epoch", label, epoch + 1, done, batches,
                    100 * done / batches, String.format("%.1f", examples / seconds),
                    Math.round(seconds / done * (batches - done)));
        }
    }
}
