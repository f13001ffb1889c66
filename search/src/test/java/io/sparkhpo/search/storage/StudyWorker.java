package io.sparkhpo.search.storage;

import io.sparkhpo.search.sampler.TpeSampler;
import io.sparkhpo.search.space.SearchSpace;
import io.sparkhpo.search.trial.Direction;
import io.sparkhpo.search.study.Study;
import io.sparkhpo.search.trial.Outcome;
import io.sparkhpo.search.trial.Trial;
import io.sparkhpo.search.trial.TrialState;

import java.nio.file.Path;
import java.util.Map;

/**
 * A study process for the resume test: {@code StudyWorker JOURNAL TRIALS PAUSE_MS}. Runs TPE on a fixed objective
 * until TRIALS trials are COMPLETE, reporting three intermediate values per trial with a pause after each.
 */
public final class StudyWorker {

    static final SearchSpace SPACE = SearchSpace.builder().addFloat("lr", 1e-4, 1, true).addFloat("wd", 1e-6, 1e-1, true)
            .addCategorical("opt", "adam", "adamw").build();

    static double objective(Map<String, Object> p) {
        double u = Math.log10((Double) p.get("lr")) + 2;
        double v = Math.log10((Double) p.get("wd")) + 4;
        return u * u + 0.5 * v * v + 0.3 * u * v + ("adamw".equals(p.get("opt")) ? 0 : 0.2);
    }

    static Study study(Storage storage) {
        return new Study("resume", Direction.MINIMIZE, SPACE, new TpeSampler(17, TpeSampler.Options.defaults().withStartupTrials(5)), storage);
    }

    /** Runs until {@code trials} trials completed; returns the number of trials it ran itself. */
    static int work(Study study, int trials, long pauseMillis) throws InterruptedException {
        int ran = 0;
        while (study.trials().stream().filter(t -> t.state() == TrialState.COMPLETE).count() < trials) {
            Trial t = study.ask();
            double value = objective(t.params());
            for (int step = 0; step < 3; step++) {
                study.report(t.number(), step, value + 1.0 / (step + 1));
                if (pauseMillis > 0) {
                    Thread.sleep(pauseMillis);
                }
            }
            study.tell(t.number(), new Outcome.Complete(value));
            ran++;
        }
        return ran;
    }

    public static void main(String[] args) throws Exception {
        try (JournalStorage storage = JournalStorage.open(Path.of(args[0]), JournalStorage.Orphans.RETRY)) {
            int ran = work(study(storage), Integer.parseInt(args[1]), Long.parseLong(args[2]));
            System.out.println("ran " + ran);
        }
    }
}
