package io.sparkhpo.executors.train.dl4j;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.WorkspaceMode;

import java.util.Locale;

/**
 * Deeplearning4j's performance settings for the ResNet: activation layout, workspace mode (DL4J's arena
 * allocator) and cache mode. The defaults are the fastest measured on a 2-core machine (see the README's
 * performance section and {@code sparkhpo bench --dl4j-variants}); system properties
 * {@code sparkhpo.dl4j.format} (NCHW, NHWC), {@code sparkhpo.dl4j.workspaces} (ENABLED, NONE) and
 * {@code sparkhpo.dl4j.cache} (NONE, HOST, DEVICE) override them.
 */
public record Dl4jOptions(CNN2DFormat format, WorkspaceMode workspaces, CacheMode cache) {

    /**
     * Measured on 2 cores (ResNet-18, batch 128 at width 16 / 64 at width 64, train img/s): NCHW without cache
     * 29 / 6.6; cache DEVICE 40 / 8.8 (+33%); NHWC with cache DEVICE 40 / 9.4 (+42% in all); workspaces off 10.5
     * at width 16 (−64%). oneDNN (nd4j-native's -onednn build) changed nothing measurable.
     */
    public static final Dl4jOptions DEFAULT = new Dl4jOptions(CNN2DFormat.NHWC, WorkspaceMode.ENABLED, CacheMode.DEVICE);

    /** The defaults, with any system-property overrides. */
    public static Dl4jOptions current() {
        return new Dl4jOptions(
                CNN2DFormat.valueOf(property("sparkhpo.dl4j.format", DEFAULT.format().name())),
                WorkspaceMode.valueOf(property("sparkhpo.dl4j.workspaces", DEFAULT.workspaces().name())),
                CacheMode.valueOf(property("sparkhpo.dl4j.cache", DEFAULT.cache().name())));
    }

    /**
     * These options for {@code network}: NCHW where it flattens an image, so that the features come in PyTorch's
     * channel, row, column order (DL4J flattens NHWC activations row, column, channel), which a dense layer's weights
     * depend on.
     */
    public Dl4jOptions forNetwork(io.sparkhpo.executors.model.Network network) {
        return flattensAnImage(network) ? new Dl4jOptions(CNN2DFormat.NCHW, workspaces, cache) : this;
    }

    static boolean flattensAnImage(io.sparkhpo.executors.model.Network network) {
        return network.input().image() && network.nodes().stream()
                .anyMatch(n -> n.layer() instanceof io.sparkhpo.executors.model.Layer.Flatten);
    }

    private static String property(String key, String def) {
        return System.getProperty(key, def).toUpperCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return format + "/workspaces " + workspaces + "/cache " + cache;
    }
}
