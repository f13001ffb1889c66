package io.sparkhpo.executors.train;

import io.sparkhpo.executors.data.Batches;
import io.sparkhpo.executors.data.DataCache;
import io.sparkhpo.executors.data.DataSpec;
import io.sparkhpo.executors.data.PreparedData;
import io.sparkhpo.executors.optim.StepPlan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The learning-rate range test (Smith 2017; fastai's {@code lr_find}): train the trial's model with its optimizer
 * while the rate grows exponentially from {@code minLr} to {@code maxLr} over {@code iterations} steps, one per
 * batch; record the loss, smoothed as fastai does (exponential moving average, β = 0.98, bias-corrected); stop
 * once the smoothed loss exceeds {@code divergeFactor} times its minimum, or is not finite. The suggested rate is
 * where the smoothed loss falls fastest against log(lr) before its minimum ("steepest descent").
 */
public final class LrFinder {

    private static final Logger LOG = LoggerFactory.getLogger(LrFinder.class);
    static final double BETA = 0.98;

    /** One step: its rate, raw and smoothed loss. */
    public record Point(int iteration, double lr, double loss, double smoothedLoss) {
    }

    /** @param stopReason why the ramp ended: {@code "completed"} or what diverged */
    public record Result(List<Point> points, OptionalDouble suggestion, String stopReason) {
    }

    private LrFinder() {
    }

    public static Result run(TrialSpec spec, int threads, double minLr, double maxLr, int iterations,
                             double divergeFactor) {
        if (!(minLr > 0) || !(maxLr > minLr) || iterations < 2 || !(divergeFactor > 1)) {
            throw new IllegalArgumentException("lr-find needs 0 < min_lr < max_lr, iterations >= 2 and diverge factor > 1,"
                    + " got min_lr=" + minLr + ", max_lr=" + maxLr + ", iterations=" + iterations + ", factor=" + divergeFactor);
        }
        PreparedData data = DataCache.get(spec.data());
        Batches train = Batches.training(data.train(), spec.batchSize(), data.normalization(), spec.data().augment(),
                DataSpec.CROP_PADDING, spec.seed());
        TrainingEngine engine = Engines.get(spec.engine());
        engine.setIntraOpThreads(threads);
        List<Point> points = new ArrayList<>();
        String stop = "completed";
        try (TrainingSession session = engine.open(spec, data.train())) {
            double avg = 0;
            double best = Double.POSITIVE_INFINITY;
            double lambda = spec.optimizer().weightDecay().lambda(spec.batchSize(), spec.data().trainSize(), spec.epochs());
            for (int i = 0; i < iterations; i++) {
                double lr = minLr * Math.pow(maxLr / minLr, i / (double) (iterations - 1));
                int epoch = i / train.count();
                BatchResult r = session.trainBatch(train.get(epoch, i % train.count()),
                        new StepPlan(lr, lr / spec.optimizer().lr(), lambda, OptionalDouble.empty()));
                if (!Double.isFinite(r.loss())) {
                    stop = "loss became " + r.loss() + " at lr " + String.format("%.3g", lr);
                    break;
                }
                avg = BETA * avg + (1 - BETA) * r.loss();
                double smoothed = avg / (1 - Math.pow(BETA, i + 1));
                points.add(new Point(i, lr, r.loss(), smoothed));
                best = Math.min(best, smoothed);
                if (smoothed > divergeFactor * best) {
                    stop = "smoothed loss " + String.format("%.3g", smoothed) + " > " + divergeFactor + " x its minimum at lr "
                            + String.format("%.3g", lr);
                    break;
                }
                if ((i + 1) % 25 == 0) {
                    LOG.info("lr-find: step {}/{}, lr {}, smoothed loss {}", i + 1, iterations, String.format("%.3g", lr),
                            String.format("%.4f", smoothed));
                }
            }
        }
        return new Result(points, suggest(points), stop);
    }

    /**
     * The rate at the steepest fall of the smoothed loss against log(lr), among the points before its minimum,
     * skipping the first tenth (where the moving average has not settled).
     */
    static OptionalDouble suggest(List<Point> points) {
        if (points.size() < 5) {
            return OptionalDouble.empty();
        }
        int min = 0;
        for (int i = 1; i < points.size(); i++) {
            if (points.get(i).smoothedLoss() < points.get(min).smoothedLoss()) {
                min = i;
            }
        }
        int from = Math.max(1, points.size() / 10);
        int best = -1;
        double steepest = 0;
        for (int i = from; i <= min && i < points.size(); i++) {
            Point a = points.get(i - 1);
            Point b = points.get(i);
            double slope = (b.smoothedLoss() - a.smoothedLoss()) / (Math.log(b.lr()) - Math.log(a.lr()));
            if (slope < steepest) {
                steepest = slope;
                best = i;
            }
        }
        return best < 0 ? OptionalDouble.empty() : OptionalDouble.of(points.get(best).lr());
    }
}
