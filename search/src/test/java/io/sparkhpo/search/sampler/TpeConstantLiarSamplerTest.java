package io.sparkhpo.search.sampler;

import io.sparkhpo.search.storage.InMemoryStorage;
import io.sparkhpo.search.trial.Direction;
import io.sparkhpo.search.study.Study;
import io.sparkhpo.search.trial.Outcome;
import io.sparkhpo.search.trial.Trial;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

class TpeConstantLiarSamplerTest extends SamplerContract {

    @Override
    Sampler newSampler(long seed) {
        return new TpeSampler(seed, TpeSampler.Options.defaults().withConstantLiar(true));
    }

    /** 16 asks in flight at once: the liar pushes them apart, so they cover more of log(lr) than plain TPE's. */
    @Test
    void constantLiarSpreadsParallelAsks() {
        double liar = 0;
        double plain = 0;
        for (long seed = 0; seed < 5; seed++) {
            liar += parallelSpread(newSampler(seed));
            plain += parallelSpread(new TpeSampler(seed));
        }
        assertTrue(liar > plain, "mean spread of log10(lr) over 16 parallel asks: liar " + liar / 5 + ", plain " + plain / 5);
    }

    private static double parallelSpread(Sampler sampler) {
        Study study = new Study("liar", Direction.MINIMIZE, CONDITIONAL, sampler, new InMemoryStorage());
        for (int i = 0; i < 30; i++) {
            Trial t = study.ask();
            study.tell(t.number(), new Outcome.Complete(objective(t.params())));
        }
        double[] lr = new double[16];
        for (int i = 0; i < lr.length; i++) {
            lr[i] = Math.log10((Double) study.ask().params().get("lr"));
        }
        return TpeSamplerTest.spread(lr);
    }
}
