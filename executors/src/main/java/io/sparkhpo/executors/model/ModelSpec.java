package io.sparkhpo.executors.model;

import java.io.Serializable;
import java.util.List;

/**
 * Which network a trial trains.
 *
 * @param name  {@code resnet18}
 * @param width channels of the first stage (64 in the paper; the stages have w, 2w, 4w, 8w)
 */
public record ModelSpec(String name, int width) implements Serializable {

    public static final List<String> NAMES = List.of(ResNet18.NAME);

    public ModelSpec {
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("ModelSpec.name must be one of " + NAMES + ", got " + name);
        }
        if (width < 1) {
            throw new IllegalArgumentException("ModelSpec.width must be >= 1, got " + width);
        }
    }
}
