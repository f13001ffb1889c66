package io.sparkhpo.driver.sweep;

import org.apache.spark.TaskFailedReason;
import org.apache.spark.scheduler.SparkListener;
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
 * and how it ended ({@code ok}, or Spark's reason for a failed attempt: a lost executor, an I/O error). A trial's
 * jobs are found by their job group ({@code sparkhpo-trial-N}, set by the dispatcher).
 */
final class TrialAttempts extends SparkListener {

    static final String GROUP_PREFIX = "sparkhpo-trial-";

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
        }
    }

    /** The executor (and host) the trial's latest task started on, if one has. */
    java.util.Optional<String> placedAt(int trial) {
        return java.util.Optional.ofNullable(placedAt.get(trial));
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
