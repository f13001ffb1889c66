package io.sparkhpo.executors.train.djl;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.pytorch.jni.LibUtils;
import ai.djl.training.GradientCollector;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import io.sparkhpo.executors.ConfigName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Whether libtorch runs its CPU convolutions with oneDNN (MKL-DNN), decided once per JVM before the first session.
 *
 * <p>On some CPUs the oneDNN that libtorch 2.7.1 ships computes wrong (NaN) convolution gradients when a layer's
 * channel count is not a multiple of its kernels' block (measured on AMD Zen 5 with AVX-512; see
 * docs/performance.md). With {@code -Dsparkhpo.libtorch.onednn=auto} (the default) the engine checks: it computes the
 * gradients of a few small convolutions with oneDNN and with libtorch's own kernels and, where they differ, turns
 * oneDNN off for the JVM and says so in the log and in {@code doctor}'s line. {@code on} keeps oneDNN without the
 * check, {@code off} turns it off without the check. Nothing of this touches GPUs: there convolutions are cuDNN's.
 *
 * <p>libtorch's switch ({@code at::globalContext().setUserEnabledMkldnn}, PyTorch's
 * {@code torch.backends.mkldnn.enabled}) is not in DJL's JNI, so it is called through JNA on {@code libtorch_cpu}.
 */
final class OneDnn {

    static final String PROPERTY = "sparkhpo.libtorch.onednn";
    private static final Logger LOG = LoggerFactory.getLogger(OneDnn.class);
    /** Largest difference, relative to the gradient's largest magnitude, that still counts as the same. */
    private static final double TOLERANCE = 1e-3;
    private static final int ROUNDS = 3;
    /**
     * oneDNN's own cap on the instruction sets it uses, read from the environment at its first use. A process started
     * with it is checked at that cap (on AMD Zen 5, {@code AVX} passes this check, but SAM's trajectories in the engine
     * contract then differ from the pure step by more than its tolerance: see docs/performance.md).
     */
    static final String MAX_ISA = "ONEDNN_MAX_CPU_ISA";

    enum Mode implements ConfigName {
        AUTO, ON, OFF
    }

    private static String state;

    private OneDnn() {
    }

    /**
     * Applies {@code -Dsparkhpo.libtorch.onednn} once per JVM and returns what was decided, in a few words for
     * {@code doctor}.
     *
     * @throws IllegalArgumentException for a value other than auto, on or off
     */
    static synchronized String settle(Engine engine) {
        if (state != null) {
            return state;
        }
        switch (mode(System.getProperty(PROPERTY, "auto"))) {
            case ON -> state = "oneDNN on (-D" + PROPERTY + "=on, not checked)";
            case OFF -> {
                setEnabled(false);
                state = "oneDNN off (-D" + PROPERTY + "=off)";
            }
            default -> state = check(engine);
        }
        return state;
    }

    /** @throws IllegalArgumentException naming the property, the value and the known values */
    static Mode mode(String value) {
        return ConfigName.parse(Mode.class, "value of -D" + PROPERTY, value);
    }

    /**
     * The check: the same gradients with libtorch's own kernels, then {@link #ROUNDS} times with oneDNN on one thread
     * and on the JVM's threads (the wrong values came on every round with one thread, on some with two).
     */
    private static String check(Engine engine) {
        setEnabled(false);
        List<float[]> own = gradients(engine);
        setEnabled(true);
        NativeLibrary torch = torchCpu();
        int threads = torch.getFunction("_ZN2at15get_num_threadsEv").invokeInt(new Object[0]);
        String difference = "";
        try {
            for (int t : new int[] {1, threads}) {
                JniUtils.setNumThreads(t);
                for (int round = 0; round < ROUNDS && difference.isEmpty(); round++) {
                    difference = difference(gradients(engine), own);
                }
            }
        } finally {
            JniUtils.setNumThreads(threads);
        }
        String isa = maxIsa().map(v -> " at " + MAX_ISA + "=" + v).orElse("");
        if (difference.isEmpty()) {
            setEnabled(true);
            return "oneDNN on (checked" + isa + ")";
        }
        setEnabled(false);
        LOG.warn("libtorch's oneDNN convolutions gave wrong gradients on this CPU{} ({}); oneDNN is off for this JVM and "
                + "libtorch's own convolutions are used (slower). -D{}=on keeps it anyway.", isa, difference, PROPERTY);
        return "oneDNN off: its convolution gradients were wrong on this CPU" + isa + " (" + difference + ")";
    }

    /** The cap on oneDNN's instruction sets this process was started with, if any. */
    static java.util.Optional<String> maxIsa() {
        return java.util.Optional.ofNullable(System.getenv(MAX_ISA)).filter(v -> !v.isBlank());
    }

    /** The gradients of the input and each weight of three small convolutions (3 to 2 to 4 to 8 channels). */
    static List<float[]> gradients(Engine engine) {
        Random random = new Random(20261207L);
        try (NDManager m = engine.newBaseManager(Device.cpu())) {
            NDArray x = m.create(normal(random, 8 * 3 * 8 * 8), new Shape(8, 3, 8, 8));
            int[] channels = {3, 2, 4, 8};
            List<NDArray> weights = new ArrayList<>();
            for (int i = 1; i < channels.length; i++) {
                weights.add(m.create(normal(random, channels[i] * channels[i - 1] * 9), new Shape(channels[i], channels[i - 1], 3, 3)));
            }
            x.setRequiresGradient(true);
            weights.forEach(w -> w.setRequiresGradient(true));
            try (GradientCollector collector = engine.newGradientCollector()) {
                NDArray h = x;
                for (NDArray w : weights) {
                    h = Conv2d.conv2d(h, w, null, new Shape(1, 1), new Shape(1, 1), new Shape(1, 1), 1).get(0);
                }
                collector.backward(h.square().sum());
            }
            List<float[]> out = new ArrayList<>();
            out.add(x.getGradient().toFloatArray());
            weights.forEach(w -> out.add(w.getGradient().toFloatArray()));
            return out;
        }
    }

    private static float[] normal(Random random, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }

    /** Empty when both agree; otherwise what differs, e.g. "12 of 1536 values not finite". */
    static String difference(List<float[]> checked, List<float[]> reference) {
        int nonFinite = 0;
        int total = 0;
        double worst = 0;
        for (int t = 0; t < reference.size(); t++) {
            float[] a = checked.get(t);
            float[] b = reference.get(t);
            double scale = 0;
            for (float v : b) {
                scale = Math.max(scale, Math.abs(v));
            }
            for (int i = 0; i < b.length; i++) {
                total++;
                if (!Float.isFinite(a[i])) {
                    nonFinite++;
                } else {
                    worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(scale, 1e-12));
                }
            }
        }
        if (nonFinite > 0) {
            return nonFinite + " of " + total + " gradient values not finite";
        }
        return worst > TOLERANCE ? String.format("gradients off by %.2g of their largest value", worst) : "";
    }

    /** {@code at::globalContext().setUserEnabledMkldnn(enabled)}, the switch behind torch.backends.mkldnn.enabled. */
    static void setEnabled(boolean enabled) {
        NativeLibrary torch = torchCpu();
        if (!enabled) {
            quietNnpack(torch);
        }
        torch.getFunction("_ZN2at7Context20setUserEnabledMkldnnEb").invokeVoid(new Object[] {context(torch), enabled});
        if (enabled() != enabled) {
            throw new IllegalStateException("libtorch did not switch oneDNN " + (enabled ? "on" : "off"));
        }
    }

    private static boolean nnpackSettled;

    /**
     * Without oneDNN, libtorch tries NNPACK for each convolution, and where NNPACK cannot run (AMD Zen 5: "Unsupported
     * hardware") it logs that warning every time (1,526 lines in one short bench). Where NNPACK is not available, it is
     * turned off ({@code torch.backends.nnpack.set_flags(False)}), so it is asked once, not per convolution.
     */
    private static synchronized void quietNnpack(NativeLibrary torch) {
        if (nnpackSettled) {
            return;
        }
        nnpackSettled = true;
        boolean available = (torch.getFunction("_ZN2at4_ops17_nnpack_available4callEv").invokeInt(new Object[0]) & 0xff) != 0;
        if (!available) {
            torch.getFunction("_ZN2at7Context20setUserEnabledNNPACKEb").invokeVoid(new Object[] {context(torch), false});
        }
    }

    /** {@code at::globalContext().userEnabledMkldnn()}. */
    static boolean enabled() {
        NativeLibrary torch = torchCpu();
        return (torch.getFunction("_ZNK2at7Context17userEnabledMkldnnEv").invokeInt(new Object[] {context(torch)}) & 0xff) != 0;
    }

    private static NativeLibrary torchCpu() {
        return NativeLibrary.getInstance(LibUtils.getLibtorchPath() + "/libtorch_cpu.so");
    }

    private static Pointer context(NativeLibrary torch) {
        return (Pointer) torch.getFunction("_ZN2at13globalContextEv").invoke(Pointer.class, new Object[0]);
    }
}
