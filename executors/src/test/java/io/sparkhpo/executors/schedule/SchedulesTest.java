package io.sparkhpo.executors.schedule;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SchedulesTest {

    static ScheduleSpec spec(String name, Map<String, Object> params) {
        return ScheduleSpec.of(name, Schedules.NAMES.contains(name) ? Schedules.defaultUnit(name) : Unit.EPOCH, params);
    }

    @ParameterizedTest(name = "{0} {1}={2}")
    @CsvSource(delimiter = '|', value = {
            "cosine_restarts | t_0 | 0.0 | schedule.t_0 must be >= 1, got 0.0",
            "cosine_restarts | t_0 | 1.5 | schedule.t_0 must be an integer, got 1.5",
            "step | step_size | -1.0 | schedule.step_size must be >= 1",
            "exponential | gamma | 0.0 | schedule.gamma must be > 0",
            "plateau | factor | 1.0 | schedule.factor must be in (0, 1)",
            "one_cycle | pct_start | 1.0 | schedule.pct_start must be in (0, 1)",
            "cyclic | base_lr_factor | 0.0 | schedule.base_lr_factor must be in (0, 1]",
            "linear | start_factor | 0.0 | schedule.start_factor must be in (0, 1]",
            "polynomial | power | -1.0 | schedule.power must be > 0",
    })
    void invalidValuesNameKeyAndValue(String name, String key, double value, String message) {
        Map<String, Object> params = new java.util.HashMap<>(Map.of(key, value));
        if (name.equals("cyclic") && !key.equals("base_lr_factor")) {
            params.put("base_lr_factor", 0.1);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Schedules.validate(spec(name, params), "schedule"));
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }

    @Test
    void structuralErrors() {
        assertMessage("unknown schedule \"cosinus\"", spec("cosinus", Map.of()));
        assertMessage("unknown key schedule.tmax", spec("cosine", Map.of("tmax", 5.0)));
        assertMessage("schedule.gamma is required", spec("exponential", Map.of()));
        assertMessage("schedule.mode must be one of [min, max]", spec("plateau", Map.of("mode", "minimum")));
        assertMessage("schedule.factor: in expression \"0.9 ^^ t\"", spec("lambda", Map.of("factor", "0.9 ^^ t")));
        assertMessage("schedule.milestones must be increasing", new ScheduleSpec("sequential", Unit.EPOCH,
                Map.of("milestones", List.of(5.0, 3.0)), List.of(spec("constant", Map.of()), spec("constant", Map.of()),
                spec("constant", Map.of()))));
        assertMessage("schedule.milestones must have one fewer entry", new ScheduleSpec("sequential", Unit.EPOCH,
                Map.of("milestones", List.of(5.0)), List.of(spec("constant", Map.of()), spec("constant", Map.of()),
                spec("constant", Map.of()))));
        assertMessage("schedule.schedules must list at least 2", new ScheduleSpec("sequential", Unit.EPOCH,
                Map.of("milestones", List.of()), List.of(spec("constant", Map.of()))));
        assertMessage("schedule.schedules[1].name must be one of", new ScheduleSpec("chained", Unit.EPOCH, Map.of(),
                List.of(spec("constant", Map.of()), spec("plateau", Map.of()))));
        assertMessage("schedule.warmup.length must be an integer >= 1", spec("cosine",
                Map.of("warmup", Map.of("length", 0.0))));
        assertMessage("unknown key schedule.warmup.steps", spec("cosine", Map.of("warmup", Map.of("steps", 3.0))));
    }

    private static void assertMessage(String start, ScheduleSpec s) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Schedules.validate(s, "schedule"));
        assertTrue(e.getMessage().startsWith(start), "expected \"" + start + "...\", got: " + e.getMessage());
    }

    @Test
    void cyclicSchedulesStepPerIterationByDefault() {
        assertEquals(Unit.ITERATION, Schedules.defaultUnit("one_cycle"));
        assertEquals(Unit.ITERATION, Schedules.defaultUnit("cyclic"));
        assertEquals(Unit.EPOCH, Schedules.defaultUnit("cosine"));
    }

    /** Defaults derived from the run: cosine's t_max and linear_decay's total are the whole run. */
    @Test
    void lengthsDefaultToTheRun() {
        Schedule cos = Schedules.create(spec("cosine", Map.of()), 0.1, new Schedules.Horizon(20, 50));
        assertEquals(0.5, cos.eta(10), 1e-12);
        Schedule perIter = Schedules.create(ScheduleSpec.of("linear_decay", Unit.ITERATION, Map.of()), 0.1,
                new Schedules.Horizon(4, 25));
        assertEquals(0.5, perIter.eta(50), 1e-12);
        Schedule cycle = Schedules.create(spec("one_cycle", Map.of()), 0.1, new Schedules.Horizon(4, 25));
        assertEquals(1.0, cycle.eta(0.3 * 100 - 1), 1e-12, "peak at pct_start of 100 steps");
    }

    @Test
    void warmupPrecedesTheSchedule() {
        Schedule s = Schedules.create(spec("exponential", Map.of("gamma", 0.5, "warmup", Map.of("length", 4.0))),
                0.1, new Schedules.Horizon(20, 1));
        assertEquals(0.1, s.eta(0), 1e-12, "default start_factor 0.1");
        assertEquals(0.1 + 0.9 * 2 / 4, s.eta(2), 1e-12);
        assertEquals(1.0, s.eta(4), 1e-12, "the schedule starts at its own t = 0 after the warmup");
        assertEquals(0.5, s.eta(5), 1e-12);
    }

    @Test
    void restartsReportTheirPeriod() {
        Schedule s = Schedules.create(spec("cosine_restarts", Map.of("t_0", 2.0, "t_mult", 3.0)), 0.1,
                new Schedules.Horizon(30, 1));
        assertEquals(2, s.restartPeriod(1).getAsDouble());
        assertEquals(6, s.restartPeriod(2).getAsDouble());
        assertEquals(18, s.restartPeriod(8).getAsDouble());
        assertEquals(1.0, s.eta(8), 1e-12, "a restart begins at 2 + 6 = 8");
    }
}
