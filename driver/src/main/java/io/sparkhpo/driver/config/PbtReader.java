package io.sparkhpo.driver.config;

import io.sparkhpo.search.pbt.Pbt;
import io.sparkhpo.search.pruner.Pruner;
import io.sparkhpo.search.sampler.Samplers;
import io.sparkhpo.search.space.CategoricalDistribution;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code search.strategy = pbt} and its {@code search.pbt} section: population-based training's settings, checked
 * against the space, the epochs and the rest of {@code search} (docs/pbt.md).
 */
public final class PbtReader {

    /** The keys of {@code search.pbt}, as {@link SweepKeys#PBT_KEYS} declares them. */
    public static final Set<String> KEYS = ConfigReader.keysOf(SweepKeys.PBT_KEYS);

    private PbtReader() {
    }

    /** The PBT settings when {@code search.strategy = pbt}; empty for the default strategy (sample trials). */
    static Optional<Pbt.Settings> read(ConfigReader s, Samplers.Type sampler, SpaceReader space, SweepConfig.Training t,
                                       Pruner pruner, int objectives, long seed) {
        if (t.swa().isPresent() && s.get(SweepKeys.STRATEGY).equals("pbt")) {
            throw s.error("pbt", "training.swa averages one trajectory's weights; a PBT member's jumps to another's: "
                    + "remove training.swa");
        }
        return read(s, sampler, space, t.epochs(), "training.epochs", "epochs", pruner, objectives, seed);
    }

    /**
     * @param length   the members' length: the built-in network's epochs, or a user objective's
     *                 {@code objective.max_steps}
     * @param lengthKey where {@code length} is configured, for messages
     * @param unit     what a step is called in messages (epochs, steps)
     */
    static Optional<Pbt.Settings> read(ConfigReader s, Samplers.Type sampler, SpaceReader space, int length,
                                       String lengthKey, String unit, Pruner pruner, int objectives, long seed) {
        String strategy = (String) s.get(SweepKeys.STRATEGY);
        if (!strategy.equals("pbt")) {
            if (s.has("pbt")) {
                throw s.error("pbt", "search.pbt is read only with search.strategy = pbt, got strategy " + strategy);
            }
            return Optional.empty();
        }
        ConfigReader p = s.open("pbt").orElseThrow(() -> s.error("strategy", "search.strategy = pbt needs a search.pbt "
                + "section, e.g. pbt { population = 8, perturbation_interval = 2, mutations = [lr, weight_decay] }"));
        p.checkOnly(KEYS);
        if (s.has("trials")) {
            throw s.error("trials", "with search.strategy = pbt the trials are the population's members: set "
                    + "search.pbt.population instead of search.trials");
        }
        if (pruner != Pruner.NONE) {
            throw s.error("pruner", "search.pruner stops trials; PBT replaces its worst members instead: remove search.pruner");
        }
        if (sampler.budgets() == Samplers.Budgets.REQUIRED) {
            throw s.error("sampler", "search.sampler = " + sampler.name() + " models budgets; PBT's members train every "
                    + "epoch: choose another sampler for the initial population");
        }
        if (objectives > 1) {
            throw s.error("objectives", "PBT ranks members by one value (the latest report's): remove search.objectives");
        }
        if (s.has("checkpoint_epochs")) {
            throw s.error("checkpoint_epochs", "with PBT the members' segments are search.pbt.perturbation_interval "
                    + unit + " long: remove search.checkpoint_epochs");
        }
        int population = ((Long) p.get(SweepKeys.PBT_POPULATION)).intValue();
        int interval = ((Long) p.get(SweepKeys.PBT_INTERVAL)).intValue();
        if (interval >= length) {
            throw p.error("perturbation_interval", "search.pbt.perturbation_interval must be below " + lengthKey + " = "
                    + length + " " + unit + ", got " + interval);
        }
        double quantile = (Double) p.get(SweepKeys.PBT_QUANTILE);
        double resample = (Double) p.get(SweepKeys.PBT_RESAMPLE);
        List<Double> factors = new ArrayList<>();
        for (Object f : p.has("perturbation_factors") ? p.scalarList("perturbation_factors") : List.<Object>of(0.8, 1.2)) {
            if (!(f instanceof Number n) || !(n.doubleValue() > 0) || Double.isInfinite(n.doubleValue())) {
                throw p.error("perturbation_factors", "search.pbt.perturbation_factors must list positive numbers, got " + f);
            }
            factors.add(((Number) f).doubleValue());
        }
        if (factors.isEmpty()) {
            throw p.error("perturbation_factors", "search.pbt.perturbation_factors must list at least one factor");
        }
        List<String> mutations = new ArrayList<>();
        for (Object m : p.has("mutations") ? p.scalarList("mutations") : List.<Object>of()) {
            String name = String.valueOf(m);
            if (!space.space().names().contains(name)) {
                throw p.error("mutations", "search.pbt.mutations: '" + name + "' is not searched in the space (searched: "
                        + space.space().names() + ")");
            }
            if (space.space().get(name) instanceof CategoricalDistribution) {
                throw p.error("mutations", "search.pbt.mutations: '" + name + "' is categorical and "
                        + "perturbation_factors multiply numbers: mutate numeric parameters only");
            }
            if (name.equals("batch_size")) {
                throw p.error("mutations", "search.pbt.mutations: batch_size cannot change while a member trains "
                        + "(its data order and schedule are counted in batches); mutate optimizer parameters");
            }
            if (mutations.contains(name)) {
                throw p.error("mutations", "search.pbt.mutations names '" + name + "' twice");
            }
            mutations.add(name);
        }
        if (mutations.isEmpty()) {
            throw p.error("mutations", "search.pbt.mutations must name the space's parameters that mutate, e.g. [lr, weight_decay]");
        }
        boolean pb2 = p.get(SweepKeys.PBT_EXPLORE).equals("pb2");
        return Optional.of(new Pbt.Settings(population, interval, quantile, resample, factors, mutations,
                (Boolean) p.get(SweepKeys.PBT_SYNCHRONOUS), (Boolean) p.get(SweepKeys.PBT_EXPLOIT), seed, pb2));
    }
}
