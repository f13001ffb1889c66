package io.sparkhpo.driver.sweep;

import io.sparkhpo.executors.train.TrialSpec;

import java.io.Serializable;

/**
 * What one Spark job of a trial trains: epochs {@code [from, to)} of {@code spec}, continuing from and leaving a
 * checkpoint at {@code checkpoint} (a Hadoop path in the study folder), or the whole trial when it is null.
 */
record Segment(TrialSpec spec, int from, int to, String checkpoint) implements Serializable {

    static Segment whole(TrialSpec spec) {
        return new Segment(spec, 0, spec.epochs(), null);
    }

    boolean last() {
        return to == spec.epochs();
    }
}
