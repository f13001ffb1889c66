package io.sparkhpo.executors.train.dl4j;

import io.sparkhpo.executors.data.Dataset;
import io.sparkhpo.executors.model.Network;
import io.sparkhpo.executors.train.DataParallelTraining;
import io.sparkhpo.executors.train.EngineRuntime;
import io.sparkhpo.executors.train.TrainingEngine;
import io.sparkhpo.executors.train.TrainingSession;
import io.sparkhpo.executors.train.TrialSpec;
import org.nd4j.linalg.api.environment.Nd4jEnvironment;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/** The Deeplearning4j engine, {@code engine = dl4j}. */
public final class Dl4jEngine implements TrainingEngine {

    public static final String NAME = "dl4j";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void setIntraOpThreads(int threads) {
        TrainingEngine.checkThreads(threads);
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
    }

    /** ND4J's thread limits and BLAS threads as ND4J reports them. */
    @Override
    public String threadSettings() {
        return "ND4J max threads " + Nd4j.getEnvironment().maxThreads() + ", master threads "
                + Nd4j.getEnvironment().maxMasterThreads() + ", BLAS threads " + Nd4j.factory().blas().getMaxThreads()
                + ", OMP_NUM_THREADS " + java.util.Objects.requireNonNullElse(System.getenv("OMP_NUM_THREADS"), "unset");
    }

    /** Loads ND4J's native backend. */
    @Override
    public void warmUp() {
        Nd4j.create(1);
    }

    /** Also binds ND4J's CUDA backend to the device (a no-op on its CPU backend). */
    @Override
    public void bindGpu(OptionalInt device) {
        TrainingEngine.super.bindGpu(device);
        if (device.isPresent() && isCuda()) {
            Nd4j.getAffinityManager().unsafeSetDevice(device.getAsInt());
        }
    }

    /**
     * ND4J's backend as loaded: {@code nd4j-native} (CPU, no GPU) or {@code nd4j-cuda} (the GPUs its CUDA runtime
     * sees, and their names), with ND4J's version from its jar's Maven metadata.
     */
    @Override
    public EngineRuntime runtime() {
        java.util.Properties env = Nd4j.getExecutioner().getEnvironmentInformation();
        boolean cuda = isCuda();
        int gpus = cuda ? Nd4j.getAffinityManager().getNumberOfDevices() : 0;
        String library = "ND4J " + (cuda ? "nd4j-cuda" : "nd4j-native") + " (" + env.getProperty(Nd4jEnvironment.BACKEND_KEY, "?") + ")";
        String detail = cuda ? String.valueOf(env.getOrDefault(Nd4jEnvironment.CUDA_DEVICE_INFORMATION_KEY, ""))
                : "BLAS " + env.getProperty(Nd4jEnvironment.BLAS_VENDOR_KEY, "?");
        return new EngineRuntime(library, version(), gpus, detail);
    }

    @Override
    public String gpuBuildHint() {
        return "build with the cuda profile (mvn -Pcuda package: ND4J's nd4j-cuda-11.6, for GPUs up to Ampere) or use "
                + "training.engine = djl with a CUDA libtorch";
    }

    private static boolean isCuda() {
        return Nd4j.getBackend().getClass().getName().toLowerCase(Locale.ROOT).contains("cu");
    }

    private static String version() {
        try (java.io.InputStream in = Nd4j.class.getResourceAsStream("/META-INF/maven/org.nd4j/nd4j-api/pom.properties")) {
            if (in == null) {
                return "(version unknown)";
            }
            java.util.Properties p = new java.util.Properties();
            p.load(in);
            return p.getProperty("version", "(version unknown)");
        } catch (java.io.IOException e) {
            return "(version unknown)";
        }
    }

    /** DL4J's Spark parameter averaging. */
    @Override
    public Optional<DataParallelTraining> dataParallel() {
        return Optional.of(new SparkDataParallel());
    }

    @Override
    public TrainingSession open(TrialSpec spec, Dataset shapeOf) {
        java.util.Optional<String> reader = io.sparkhpo.executors.model.Models.type(spec.model().name()).engine();
        if (reader.isPresent() && !reader.get().equals(NAME)) {
            throw new IllegalArgumentException("model " + spec.model().name() + " is read by the " + reader.get()
                    + " engine, not " + NAME + " (training.engine)");
        }
        if (!spec.model().builtIn()) {
            String file = (String) spec.model().settings().get(io.sparkhpo.executors.model.Models.FILE.key());
            Dl4jUserModel.Loaded m = Dl4jUserModel.load(io.sparkhpo.executors.data.RemoteData.isRemote(file)
                    ? io.sparkhpo.executors.data.RemoteData.localFile(file) : java.nio.file.Path.of(file), shapeOf, spec.seed());
            return new Dl4jSession(spec, m.graph(), m.format(), m.flat());
        }
        Network network = network(spec, shapeOf);
        Dl4jOptions options = Dl4jOptions.current().forNetwork(network);
        return new Dl4jSession(spec, Dl4jNetwork.build(network, spec.seed(), new org.nd4j.linalg.learning.config.NoOp(),
                options), options.format());
    }

    /** The trial's network for inputs shaped like {@code shapeOf}. */
    static Network network(TrialSpec spec, Dataset shapeOf) {
        return spec.model().network(new Network.Shape(shapeOf.channels(), shapeOf.height(), shapeOf.width()),
                shapeOf.classes());
    }
}
