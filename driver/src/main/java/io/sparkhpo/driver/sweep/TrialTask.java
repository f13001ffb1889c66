package io.sparkhpo.driver.sweep;

import io.sparkhpo.executors.train.TrialRunner;
import io.sparkhpo.executors.train.TrialSpec;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.resource.ResourceInformation;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** The function a trial's one Spark task runs on its executor. */
final class TrialTask implements Function<TrialSpec, TaskOutput> {

    private final int threads;

    /** @param threads intra-op threads per trial on the executor */
    TrialTask(int threads) {
        this.threads = threads;
    }

    @Override
    public TaskOutput call(TrialSpec spec) {
        return new TaskOutput(TrialRunner.run(spec, threads), SparkEnv.get().executorId(), host(), gpu());
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
