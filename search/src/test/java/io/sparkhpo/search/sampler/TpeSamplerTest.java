package io.sparkhpo.search.sampler;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

class TpeSamplerTest extends SamplerContract {

    @Override
    Sampler newSampler(long seed) {
        return new TpeSampler(seed);
    }

    /** After its start-up trials TPE concentrates on the good region: its later trials beat random ones. */
    @Test
    void laterTrialsBeatRandomSampling() {
        double tpe = 0;
        double random = 0;
        for (long seed = 0; seed < 5; seed++) {
            tpe += median(run(new TpeSampler(seed), 60).subList(40, 60));
            random += median(run(new RandomSampler(seed), 60).subList(40, 60));
        }
        assertTrue(tpe < 0.5 * random, "mean of medians of trials 40-59: TPE " + tpe / 5 + ", random " + random / 5);
    }

    /** Failed and running trials (without the constant liar) are not fitted; only the start-up count matters. */
    @Test
    void gammaFollowsOptuna() {
        assertTrue(TpeSampler.gamma(10) == 1 && TpeSampler.gamma(11) == 2 && TpeSampler.gamma(1000) == 25);
    }

    static double median(List<Map<String, Object>> trials) {
        double[] v = trials.stream().mapToDouble(SamplerContract::objective).sorted().toArray();
        return v[v.length / 2];
    }

    static double spread(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length - 1] - s[0];
    }
}
