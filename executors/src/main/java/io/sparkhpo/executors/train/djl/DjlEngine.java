package io.sparkhpo.executors.train.djl;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.pytorch.jni.LibUtils;
import io.sparkhpo.executors.data.Dataset;
import io.sparkhpo.executors.train.EngineRuntime;
import io.sparkhpo.executors.train.TrainingEngine;
import io.sparkhpo.executors.train.TrainingSession;
import io.sparkhpo.executors.train.TrialSpec;

import java.util.OptionalInt;

/**
 * The libtorch engine, {@code engine = djl}. DJL runs offline ({@code ai.djl.offline=true} unless set): the
 * native library comes from the classpath, and DJL makes no network connection at start.
 */
public final class DjlEngine implements TrainingEngine {

    public static final String NAME = "djl";

    static {
        if (System.getProperty("ai.djl.offline") == null && System.getenv("DJL_OFFLINE") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    /** libtorch's intra-op threads (process-wide). */
    @Override
    public void setIntraOpThreads(int threads) {
        TrainingEngine.checkThreads(threads);
        engine();
        JniUtils.setNumThreads(threads);
    }

    @Override
    public java.util.Optional<Boolean> oneDnn() {
        engine();
        return java.util.Optional.of(OneDnn.enabled());
    }

    @Override
    public java.util.Map<String, String> processEnvironment() {
        engine();
        java.util.Map<String, String> env = new java.util.TreeMap<>(Malloc.environment());
        OneDnn.maxIsa().ifPresent(isa -> env.put(OneDnn.MAX_ISA, isa));
        return env;
    }

    /** libtorch's threads as it reports them, oneDNN's state and the allocator's settings. */
    @Override
    public String threadSettings() {
        Engine e = engine();
        return "intra-op threads " + JniUtils.getNumThreads() + ", inter-op threads " + JniUtils.getNumInteropThreads()
                + ", " + OneDnn.settle(e) + ", " + Malloc.tune() + ", OMP_NUM_THREADS "
                + java.util.Objects.requireNonNullElse(System.getenv("OMP_NUM_THREADS"), "unset");
    }

    /** Loads libtorch. */
    @Override
    public void warmUp() {
        engine();
    }

    /**
     * libtorch as DJL loaded it: its version, its flavour (the folder DJL extracted it to, e.g.
     * {@code 2.7.1-20250812-cpu-linux-x86_64}, or the {@code PYTORCH_LIBRARY_PATH} it came from) and the CUDA devices it sees.
     */
    @Override
    public EngineRuntime runtime() {
        Engine e = engine();
        String path = LibUtils.getLibtorchPath();
        String folder = path == null ? "" : java.nio.file.Path.of(path).getFileName().toString();
        java.util.regex.Matcher m = FLAVOUR.matcher(folder);
        String flavour = m.matches() ? m.group(1) : "from " + path;
        int gpus = e.getGpuCount();
        String cudnn = gpus > 0 && e.hasCapability(ai.djl.engine.StandardCapabilities.CUDNN) ? "cuDNN, " : "";
        return new EngineRuntime("libtorch " + flavour, e.getVersion(), gpus, cudnn + OneDnn.settle(e) + "; "
                + Malloc.tune());
    }

    private static final java.util.regex.Pattern FLAVOUR = java.util.regex.Pattern.compile("[0-9.]+(?:-[0-9]{8})?-((?:cpu|cu[0-9]+|rocm[0-9.]+)(?:-precxx11)?)-.*");

    @Override
    public String gpuBuildHint() {
        return "point PYTORCH_LIBRARY_PATH at a CUDA build of libtorch " + LibUtils.getVersion()
                + " on every executor (DJL's CUDA libtorch is not on Maven Central)";
    }

    /** One trial per JVM: libtorch's gradient collector is global to the process. */
    @Override
    public OptionalInt trialsPerJvm() {
        return OptionalInt.of(1);
    }

    @Override
    public String trialsPerJvmReason() {
        return "libtorch takes one trial per executor";
    }

    @Override
    public TrainingSession open(TrialSpec spec, Dataset shapeOf) {
        java.util.Optional<String> reader = io.sparkhpo.executors.model.Models.type(spec.model().name()).engine();
        if (reader.isPresent() && !reader.get().equals(NAME)) {
            throw new IllegalArgumentException("model " + spec.model().name() + " is read by the " + reader.get()
                    + " engine, not " + NAME + " (training.engine)");
        }
        return new DjlSession(spec, engine(), shapeOf);
    }

    /**
     * DJL's PyTorch engine, after glibc's allocator is tuned for it ({@link Malloc}) and {@link OneDnn} has settled
     * whether its CPU convolutions use oneDNN.
     */
    static Engine engine() {
        Malloc.tune();
        Engine e = Engine.getEngine("PyTorch");
        OneDnn.settle(e);
        return e;
    }
}
