package io.sparkhpo.driver.sweep;

import io.sparkhpo.executors.train.Engines;
import io.sparkhpo.executors.train.TrialResult;
import io.sparkhpo.executors.train.TrialRunner;
import org.apache.spark.deploy.SparkHadoopUtil;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.resource.ResourceInformation;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.OptionalInt;

/** The function a trial's Spark task runs on its executor: the whole trial, or one segment through its checkpoint. */
final class TrialTask implements Function<Segment, TaskOutput> {

    private final int threads;

    /** @param threads intra-op threads per trial on the executor */
    TrialTask(int threads) {
        this.threads = threads;
    }

    @Override
    public TaskOutput call(Segment segment) {
        bindGpu(segment.spec().engine(), gpu());
        TrialResult r = segment.checkpoint() == null ? TrialRunner.run(segment.spec(), threads)
                : TrialRunner.runSegment(segment.spec(), threads, segment.from(), segment.to(),
                new HadoopCheckpointStore(segment.checkpoint(), SparkHadoopUtil.get().newConfiguration(SparkEnv.get().conf())));
        return new TaskOutput(r, SparkEnv.get().executorId(), host(), gpu());
    }

    /** Loads the data into this executor's cache and the engine (its native libraries) into this JVM. */
    static void warmUp(io.sparkhpo.executors.data.DataSpec data, String engine) {
        io.sparkhpo.executors.data.DataCache.get(data);
        Engines.get(engine).warmUp();
    }

    /**
     * Points the trial's engine at the GPU Spark gave this task (its first address): with one GPU per task, trials
     * running side by side on an executor each get their own device.
     */
    static void bindGpu(String engine, String addresses) {
        Engines.get(engine).bindGpu(addresses == null || addresses.isEmpty() ? OptionalInt.empty()
                : OptionalInt.of(Integer.parseInt(addresses.split(",")[0].trim())));
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }

    private static String gpu() {
        TaskContext ctx = TaskContext.get();
        if (ctx == null) {
            return null;
        }
        scala.Option<ResourceInformation> gpu = ctx.resources().get("gpu");
        return gpu.isDefined() ? String.join(",", gpu.get().addresses()) : null;
    }
}
