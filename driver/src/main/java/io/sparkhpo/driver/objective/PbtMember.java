package io.sparkhpo.driver.objective;

import io.sparkhpo.driver.runner.Work;
import io.sparkhpo.driver.runtime.PbtJournal;
import io.sparkhpo.search.pbt.Pbt;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** One member of a PBT population as {@link PbtPolicy} keeps it: its values, where it stands, what it decided. */
final class PbtMember {

    final int number;
    final long seed;
    final Map<String, Object> params;
    int attempt;
    boolean ended;
    /** paused at its latest boundary, undecided there (synchronous: until every member is) */
    boolean waiting;
    int reached;
    int decidedAt;
    double startScore = Double.NaN;
    Pbt.Exploit pending;
    final Map<Integer, Map<String, Object>> paramsBefore = new HashMap<>();
    final Map<Integer, PbtJournal.Decision> decisions = new HashMap<>();
    final List<Map<String, Object>> sinceBoundary = new ArrayList<>();
    final List<Map<String, Object>> restored = new ArrayList<>();
    /** Its latest report at each step, for its lineage's per-step metrics. */
    final TreeMap<Integer, Map<String, Object>> byStep = new TreeMap<>();

    PbtMember(int number, long seed, Map<String, Object> params) {
        this.number = number;
        this.seed = seed;
        this.params = new LinkedHashMap<>(params);
    }

    Work work() {
        return new Work(number, attempt, seed, params);
    }
}
