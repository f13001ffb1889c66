package io.sparkhpo.driver.sweep;

import org.apache.spark.TaskFailedReason;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorMetricsUpdate;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every task attempt of the trials' Spark jobs, from Spark's listener bus, by trial number: on which executor it ran
 * and how it ended ({@code ok}, or Spark's reason for a failed attempt: a lost executor, an I/O error), and, while it
 * runs, where it was placed and the GPU it was given. A trial's jobs are found by their job group
 * ({@code sparkhpo-trial-N}, set by the dispatcher).
 */
final class TrialAttempts extends SparkListener {

    static final String GROUP_PREFIX = "sparkhpo-trial-";
    /** The accumulator a trial's task puts its GPU in ({@link TrialTask}); Spark's task info does not carry it. */
    static final String GPU_ACCUMULATOR = "sparkhpo.gpu";

    /** One task attempt. */
    record Attempt(String executor, String result) {
        Map<String, Object> asMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("executor", executor);
            m.put("result", result);
            return m;
        }
    }

    private final Map<Integer, Integer> trialOfStage = new ConcurrentHashMap<>();
    private final Map<Integer, Integer> trialOfJob = new ConcurrentHashMap<>();
    private final Map<Integer, List<Attempt>> attempts = new ConcurrentHashMap<>();
    private final Map<Integer, Integer> openJobs = new ConcurrentHashMap<>();

    @Override
    public void onJobStart(SparkListenerJobStart e) {
        String group = e.properties() == null ? null : e.properties().getProperty("spark.jobGroup.id");
        if (group == null || !group.startsWith(GROUP_PREFIX)) {
            return;
        }
        int trial = Integer.parseInt(group.substring(GROUP_PREFIX.length()));
        trialOfJob.put(e.jobId(), trial);
        openJobs.merge(trial, 1, Integer::sum);
        for (Object stage : scala.collection.JavaConverters.seqAsJavaList(e.stageIds())) {
            trialOfStage.put((Integer) stage, trial);
        }
    }

    /** Where each trial's latest task started: {@code executor@host}. */
    private final Map<Integer, String> placedAt = new ConcurrentHashMap<>();

    @Override
    public void onTaskStart(org.apache.spark.scheduler.SparkListenerTaskStart e) {
        Integer trial = trialOfStage.get(e.stageId());
        if (trial != null) {
            placedAt.put(trial, e.taskInfo().executorId() + "@" + e.taskInfo().host());
            gpuOf.remove(trial); // a new attempt or segment: its own GPU comes with a later heartbeat
        }
    }

    /** The executor (and host) the trial's latest task started on, if one has. */
    java.util.Optional<String> placedAt(int trial) {
        return java.util.Optional.ofNullable(placedAt.get(trial));
    }

    /** The GPU each running trial's task reported, by trial. */
    private final Map<Integer, String> gpuOf = new ConcurrentHashMap<>();

    /**
     * An executor's heartbeat, with its running tasks' accumulator updates: a trial's task's GPU arrives here within
     * {@code spark.executor.heartbeatInterval} (10 s by default) of its start.
     */
    @Override
    public void onExecutorMetricsUpdate(SparkListenerExecutorMetricsUpdate e) {
        for (var update : scala.collection.JavaConverters.seqAsJavaList(e.accumUpdates())) {
            Integer trial = trialOfStage.get((Integer) update._2());
            if (trial == null) {
                continue;
            }
            for (AccumulableInfo info : scala.collection.JavaConverters.seqAsJavaList(update._4())) {
                if (info.name().isDefined() && GPU_ACCUMULATOR.equals(info.name().get()) && info.update().isDefined()
                        && info.update().get() instanceof List<?> gpus && !gpus.isEmpty()) {
                    gpuOf.put(trial, String.valueOf(gpus.get(gpus.size() - 1)));
                }
            }
        }
    }

    /** The GPU trial {@code n}'s latest task reported, if it had one and a heartbeat has brought it. */
    java.util.Optional<String> gpu(int trial) {
        return java.util.Optional.ofNullable(gpuOf.get(trial));
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd e) {
        Integer trial = trialOfStage.get(e.stageId());
        if (trial == null) {
            return;
        }
        String result = e.reason() instanceof TaskFailedReason f ? firstLine(f.toErrorString()) : "ok";
        attempts.computeIfAbsent(trial, k -> java.util.Collections.synchronizedList(new ArrayList<>()))
                .add(new Attempt(e.taskInfo().executorId(), result));
    }

    @Override
    public void onJobEnd(SparkListenerJobEnd e) {
        Integer trial = trialOfJob.remove(e.jobId());
        if (trial != null) {
            openJobs.merge(trial, -1, Integer::sum);
        }
    }

    /**
     * The attempts of trial {@code n}'s jobs so far, waiting (at most 5 s) until the listener bus has delivered the end
     * of every job it started: the bus runs behind the job's own return.
     */
    List<Attempt> of(int n) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (openJobs.getOrDefault(n, 0) > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        List<Attempt> a = attempts.get(n);
        if (a == null) {
            return List.of();
        }
        synchronized (a) {
            return List.copyOf(a);
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
