package io.sparkhpo.driver.objective;

import io.sparkhpo.api.MultiObjective;
import io.sparkhpo.api.Objective;
import io.sparkhpo.api.TrialContext;

import java.nio.ByteBuffer;
import java.util.Map;

/** Objectives the tests sweep by class name, and the bad ones they must refuse or fail. */
public final class TestObjectives {

    private TestObjectives() {
    }

    /**
     * A training curve: {@code steps} reports of (x − 0.3)² + 1/step, with a checkpoint after each step that a retry
     * continues from; the step it started at and the attempt go to user attributes.
     */
    public static final class Curve implements Objective {
        @Override
        public double evaluate(TrialContext t) throws Exception {
            double x = t.getDouble("x");
            int steps = t.getInt("steps");
            int from = t.restoreCheckpoint().map(b -> ByteBuffer.wrap(b).getInt()).orElse(0);
            t.setUserAttr("started_at", from);
            t.setUserAttr("attempt", t.attempt());
            double v = from > 0 ? (x - 0.3) * (x - 0.3) + 1.0 / from : Double.NaN; // a checkpoint of the last step
            for (int s = from + 1; s <= steps; s++) {
                v = (x - 0.3) * (x - 0.3) + 1.0 / s;
                Thread.sleep(t.getLong("sleep_ms"));
                t.report(s, v, Map.of("loss", 2 * v, "step_seconds", 0.001));
                t.saveCheckpoint(ByteBuffer.allocate(4).putInt(s).array());
            }
            return v;
        }
    }

    /** Two objectives: (x − 0.3)² and x itself, both minimized, so the front is x in [0, 0.3]. */
    public static final class Two implements MultiObjective {
        @Override
        public Map<String, Double> evaluate(TrialContext t) {
            double x = t.getDouble("x");
            return Map.of("error", (x - 0.3) * (x - 0.3), "cost", x);
        }
    }

    public static final class ThrowingConstructor implements Objective {
        public ThrowingConstructor() {
            throw new IllegalStateException("no licence server");
        }

        @Override
        public double evaluate(TrialContext t) {
            return 0;
        }
    }

    public static final class NotAnObjective {
    }

    /** Fails for x above 0.5, with a message the trials table must keep. */
    public static final class ThrowsAboveHalf implements Objective {
        @Override
        public double evaluate(TrialContext t) {
            if (t.getDouble("x") > 0.5) {
                throw new IllegalStateException("x too large: " + t.getDouble("x"));
            }
            return t.getDouble("x");
        }
    }

    /** NaN for x above 0.5. */
    public static final class NanAboveHalf implements Objective {
        @Override
        public double evaluate(TrialContext t) {
            return t.getDouble("x") > 0.5 ? Double.NaN : t.getDouble("x");
        }
    }

    /**
     * A PBT toy: a state p that grows by {@link #gain} of the learning rate each step (best at lr = 0.01); the value
     * is 100 − p. The state and step are saved before each report, so a member that takes another's checkpoint
     * continues from that member's p.
     */
    public static final class Climb implements Objective {
        private static void sleep(long ms) {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        public static double gain(double lr) {
            double d = Math.log10(lr) + 2;
            return 1 - d * d;
        }

        @Override
        public double evaluate(TrialContext t) {
            ByteBuffer saved = t.restoreCheckpoint().map(ByteBuffer::wrap).orElse(null);
            int from = saved == null ? 0 : saved.getInt();
            double p = saved == null ? 0 : saved.getDouble();
            for (int s = from + 1; s <= t.getInt("steps"); s++) {
                p += gain(t.getDouble("lr"));
                sleep(t.getLong("sleep_ms"));
                t.saveCheckpoint(ByteBuffer.allocate(12).putInt(s).putDouble(p).array());
                t.report(s, 100 - p);
            }
            return 100 - p;
        }
    }
}
