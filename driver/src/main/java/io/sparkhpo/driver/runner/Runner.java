package io.sparkhpo.driver.runner;

import io.sparkhpo.driver.config.ObjectiveSource;

import io.sparkhpo.api.MultiObjective;
import io.sparkhpo.api.Objective;
import io.sparkhpo.api.TrialPruned;
import org.apache.hadoop.conf.Configuration;

import java.io.IOException;
import java.net.Socket;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A runner: connects to the driver's {@link TrialServer}, then runs the trials it is given, one after another, until
 * the driver says stop. Each trial's objective is made afresh ({@link ObjectiveSource}); how it ends is sent back as
 * a {@link Done}. Returns normally at the end of the sweep; throws {@link IOException} when the connection breaks
 * (Spark then runs the task again, and the driver has handed the trial out again).
 */
public final class Runner {

    private final RunnerSpec spec;
    private final Placement where;
    private final Configuration hadoop;
    private final ClassLoader loader;

    public Runner(RunnerSpec spec, Placement where, Configuration hadoop, ClassLoader loader) {
        this.spec = spec;
        this.where = where;
        this.hadoop = hadoop;
        this.loader = loader;
    }

    /** @return the number of trials it ran */
    public int run() throws IOException {
        int ran = 0;
        try (Wire wire = new Wire(new Socket(spec.server().host(), spec.server().port()))) {
            Map<String, Object> hello = new LinkedHashMap<>();
            hello.put("token", spec.server().token());
            hello.put("executor", where.executor());
            hello.put("host", where.host());
            hello.put("gpus", where.gpus());
            wire.send(Wire.HELLO, hello);
            Map<String, Object> answer = wire.receive(Wire.WELCOME, Wire.REFUSED);
            if (answer.get("op").equals(Wire.REFUSED)) {
                throw new IOException("the driver refused this runner: " + answer.get("why"));
            }
            while (!Thread.currentThread().isInterrupted()) {
                wire.send(Wire.NEXT, Map.of());
                Map<String, Object> m = wire.receive(Wire.WORK, Wire.STOP);
                if (m.get("op").equals(Wire.STOP)) {
                    io.sparkhpo.executors.train.LiveSessions.jvm().dropStudy(spec.study());
                    return ran;
                }
                Work work = Wire.work(m);
                RemoteTrial trial = new RemoteTrial(spec, work, wire, where, hadoop);
                Done done = evaluate(work, trial);
                if (trial.broken().isPresent()) {
                    throw trial.broken().get();
                }
                if (Thread.currentThread().isInterrupted()) { // Spark killed the task: the driver runs the trial again
                    throw new java.io.InterruptedIOException("the runner's task was killed during trial " + work.trial());
                }
                wire.send(Wire.DONE, Wire.done(done));
                if (done.state() != Done.State.PAUSED && done.state() != Done.State.RETRY) {
                    // the trial is over: a driver killed before recording it runs it again from the start (a PBT
                    // member from its last boundary); the driver removes it too once recorded, whoever ended it
                    trial.deleteCheckpoint();
                    io.sparkhpo.executors.train.LiveSessions.jvm().drop(
                            new io.sparkhpo.executors.train.LiveSessions.Key(spec.study(), work.trial()));
                }
                ran++;
            }
            throw new java.io.InterruptedIOException("the runner's task was killed");
        }
    }

    private Done evaluate(Work work, RemoteTrial trial) {
        Object objective;
        try {
            objective = spec.objective().create(loader);
        } catch (RuntimeException e) {
            return failed(work, trial, e.getMessage());
        }
        try {
            Map<String, Double> values;
            if (objective instanceof Objective o) {
                values = Map.of(Done.VALUE, o.evaluate(trial));
            } else {
                values = ((MultiObjective) objective).evaluate(trial);
            }
            String problem = check(values);
            if (problem != null) {
                return failed(work, trial, problem);
            }
            return new Done(work.trial(), work.attempt(), Done.State.COMPLETE, values, null, trial.attrs(), trial.seconds(),
                    trial.lastStep());
        } catch (Paused e) {
            return new Done(work.trial(), work.attempt(), Done.State.PAUSED, Map.of(), e.getMessage(), trial.attrs(),
                    trial.seconds(), trial.lastStep());
        } catch (RunnerContext.Retry e) {
            return new Done(work.trial(), work.attempt(), Done.State.RETRY, Map.of(), e.getMessage(), trial.attrs(),
                    trial.seconds(), trial.lastStep());
        } catch (TrialPruned e) {
            return new Done(work.trial(), work.attempt(), Done.State.PRUNED, Map.of(), e.getMessage(), trial.attrs(),
                    trial.seconds(), trial.lastStep());
        } catch (Throwable e) { // the user's code: an Error (out of memory, a linkage error) ends the trial, not the runner
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return failed(work, trial, "evaluate threw " + e.getClass().getName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    /** Why the returned values cannot be told to the study, or null. */
    private String check(Map<String, Double> values) {
        if (values == null) {
            return "evaluate returned null";
        }
        List<String> names = spec.objectives();
        if (!values.keySet().equals(Set.copyOf(names))) {
            return "evaluate returned the objectives " + values.keySet() + ", the study has " + names;
        }
        for (Map.Entry<String, Double> e : values.entrySet()) {
            if (e.getValue() == null || !Double.isFinite(e.getValue())) {
                return "evaluate returned a value that is not finite: " + (names.size() == 1 ? "" : e.getKey() + " = ")
                        + e.getValue();
            }
        }
        return null;
    }

    private static Done failed(Work work, RemoteTrial trial, String message) {
        return new Done(work.trial(), work.attempt(), Done.State.FAILED, Map.of(), message, trial.attrs(), trial.seconds(),
                trial.lastStep());
    }
}
