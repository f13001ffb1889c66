package io.sparkhpo.driver.runner;

import io.sparkhpo.driver.config.ObjectiveSource;

import java.io.Serializable;
import java.util.List;

/**
 * What every runner task of a sweep gets in its closure: where the driver's {@link TrialServer} is, the objective,
 * the study, and its share of the executor's cores.
 *
 * @param study      the study's name
 * @param studyDir   the study folder as a full URI (checkpoints live under it)
 * @param objectives the objectives' names: one ({@link Done#VALUE}) for an {@code Objective}, the study's for a
 *                   {@code MultiObjective}
 * @param threads    the threads each trial may use
 */
public record RunnerSpec(Address server, ObjectiveSource objective, String study, String studyDir,
                         List<String> objectives, int threads) implements Serializable {

    public RunnerSpec {
        objectives = List.copyOf(objectives);
    }

    /** A {@link TrialServer}'s address and the token a runner shows it. */
    public record Address(String host, int port, String token) implements Serializable {
    }
}
