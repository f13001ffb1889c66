package io.sparkhpo.executors.model;

import io.sparkhpo.search.registry.Param;

import java.util.List;
import java.util.Map;

/**
 * A registered network ({@link Models#REGISTRY}): its name, what it is (one line, for the docs), its keys in the
 * config's {@code model} section, and how it is described for an input shape and a number of classes.
 */
public record ModelType(String name, String doc, List<Param> params, Describe describe) {

    /** The network for the trial's settings (each of {@link #params} present), input shape and classes. */
    @FunctionalInterface
    public interface Describe {
        Network network(Map<String, Object> settings, Network.Shape input, int classes);
    }

    public ModelType {
        params = List.copyOf(params);
    }

    /**
     * {@code given} checked against the keys (an unknown key or a bad value is an {@code IllegalArgumentException}
     * naming it), defaults filled in, in the keys' order.
     */
    public Map<String, Object> settings(Map<String, ?> given) {
        return Param.settings("model " + name, params, given);
    }
}
