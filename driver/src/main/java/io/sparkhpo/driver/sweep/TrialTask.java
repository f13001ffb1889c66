package io.sparkhpo.driver.sweep;

import io.sparkhpo.driver.runtime.HadoopCheckpointStore;
import io.sparkhpo.driver.runtime.TaskResources;

import io.sparkhpo.executors.train.Device;
import io.sparkhpo.executors.train.Engines;
import io.sparkhpo.executors.train.RunState;
import io.sparkhpo.executors.train.TrialResult;
import io.sparkhpo.executors.train.TrialRunner;
import org.apache.spark.deploy.SparkHadoopUtil;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.util.CollectionAccumulator;


/** The function a trial's Spark task runs on its executor: the whole trial, or one segment through its checkpoint. */
final class TrialTask implements Function<Segment, TaskOutput> {

    private final int threads;
    private final Device device;
    private final CollectionAccumulator<String> gpuReport;

    /**
     * @param threads   intra-op threads per trial on the executor
     * @param device    {@code training.device}
     * @param gpuReport where a task puts the GPU it was given as it starts: Spark sends it to the driver with the
     *                  executor's heartbeats while the trial runs ({@link TrialAttempts#gpu})
     */
    TrialTask(int threads, Device device, CollectionAccumulator<String> gpuReport) {
        this.threads = threads;
        this.device = device;
        this.gpuReport = gpuReport;
    }

    /**
     * Checks that the trial can train where {@code training.device} says with the GPU Spark gave the task (a GPU the
     * engine cannot use fails the trial at once, never retried, and tells the driver to stop the sweep), binds the
     * engine to it, and runs the trial or its segment.
     */
    @Override
    public TaskOutput call(Segment segment) {
        String gpu = TaskResources.gpu();
        if (gpu != null) {
            gpuReport.add(gpu);
        }
        java.util.Optional<String> problem = TaskResources.bind(Engines.get(segment.spec().engine()), device, gpu);
        if (problem.isPresent()) {
            TrialResult failed = TrialResult.of(segment.spec().number(), RunState.FAILED, java.util.List.of(), problem.get(), 0, 0);
            return new TaskOutput(failed, SparkEnv.get().executorId(), TaskResources.host(), gpu, true);
        }
        TrialResult r = segment.checkpoint() == null ? TrialRunner.run(segment.spec(), threads)
                : TrialRunner.runSegment(segment.spec(), threads, segment.from(), segment.to(),
                new HadoopCheckpointStore(segment.checkpoint(), SparkHadoopUtil.get().newConfiguration(SparkEnv.get().conf())));
        return new TaskOutput(r, SparkEnv.get().executorId(), TaskResources.host(), gpu, false);
    }
}
