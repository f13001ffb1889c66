package io.sparkhpo.executors.optim;

import io.sparkhpo.search.registry.Param;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * A registered optimizer that wraps an update rule rather than being one ({@code optimizer = sam, base = adamw}):
 * its config name, what it is (for messages: "sharpness-aware minimization around a base optimizer"), its
 * {@code base} key (which rule steps: required, one of {@link OptimizerSpecs#NAMES}), its own keys, and how it wraps
 * the base's spec given the trial's values of its keys. {@link OptimizerSpecs#WRAPPERS} lists them; the driver's
 * hyperparameters, the trials table's columns, the config checks and a trial's optimizer come from there, so a
 * wrapper needs no code of its own in the driver.
 *
 * @param base   its base key; the trial's value names the rule that steps (whose lr, decay and defaults the trial takes)
 * @param params its own keys besides the base
 * @param wrap   the wrapper's spec around the base's, from the trial's values of its keys (absent ones: defaults)
 */
public record OptimizerWrapper(String name, String doc, Param base, List<Param> params,
                               BiFunction<OptimizerSpec, Map<String, Object>, OptimizerSpec> wrap) {

    /** Every key it takes: the base, then its own. */
    public List<Param> keys() {
        List<Param> out = new ArrayList<>(List.of(base));
        out.addAll(params);
        return List.copyOf(out);
    }

    /** Its spec around {@code stepping}, the base's. */
    public OptimizerSpec wrap(OptimizerSpec stepping, Map<String, Object> values) {
        return wrap.apply(stepping, values);
    }
}
