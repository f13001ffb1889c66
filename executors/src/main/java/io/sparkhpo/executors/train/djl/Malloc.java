package io.sparkhpo.executors.train.djl;

import com.sun.jna.NativeLibrary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * glibc's allocator, tuned once per JVM before libtorch trains ({@code mallopt}). libtorch's CPU allocator asks
 * {@code malloc} for every activation and gradient of a step; glibc serves blocks above its mmap threshold (128 KiB,
 * raised dynamically up to 32 MiB only as large blocks are freed) with fresh {@code mmap}s and gives them back at
 * {@code free}, so each step zero-fills tens of thousands of new pages: at width 16, batch 64 some 18-23 thousand page
 * faults a step with oneDNN's convolutions, 80-90 thousand with libtorch's own (whose im2col buffers exceed 32 MiB),
 * measured on this project's 2-core machine (docs/performance.md). A JVM that had trained DL4J first was faster only
 * because ND4J's large buffers had already raised glibc's threshold. The settings: no block is served by its own
 * {@code mmap} ({@code M_MMAP_MAX} 0; glibc still falls back to {@code mmap} when the heap cannot grow), freed memory
 * up to 1 GiB stays with the process, and the heap grows 128 MiB at a time: after the first steps a step faults
 * some tens of pages. The price: the process's resident memory stays near its peak. {@code -Dsparkhpo.libtorch.mallopt=off} leaves glibc's
 * defaults; on a system without glibc nothing is set.
 */
final class Malloc {

    private static final Logger LOG = LoggerFactory.getLogger(Malloc.class);
    private static final int M_TRIM_THRESHOLD = -1;
    private static final int M_TOP_PAD = -2;
    private static final int M_MMAP_THRESHOLD = -3;
    private static final int M_MMAP_MAX = -4;
    private static String state;

    private Malloc() {
    }

    /** Tunes glibc once (idempotent); what is in force, for {@code doctor} and {@code bench}. */
    static synchronized String tune() {
        if (state != null) {
            return state;
        }
        if ("off".equals(System.getProperty("sparkhpo.libtorch.mallopt"))) {
            state = "glibc malloc defaults (sparkhpo.libtorch.mallopt=off)";
            return state;
        }
        try {
            NativeLibrary c = NativeLibrary.getInstance("c");
            boolean ok = set(c, M_MMAP_THRESHOLD, 32 << 20) & set(c, M_MMAP_MAX, 0) & set(c, M_TRIM_THRESHOLD, 1 << 30)
                    & set(c, M_TOP_PAD, 128 << 20);
            state = ok ? "glibc malloc: no mmap (threshold 32 MiB, max 0), trim threshold 1 GiB, top pad 128 MiB"
                    : "glibc malloc defaults (mallopt refused a setting)";
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            state = "malloc defaults (no glibc mallopt: " + e.getMessage() + ")";
        }
        LOG.info("libtorch: {}", state);
        return state;
    }

    /**
     * glibc's environment variables for the same settings, for another process (the bench's PyTorch reference);
     * empty when they were not set here.
     */
    static java.util.Map<String, String> environment() {
        return tune().startsWith("glibc malloc: no mmap") ? java.util.Map.of("MALLOC_MMAP_THRESHOLD_", String.valueOf(32 << 20),
                "MALLOC_MMAP_MAX_", "0", "MALLOC_TRIM_THRESHOLD_", String.valueOf(1 << 30), "MALLOC_TOP_PAD_",
                String.valueOf(128 << 20)) : java.util.Map.of();
    }

    private static boolean set(NativeLibrary c, int param, int value) {
        return c.getFunction("mallopt").invokeInt(new Object[] {param, value}) == 1;
    }
}
