package io.sparkhpo.executors.model;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A network as a graph of {@link Layer}s, without an engine: each engine builds its own network from it, in this
 * order, so that both create (and initialize) the parameters in the same order. Nodes come in topological order; the
 * first reads {@link #INPUT}; the last is the classifier, a {@link Layer.Dense} to {@code classes} outputs, named
 * {@link #OUTPUT}. The builder follows each node's shape ({@code channels x height x width}, or {@code features}), so a
 * layer that does not fit its input is an error when the network is described, before any engine runs.
 *
 * @param input   the input's shape
 * @param classes the classifier's outputs
 */
public record Network(List<Node> nodes, Shape input, int classes) implements Serializable {

    public static final String INPUT = "input";
    public static final String OUTPUT = "output";

    /** One layer and the nodes it reads ({@link #INPUT} for the input). */
    public record Node(String name, Layer layer, List<String> inputs) implements Serializable {
    }

    /** An image ({@code channels x height x width}) or a feature vector ({@code height = width = 0}). */
    public record Shape(int channels, int height, int width) implements Serializable {

        public static Shape features(int n) {
            return new Shape(n, 0, 0);
        }

        public boolean image() {
            return height > 0;
        }

        @Override
        public String toString() {
            return image() ? channels + "x" + height + "x" + width : String.valueOf(channels);
        }
    }

    public Network {
        nodes = List.copyOf(nodes);
        if (nodes.isEmpty() || !nodes.get(nodes.size() - 1).name().equals(OUTPUT)
                || !(nodes.get(nodes.size() - 1).layer() instanceof Layer.Dense d) || d.out() != classes) {
            throw new IllegalArgumentException("a network ends with its classifier, a Dense layer to " + classes
                    + " outputs named " + OUTPUT);
        }
    }

    /** Trainable parameters: convolution and dense weights, dense biases, BatchNorm γ and β. */
    public long parameters() {
        return nodes.stream().mapToLong(n -> n.layer().parameters()).sum();
    }

    /** The node the classifier reads (its features). */
    public String features() {
        return nodes.get(nodes.size() - 1).inputs().get(0);
    }

    /** Describes a network node by node, following shapes. */
    public static final class Builder {

        private final Shape input;
        private final List<Node> nodes = new ArrayList<>();
        private final Map<String, Shape> shapes = new HashMap<>();

        public Builder(Shape input) {
            this.input = Objects.requireNonNull(input);
            shapes.put(INPUT, input);
        }

        public Shape shape(String node) {
            Shape s = shapes.get(node);
            if (s == null) {
                throw new IllegalArgumentException("no node " + node);
            }
            return s;
        }

        /** Adds {@code layer} as {@code name}, reading {@code inputs}; returns {@code name}. */
        public String add(String name, Layer layer, String... inputs) {
            if (shapes.containsKey(name)) {
                throw new IllegalArgumentException("two nodes named " + name);
            }
            Shape in = shape(inputs[0]);
            Shape out;
            if (layer instanceof Layer.Conv c) {
                image(name, in, c.in());
                int pad = c.kernel() / 2;
                out = new Shape(c.out(), (in.height() + 2 * pad - c.kernel()) / c.stride() + 1,
                        (in.width() + 2 * pad - c.kernel()) / c.stride() + 1);
            } else if (layer instanceof Layer.BatchNorm b) {
                image(name, in, b.channels());
                out = in;
            } else if (layer instanceof Layer.Add) {
                if (inputs.length != 2 || !shape(inputs[1]).equals(in)) {
                    throw new IllegalArgumentException(name + " adds two inputs of one shape, got "
                            + java.util.Arrays.stream(inputs).map(this::shape).toList());
                }
                out = in;
            } else if (layer instanceof Layer.ZeroPadShortcut z) {
                image(name, in, z.in());
                out = new Shape(z.out(), (in.height() - 1) / z.stride() + 1, (in.width() - 1) / z.stride() + 1);
            } else if (layer instanceof Layer.GlobalAvgPool) {
                image(name, in, in.channels());
                out = Shape.features(in.channels());
            } else if (layer instanceof Layer.Flatten) {
                out = Shape.features(in.image() ? in.channels() * in.height() * in.width() : in.channels());
            } else if (layer instanceof Layer.Dense d) {
                if (in.image() || in.channels() != d.in()) {
                    throw new IllegalArgumentException(name + " takes " + d.in() + " features, its input has shape " + in);
                }
                out = Shape.features(d.out());
            } else { // Relu
                out = in;
            }
            nodes.add(new Node(name, layer, List.of(inputs)));
            shapes.put(name, out);
            return name;
        }

        public Network build() {
            Shape last = shapes.get(nodes.get(nodes.size() - 1).name());
            return new Network(nodes, input, last.channels());
        }

        private static void image(String name, Shape in, int channels) {
            if (!in.image() || in.channels() != channels) {
                throw new IllegalArgumentException(name + " takes images of " + channels + " channels, its input has shape " + in);
            }
        }
    }
}
