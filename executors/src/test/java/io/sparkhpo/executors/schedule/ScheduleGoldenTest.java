package io.sparkhpo.executors.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkhpo.executors.Golden;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every schedule replayed against the sequences of torch 1.13's schedulers (tools/golden/schedules.py), 70 steps
 * each, within 1e-6 relative (with an absolute floor of 1e-12·α for rates that reach zero).
 */
class ScheduleGoldenTest {

    static final JsonNode FIXTURE = Golden.load("schedules.json");

    @TestFactory
    List<DynamicTest> sequencesMatchPyTorch() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : FIXTURE.get("cases")) {
            tests.add(DynamicTest.dynamicTest(c.get("schedule").toString(), () -> replay(c)));
        }
        return tests;
    }

    static void replay(JsonNode c) {
        ScheduleSpec spec = Golden.schedule(Golden.map(c.get("schedule")));
        double base = c.get("base_lr").asDouble();
        double[] lrs = Golden.doubles(c.get("lrs"));
        String what = spec.describe();
        if (spec.name().equals("plateau")) {
            Plateau p = Schedules.plateau(spec, base);
            double[] metrics = Golden.doubles(c.get("metrics"));
            for (int k = 0; k < lrs.length; k++) {
                check(what, k, p.lr(), lrs[k], base);
                p.step(metrics[k]);
            }
            return;
        }
        Schedule s = Schedules.create(spec, base, new Schedules.Horizon(lrs.length, 1));
        int perEpoch = c.has("iterations_per_epoch") ? c.get("iterations_per_epoch").asInt() : 0;
        for (int k = 0; k < lrs.length; k++) {
            // warm restarts stepped per iteration: the position LrController gives iteration k (PyTorch's documented loop)
            double t = perEpoch > 0 ? io.sparkhpo.executors.train.LrController.fractionalEpoch(k / perEpoch, k % perEpoch, perEpoch) : k;
            check(what, k, base * s.eta(t), lrs[k], base);
        }
        if (c.has("momenta") && !c.get("momenta").isNull()) {
            double[] moms = Golden.doubles(c.get("momenta"));
            for (int k = 0; k < moms.length; k++) {
                OptionalDouble m = s.momentum(k);
                assertTrue(m.isPresent(), what + " cycles momentum");
                check(what + " momentum", k, m.getAsDouble(), moms[k], 1.0);
            }
        }
    }

    static void check(String what, int k, double actual, double expected, double base) {
        double err = Math.abs(actual - expected);
        double tol = 1e-6 * Math.abs(expected) + 1e-12 * base;
        assertTrue(err <= tol, what + " step " + k + ": " + actual + " vs torch " + expected + " (error " + err + ")");
    }

    /** Every schedule the config offers appears in the fixture, 60 steps at least. */
    @Test
    void fixtureCoversEverySchedule() {
        Set<String> seen = new HashSet<>();
        for (JsonNode c : FIXTURE.get("cases")) {
            seen.add(c.at("/schedule/name").asText());
            if (c.at("/schedule/warmup").isObject()) {
                seen.add("warmup");
            }
            assertTrue(c.get("lrs").size() >= 60);
        }
        for (String name : Schedules.NAMES) {
            assertTrue(seen.contains(name), name + " is missing from the golden fixture");
        }
        assertTrue(seen.contains("warmup"));
        assertEquals("1.13", FIXTURE.get("torch").asText().substring(0, 4));
    }
}
