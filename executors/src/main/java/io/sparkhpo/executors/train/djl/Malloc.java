package io.sparkhpo.executors.train.djl;

import com.sun.jna.NativeLibrary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * glibc's allocator, tuned once per JVM before libtorch trains ({@code mallopt}). libtorch's CPU allocator asks
 * {@code malloc} for every activation and gradient of a step; glibc serves blocks above its mmap threshold (128 KiB,
 * raised dynamically up to 32 MiB only as large blocks are freed) with fresh {@code mmap}s and gives them back at
 * {@code free}, so each step zero-fills tens of thousands of new pages: at width 16, batch 64 some 18-23 thousand page
 * faults a step, and 250-280 images/s against 580-700 with the settings below, measured on this project's 2-core
 * machine (docs/performance.md). A JVM that had trained DL4J first was faster only because ND4J's large buffers had
 * already raised glibc's thresholds. The settings: blocks up to 32 MiB (glibc's largest mmap threshold on 64-bit)
 * come from the heap, freed memory up to 1 GiB stays with the process, and the heap grows 128 MiB at a time. The
 * price: the process's resident memory stays near its peak. {@code -Dsparkhpo.libtorch.mallopt=off} leaves glibc's
 * defaults; on a system without glibc nothing is set.
 */
final class Malloc {

    private static final Logger LOG = LoggerFactory.getLogger(Malloc.class);
    private static final int M_TRIM_THRESHOLD = -1;
    private static final int M_TOP_PAD = -2;
    private static final int M_MMAP_THRESHOLD = -3;
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
            boolean ok = set(c, M_MMAP_THRESHOLD, 32 << 20) & set(c, M_TRIM_THRESHOLD, 1 << 30) & set(c, M_TOP_PAD, 128 << 20);
            state = ok ? "glibc malloc: mmap threshold 32 MiB, trim threshold 1 GiB, top pad 128 MiB"
                    : "glibc malloc defaults (mallopt refused a setting)";
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            state = "malloc defaults (no glibc mallopt: " + e.getMessage() + ")";
        }
        LOG.info("libtorch: {}", state);
        return state;
    }

    private static boolean set(NativeLibrary c, int param, int value) {
        return c.getFunction("mallopt").invokeInt(new Object[] {param, value}) == 1;
    }
}
