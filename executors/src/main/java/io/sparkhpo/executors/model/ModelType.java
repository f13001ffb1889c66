package io.sparkhpo.executors.model;

import io.sparkhpo.search.registry.Param;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A registered network ({@link Models#REGISTRY}): its name, what it is (one line, for the docs), its keys in the
 * config's {@code model} section, and how it is described for an input shape and a number of classes; or, for a
 * user's network read from a file, the one engine that reads it.
 *
 * @param describe the built-in network's description (both engines build it); empty for a user's file
 * @param engine   the engine that reads a user's file; empty for a built-in network
 */
public record ModelType(String name, String doc, List<Param> params, Optional<Describe> describe, Optional<String> engine) {

    /** A built-in network, described once for both engines. */
    public ModelType(String name, String doc, List<Param> params, Describe describe) {
        this(name, doc, params, Optional.of(describe), Optional.empty());
    }

    /** A user's network in a file that {@code engine} reads. */
    public static ModelType file(String name, String doc, List<Param> params, String engine) {
        return new ModelType(name, doc, params, Optional.empty(), Optional.of(engine));
    }

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
