package io.sparkhpo.executors.train;

import io.sparkhpo.executors.data.Cifar10;
import io.sparkhpo.executors.data.DataSpec;
import io.sparkhpo.executors.data.TestData;
import io.sparkhpo.executors.model.ModelSpec;
import io.sparkhpo.executors.optim.WeightDecay;
import io.sparkhpo.executors.optim.OptimizerSpecs;
import io.sparkhpo.executors.optim.WeightDecayMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LrFinderTest {

    @TempDir
    Path dir;

    /** On a loss that falls fastest at lr = 1e-3 and blows up past 1e-1, the suggestion is near 1e-3. */
    @Test
    void suggestsTheSteepestDescentBeforeTheMinimum() {
        List<LrFinder.Point> points = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            double lr = 1e-6 * Math.pow(1e6, i / 99.0);
            double x = Math.log10(lr);
            double loss = 2.3 - 1.0 / (1 + Math.exp(-3 * (x + 3))) + (lr > 0.1 ? (x + 1) * 5 : 0);
            points.add(new LrFinder.Point(i, lr, loss, loss));
        }
        double s = LrFinder.suggest(points).getAsDouble();
        assertTrue(s > 5e-4 && s < 2e-3, "suggested " + s);
    }

    @Test
    void rampsExponentiallyAndStopsWhenTheLossExplodes() throws Exception {
        TestData.writeCifar10(dir, 40, 10, 3);
        TrialSpec spec = TrialSpec.basic("lrf", 0, "dl4j", new DataSpec(Cifar10.NAME, dir.toString(), 200, 10, 1, false, true),
                ModelSpec.resnet18(2), OptimizerSpecs.create("adam", 1e-3, java.util.Map.of(), WeightDecay.of(1e-4, WeightDecayMode.DECOUPLED_LR)), 1, 20, 1);
        LrFinder.Result r = LrFinder.run(spec, 2, 1e-5, 1e4, 60, 4);
        assertTrue(r.points().size() >= 10);
        LrFinder.Point first = r.points().get(0);
        LrFinder.Point second = r.points().get(1);
        assertEquals(1e-5, first.lr(), 1e-18);
        assertEquals(Math.pow(1e9, 1 / 59.0), second.lr() / first.lr(), 1e-9, "geometric ramp");
        assertTrue(r.points().size() < 60, "an lr of 1e4 diverges before the end: " + r.stopReason());
        assertTrue(r.stopReason().contains("lr"), r.stopReason());
    }
}
