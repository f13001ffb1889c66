package io.sparkhpo.executors.train.dl4j;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Where each parameter array lives in a ComputationGraph's flat parameter (and gradient) vector, split into the
 * trainable ones, which the optimizer updates, and BatchNorm's running statistics, whose "gradients" DL4J computes
 * as ready-made updates ({@code θ ← θ − g}, its NoOp updater, not divided by the batch size).
 */
final class ParamLayout {

    /** A contiguous range of the flat vector. */
    record Range(int start, int length, String name) {
    }

    private final List<Range> trainable;
    private final List<Range> statistics;
    private final int trainableSize;
    private final int total;

    private ParamLayout(List<Range> trainable, List<Range> statistics, int total) {
        this.trainable = trainable;
        this.statistics = statistics;
        this.trainableSize = trainable.stream().mapToInt(Range::length).sum();
        this.total = total;
    }

    static ParamLayout of(ComputationGraph graph) {
        INDArray flat = graph.params();
        long base = flat.offset();
        List<Range> trainable = new ArrayList<>();
        List<Range> statistics = new ArrayList<>();
        for (Layer layer : graph.getLayers()) {
            for (Map.Entry<String, INDArray> p : layer.paramTable(false).entrySet()) {
                INDArray view = p.getValue();
                Range r = new Range(Math.toIntExact(view.offset() - base), Math.toIntExact(view.length()),
                        layer.conf().getLayer().getLayerName() + "_" + p.getKey());
                (layer.updaterDivideByMinibatch(p.getKey()) ? trainable : statistics).add(r);
            }
        }
        trainable.sort(Comparator.comparingInt(Range::start));
        statistics.sort(Comparator.comparingInt(Range::start));
        ParamLayout layout = new ParamLayout(trainable, statistics, Math.toIntExact(flat.length()));
        layout.checkTiling();
        return layout;
    }

    /** The ranges must cover the flat vector exactly once, or the gather/scatter below would be wrong. */
    private void checkTiling() {
        List<Range> all = new ArrayList<>(trainable);
        all.addAll(statistics);
        all.sort(Comparator.comparingInt(Range::start));
        int next = 0;
        for (Range r : all) {
            if (r.start() != next) {
                throw new IllegalStateException("parameter " + r.name() + " starts at " + r.start() + ", expected " + next);
            }
            next += r.length();
        }
        if (next != total) {
            throw new IllegalStateException("parameter views cover " + next + " of " + total + " elements");
        }
    }

    /** The trainable ranges in the order of the packed vector ({@link #gather}). */
    List<Range> trainable() {
        return trainable;
    }

    int trainableSize() {
        return trainableSize;
    }

    int total() {
        return total;
    }

    /** Copies the trainable elements of {@code flat} into {@code out}, packed. */
    void gather(float[] flat, float[] out) {
        int k = 0;
        for (Range r : trainable) {
            System.arraycopy(flat, r.start(), out, k, r.length());
            k += r.length();
        }
    }

    /** The running statistics of {@code flat}, packed. */
    float[] statistics(float[] flat) {
        float[] out = new float[total - trainableSize];
        int k = 0;
        for (Range r : statistics) {
            System.arraycopy(flat, r.start(), out, k, r.length());
            k += r.length();
        }
        return out;
    }

    /** The inverse of {@link #gather}. */
    void scatter(float[] packed, float[] flat) {
        int k = 0;
        for (Range r : trainable) {
            System.arraycopy(packed, k, flat, r.start(), r.length());
            k += r.length();
        }
    }

    /**
     * Views of the trainable parts of {@code flat} (the parameters or the gradients), in order, adjacent ranges
     * merged: a layer's weights and the next BatchNorm's γ and β make one view. ND4J runs an operation on a few
     * million elements several times faster per element than on a few hundred thousand, and each operation costs
     * some microseconds however small its array.
     */
    List<INDArray> trainableViews(Nd4jVectors o, INDArray flat) {
        List<Range> runs = new ArrayList<>();
        for (Range r : trainable) {
            Range last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
            if (last != null && last.start() + last.length() == r.start()) {
                runs.set(runs.size() - 1, new Range(last.start(), last.length() + r.length(), last.name() + "+" + r.name()));
            } else {
                runs.add(r);
            }
        }
        return views(o, flat, runs);
    }

    /** Views of the running-statistics ranges of {@code flat}, in order. */
    List<INDArray> statisticsViews(Nd4jVectors o, INDArray flat) {
        return views(o, flat, statistics);
    }

    private static List<INDArray> views(Nd4jVectors o, INDArray flat, List<Range> ranges) {
        List<INDArray> out = new ArrayList<>(ranges.size());
        for (Range r : ranges) {
            out.add(o.slice(flat, r.start(), r.start() + r.length()));
        }
        return out;
    }

    /** Elements of the largest of {@link #trainableViews}. */
    int largestTrainableView() {
        int largest = 0;
        int run = 0;
        int end = -1;
        for (Range r : trainable) {
            run = r.start() == end ? run + r.length() : r.length();
            end = r.start() + r.length();
            largest = Math.max(largest, run);
        }
        return largest;
    }
}
