package io.sparkhpo.executors.model;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Which network a trial trains: a {@link Models} entry and its settings (checked, defaults filled in).
 *
 * @param name     a {@link Models#NAMES} entry
 * @param settings its keys' values
 */
public record ModelSpec(String name, Map<String, Object> settings) implements Serializable {

    public ModelSpec {
        settings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(Models.type(name).settings(settings)));
    }

    /** The CIFAR ResNet-18 with first-stage width {@code width}. */
    public static ModelSpec resnet18(int width) {
        return new ModelSpec("resnet18", Map.of("width", (long) width));
    }

    /**
     * The network for inputs of {@code input}'s shape and {@code classes} classes.
     *
     * @throws IllegalStateException for a user's network in a file (its engine reads it)
     */
    public Network network(Network.Shape input, int classes) {
        return Models.type(name).describe().orElseThrow(() -> new IllegalStateException("model " + name
                + " is read from its file by the " + Models.type(name).engine().orElseThrow() + " engine"))
                .network(settings, input, classes);
    }

    /** Whether it is a built-in network (both engines build it), not a user's file. */
    public boolean builtIn() {
        return Models.type(name).describe().isPresent();
    }

    /** E.g. {@code resnet18(width=64)}, for logs and the report. */
    public String label() {
        return name + settings.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", ", "(", ")"));
    }
}
