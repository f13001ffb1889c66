package io.sparkhpo.executors.optim;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OptimizerSpecsTest {

    static final WeightDecay NONE = WeightDecay.none(WeightDecayMode.L2);

    @Test
    void aliasesResolveToRulesAndModes() {
        assertEquals("adam", OptimizerSpecs.rule("adamw"));
        assertEquals("qhadam", OptimizerSpecs.rule("qhadamw"));
        assertEquals("sgd", OptimizerSpecs.rule("sgdw"));
        assertTrue(((RuleSpec) OptimizerSpecs.create("amsgrad", 1e-3, Map.of(), NONE)).flag("amsgrad"));
        assertEquals(WeightDecayMode.DECOUPLED_LR, OptimizerSpecs.decayMode("adamw", Optional.empty()));
        assertEquals(WeightDecayMode.DECOUPLED, OptimizerSpecs.decayMode("sgdw", Optional.of(WeightDecayMode.DECOUPLED)));
        assertEquals(WeightDecayMode.L2, OptimizerSpecs.decayMode("radam", Optional.empty()));
        assertEquals(WeightDecayMode.DECOUPLED, OptimizerSpecs.decayMode("adam", Optional.of(WeightDecayMode.DECOUPLED)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OptimizerSpecs.decayMode("adamw", Optional.of(WeightDecayMode.L2)));
        assertTrue(e.getMessage().contains("optimizer = adam"), e.getMessage());
    }

    @Test
    void labelsSayWhatTheOptimizerIs() {
        assertEquals("AdamW", OptimizerSpecs.create("adamw", 1e-3, Map.of(),
                WeightDecay.of(0.01, WeightDecayMode.DECOUPLED_LR)).label());
        assertEquals("Adam", OptimizerSpecs.create("adam", 1e-3, Map.of(), NONE).label());
        assertEquals("SGDW", OptimizerSpecs.create("sgd", 0.1, Map.of(), WeightDecay.of(1e-4, WeightDecayMode.DECOUPLED)).label());
        assertEquals("QHAdamW", OptimizerSpecs.create("qhadamw", 1e-3, Map.of(),
                WeightDecay.of(0.1, WeightDecayMode.DECOUPLED_LR)).label());
        assertEquals("AMSGrad", OptimizerSpecs.create("amsgrad", 1e-3, Map.of(), NONE).label());
    }

    @Test
    void defaultsArePyTorchs() {
        assertEquals(1e-10, ((RuleSpec) OptimizerSpecs.create("adagrad", 0.01, Map.of(), NONE)).real("eps"));
        assertEquals(0.99, ((RuleSpec) OptimizerSpecs.create("rmsprop", 0.01, Map.of(), NONE)).real("alpha"));
        assertEquals(4e-3, ((RuleSpec) OptimizerSpecs.create("nadam", 2e-3, Map.of(), NONE)).real("momentum_decay"));
        assertEquals(Optional.of(2e-3), OptimizerSpecs.defaultLr("adamax"));
        assertEquals(Optional.empty(), OptimizerSpecs.defaultLr("sgd"));
        assertEquals(0.01, OptimizerSpecs.defaultWeightDecay("adamw"));
        assertEquals(0.0, OptimizerSpecs.defaultWeightDecay("adam"));
        assertFalse(OptimizerSpecs.keys("adam").contains("momentum"));
        assertTrue(OptimizerSpecs.keys("qhadam").contains("nu1"));
    }

    /** Keys of other optimizers are ignored: a sweep over optimizers shares one set of values. */
    @Test
    void sharedValuesApplyWhereTheyFit() {
        OptimizerSpec sgd = OptimizerSpecs.create("sgd", 0.1, Map.of("momentum", 0.9, "beta1", 0.5), NONE);
        assertEquals(Map.of("momentum", 0.9, "dampening", 0.0, "nesterov", false), sgd.hyperparameters());
        OptimizerSpec adam = OptimizerSpecs.create("adam", 0.1, Map.of("momentum", 0.9, "beta1", 0.5), NONE);
        assertEquals(java.util.List.of("beta1", "beta2", "eps", "amsgrad"), java.util.List.copyOf(adam.hyperparameters().keySet()));
        assertEquals(0.5, adam.hyperparameters().get("beta1"));
        assertEquals("qhadam", OptimizerSpecs.create("qhadam", 0.1, Map.of(), NONE).name());
    }

    /** A spec built directly holds exactly its rule's keys, each checked by the rule's declaration. */
    @Test
    void aRuleSpecTakesExactlyItsRulesKeys() {
        Map<String, Object> adam = Map.of("beta1", 0.9, "beta2", 0.999, "eps", 1e-8, "amsgrad", false);
        RuleSpec spec = new RuleSpec("adam", 1e-3, adam, NONE);
        assertEquals(spec, spec.withLr(2e-3).withLr(1e-3), "withLr keeps the rest");
        assertTrue(spec.hasMomentum());
        assertFalse(((RuleSpec) OptimizerSpecs.create("sgd", 0.1, Map.of(), NONE)).hasMomentum());
        assertTrue(((RuleSpec) OptimizerSpecs.create("rmsprop", 0.1, Map.of("momentum", 0.5), NONE)).hasMomentum());
        java.util.Map<String, Object> extra = new java.util.HashMap<>(adam);
        extra.put("momentum", 0.9);
        assertMessage("adam takes no [momentum]", () -> new RuleSpec("adam", 1e-3, extra, NONE));
        java.util.Map<String, Object> missing = new java.util.HashMap<>(adam);
        missing.remove("eps");
        assertMessage("adam needs eps", () -> new RuleSpec("adam", 1e-3, missing, NONE));
        java.util.Map<String, Object> flag = new java.util.HashMap<>(adam);
        flag.put("amsgrad", 1.0);
        assertMessage("adam amsgrad must be true or false, got 1.0", () -> new RuleSpec("adam", 1e-3, flag, NONE));
        assertMessage("adam eps must be a number > 0, got Infinity",
                () -> OptimizerSpecs.create("adam", 1e-3, Map.of("eps", Double.POSITIVE_INFINITY), NONE));
        assertMessage("unknown update rule 'adamw'", () -> new RuleSpec("adamw", 1e-3, adam, NONE));
    }

    @Test
    void invalidHyperparametersNameTheirKeyAndValue() {
        assertMessage("adam beta1 must be a number in [0, 1), got 1.0", () -> OptimizerSpecs.create("adam", 1e-3, Map.of("beta1", 1.0), NONE));
        assertMessage("qhadam nu1 must be a number in [0, 1], got 1.5", () -> OptimizerSpecs.create("qhadam", 1e-3, Map.of("nu1", 1.5), NONE));
        assertMessage("sgd lr must be > 0 and finite, got -0.1", () -> OptimizerSpecs.create("sgd", -0.1, Map.of(), NONE));
        assertMessage("sgd nesterov needs momentum > 0", () -> OptimizerSpecs.create("sgd", 0.1, Map.of("nesterov", true), NONE));
        assertMessage("unknown optimizer 'lion'", () -> OptimizerSpecs.create("lion", 0.1, Map.of(), NONE));
        assertMessage("WeightDecay.value must be >= 0", () -> WeightDecay.of(-1, WeightDecayMode.L2));
        assertMessage("normalized weight decay applies to the decoupled modes",
                () -> new WeightDecay(0.05, WeightDecayMode.L2, true));
    }

    /** SAM is a registered wrapper: its keys, its base's rule stepping, ASAM's own default radius. */
    @Test
    void aWrapperBuildsAroundTheRuleItsBaseNames() {
        assertEquals(java.util.List.of("base", "rho", "adaptive"),
                OptimizerSpecs.wrapperParams().stream().map(io.sparkhpo.search.registry.Param::key).toList());
        assertEquals(OptimizerSpecs.NAMES, SamSpec.BASE_PARAM.choices());
        assertTrue(OptimizerSpecs.CONFIG_NAMES.contains("sam"));
        WeightDecay wd = WeightDecay.of(0.01, WeightDecayMode.DECOUPLED_LR);
        OptimizerSpec sam = OptimizerSpecs.build("sam", 1e-3, Map.of("base", "adamw", "rho", 0.1, "beta2", 0.99), wd);
        SamSpec s = (SamSpec) sam;
        assertEquals(0.1, s.rho());
        assertFalse(s.adaptive());
        assertEquals(OptimizerSpecs.create("adamw", 1e-3, Map.of("beta2", 0.99), wd), s.base());
        assertEquals("SAM(AdamW)", sam.label());
        SamSpec asam = (SamSpec) OptimizerSpecs.build("sam", 1e-3, Map.of("base", "sgd", "adaptive", true), WeightDecay.of(0, WeightDecayMode.L2));
        assertEquals(SamSpec.DEFAULT_ASAM_RHO, asam.rho());
        assertEquals("adam", OptimizerSpecs.stepping("adam", Map.of("base", "sgd")), "a rule steps itself");
        assertMessage("optimizer = sam needs optimizer.base, the optimizer that steps (one of [sgd",
                () -> OptimizerSpecs.build("sam", 1e-3, Map.of("rho", 0.1), wd));
        assertMessage("sam rho must be a number > 0, got -0.1",
                () -> OptimizerSpecs.build("sam", 1e-3, Map.of("base", "adam", "rho", -0.1), wd));
    }

    private static void assertMessage(String start, org.junit.jupiter.api.function.Executable e) {
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e);
        assertTrue(x.getMessage().startsWith(start), x.getMessage());
    }
}
