package io.sparkhpo.executors.train.djl;

import com.sun.jna.NativeLibrary;
import io.sparkhpo.executors.ConfigName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * glibc's allocator, tuned once per JVM before libtorch trains ({@code mallopt}). libtorch's CPU allocator asks
 * {@code malloc} for every activation and gradient of a step; glibc serves blocks above its mmap threshold (128 KiB,
 * raised dynamically up to 32 MiB only as large blocks are freed) with fresh {@code mmap}s and gives them back at
 * {@code free}, so each step zero-fills tens of thousands of new pages: at width 16, batch 64, 18-23 thousand page
 * faults a step with oneDNN's convolutions, 80-90 thousand with libtorch's own, measured on this project's 2-core
 * machine (docs/performance.md). A JVM that had trained DL4J first was faster only because ND4J's large buffers had
 * already raised glibc's threshold.
 *
 * <p>{@code -Dsparkhpo.libtorch.mallopt}: {@code on} (the default) serves blocks up to 32 MiB (glibc's largest mmap
 * threshold on 64-bit) from the heap, keeps freed memory up to 1 GiB and grows the heap 128 MiB at a time (w16b64
 * with oneDNN: 250-280 images/s before, 580-700 after; without oneDNN: 73-81 before, 144-193 after);
 * {@code nommap} also serves larger blocks from the heap ({@code M_MMAP_MAX} 0; glibc still maps when a heap cannot
 * grow): libtorch's own convolutions' im2col buffers exceed 32 MiB, and w16b64 without oneDNN then trains at 211-276
 * images/s with some tens of page faults a step. It is not the default: a JVM that also runs DL4J, whose native
 * memory is freed by the garbage collector, is then exposed to stale writes into reused heap memory that a mapped
 * block would have turned into a crash (a test JVM that ran both engines saw one libtorch step go wrong once).
 * {@code off} leaves glibc's defaults. The price of {@code on} and {@code nommap}: the process's resident memory stays
 * near its peak. On a system without glibc nothing is set.
 */
final class Malloc {

    private static final Logger LOG = LoggerFactory.getLogger(Malloc.class);
    static final String PROPERTY = "sparkhpo.libtorch.mallopt";
    private static final int M_TRIM_THRESHOLD = -1;
    private static final int M_TOP_PAD = -2;
    private static final int M_MMAP_THRESHOLD = -3;
    private static final int M_MMAP_MAX = -4;
    private static final Map<String, String> THRESHOLDS = Map.of("MALLOC_MMAP_THRESHOLD_", String.valueOf(32 << 20),
            "MALLOC_TRIM_THRESHOLD_", String.valueOf(1 << 30), "MALLOC_TOP_PAD_", String.valueOf(128 << 20));

    /** The values of {@link #PROPERTY}. */
    enum Mode implements ConfigName {
        ON, NOMMAP, OFF
    }

    private static String state;
    private static Map<String, String> environment = Map.of();

    private Malloc() {
    }

    /**
     * Tunes glibc once (idempotent); what is in force, for {@code doctor} and {@code bench}.
     *
     * @throws IllegalArgumentException for a value of {@link #PROPERTY} other than on, nommap or off
     */
    static synchronized String tune() {
        if (state != null) {
            return state;
        }
        Mode mode = ConfigName.parse(Mode.class, "value of -D" + PROPERTY, System.getProperty(PROPERTY, "on"));
        if (mode == Mode.OFF) {
            state = "glibc malloc defaults (-D" + PROPERTY + "=off)";
            return state;
        }
        try {
            NativeLibrary c = NativeLibrary.getInstance("c");
            boolean ok = set(c, M_MMAP_THRESHOLD, 32 << 20) & set(c, M_TRIM_THRESHOLD, 1 << 30) & set(c, M_TOP_PAD, 128 << 20)
                    & (mode != Mode.NOMMAP || set(c, M_MMAP_MAX, 0));
            if (ok) {
                environment = new java.util.TreeMap<>(THRESHOLDS);
                if (mode == Mode.NOMMAP) {
                    environment.put("MALLOC_MMAP_MAX_", "0");
                }
                state = "glibc malloc: " + (mode == Mode.NOMMAP ? "no mmap (max 0, threshold 32 MiB)" : "mmap threshold 32 MiB")
                        + ", trim threshold 1 GiB, top pad 128 MiB";
            } else {
                state = "glibc malloc defaults (mallopt refused a setting)";
            }
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            state = "malloc defaults (no glibc mallopt: " + e.getMessage() + ")";
        }
        LOG.info("libtorch: {}", state);
        return state;
    }

    /**
     * glibc's environment variables for the same settings, for another process (the bench's PyTorch reference);
     * empty when none were set here.
     */
    static synchronized Map<String, String> environment() {
        tune();
        return Map.copyOf(environment);
    }

    private static boolean set(NativeLibrary c, int param, int value) {
        return c.getFunction("mallopt").invokeInt(new Object[] {param, value}) == 1;
    }
}
