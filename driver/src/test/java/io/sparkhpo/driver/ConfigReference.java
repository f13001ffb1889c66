package io.sparkhpo.driver;

import io.sparkhpo.driver.config.SweepKeys;
import io.sparkhpo.executors.optim.OptimizerType;
import io.sparkhpo.executors.optim.OptimizerTypes;
import io.sparkhpo.search.registry.Param;
import io.sparkhpo.executors.schedule.ScheduleType;
import io.sparkhpo.executors.schedule.Schedules;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of {@code docs/config.md} written from the declarations rather than by hand: the key table (every
 * section's keys with their defaults and meanings, from the {@link Param}s of {@link SweepKeys}), the optimizer table (every
 * rule's names, doc line, keys and defaults, from {@link OptimizerTypes}), the constraints under it (from the
 * {@link Param}s) and the schedule table (from {@link Schedules#types()}). {@link DocsTest} fails when the committed file differs and rewrites it when asked
 * ({@code -Dsparkhpo.docs.write=true}), so the docs cannot drift from the code.
 */
final class ConfigReference {

    /** The marker lines around a generated block in a doc; {@code NAME} is the block's name. */
    static String begin(String name) {
        return "<!-- generated: " + name + " (from the declarations; DocsTest checks it, -Dsparkhpo.docs.write=true rewrites it) -->";
    }

    static String end(String name) {
        return "<!-- end of generated: " + name + " -->";
    }

    /** The generated blocks by the doc they are in (relative to the repository's root), then by name. */
    static Map<String, Map<String, String>> blocks() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("keys", keys(SweepKeys.sections()));
        config.put("optimizers", optimizers());
        config.put("schedules", schedules());
        return Map.of("docs/config.md", config, "docs/objective.md", Map.of("keys", keys(SweepKeys.objectiveSections())),
                "docs/models-and-data.md", Map.of("models", models(), "datasets", datasets()));
    }

    /** The data-set table: each registered data set, what it is, its own keys and defaults, where it comes from. */
    static String datasets() {
        StringBuilder b = new StringBuilder("| `data.name` | data | its own keys (defaults) | augmented by default | files come from |\n"
                + "|---|---|---|---|---|\n");
        for (io.sparkhpo.executors.data.DataSetType t : io.sparkhpo.executors.data.DataSets.REGISTRY.entries()) {
            List<String> keys = new ArrayList<>();
            t.params().forEach(p -> keys.add("`" + p.key() + "` " + p.defaultInWords().replace("`", "")));
            String from = t.source().map(s -> "download (MD5-checked) from " + s.url()).orElse("`data.path`")
                    + (t.systemDirs().isEmpty() ? "" : "; " + t.installHint());
            b.append("| `").append(t.name()).append("` | ").append(t.doc()).append(" | ")
                    .append(keys.isEmpty() ? "none" : String.join(", ", keys)).append(" | ").append(t.augments() ? "yes" : "no")
                    .append(" | ").append(from).append(" |\n");
        }
        return b.toString();
    }

    /** The models table: each registered network, what it is, its keys and defaults, its parameters on CIFAR-10. */
    static String models() {
        StringBuilder b = new StringBuilder("| `model.name` | network | keys (defaults) | parameters (3x32x32, 10 classes) |\n"
                + "|---|---|---|---|\n");
        io.sparkhpo.executors.model.Network.Shape cifar = new io.sparkhpo.executors.model.Network.Shape(3, 32, 32);
        for (io.sparkhpo.executors.model.ModelType t : io.sparkhpo.executors.model.Models.REGISTRY.entries()) {
            List<String> keys = new ArrayList<>();
            t.params().forEach(p -> keys.add("`" + p.key() + "` " + p.defaultInWords().replace("`", "")));
            String n = t.describe().isEmpty() ? "its file's" : String.format(java.util.Locale.ROOT, "%,d",
                    new io.sparkhpo.executors.model.ModelSpec(t.name(), Map.of()).network(cifar, 10).parameters());
            b.append("| `").append(t.name()).append("` | ").append(t.doc()).append(" | ")
                    .append(keys.isEmpty() ? "none" : String.join(", ", keys)).append(" | ").append(n).append(" |\n");
        }
        return b.toString();
    }

    /**
     * The key table: one row per documented key of each section ({@link SweepKeys#sections()}), its default and
     * meaning from its {@link Param}; then the rows that stand for families of keys. A section's key with no doc is an
     * error (the update rules' and SAM's keys are the optimizer table's).
     */
    static String keys(Map<String, List<Param>> sections) {
        boolean builtIn = sections.equals(SweepKeys.sections());
        StringBuilder b = new StringBuilder("| key | default | meaning |\n|---|---|---|\n");
        java.util.Set<String> ruleKeys = new java.util.HashSet<>(io.sparkhpo.executors.optim.OptimizerSpecs.allKeys());
        io.sparkhpo.executors.optim.OptimizerSpecs.wrapperParams().forEach(p -> ruleKeys.add(p.key()));
        sections.forEach((section, params) -> {
            for (Param p : params) {
                if (p.doc().isEmpty()) {
                    if (p.kind() == Param.Kind.SECTION || section.equals("optimizer") && ruleKeys.contains(p.key())) {
                        continue;
                    }
                    throw new IllegalStateException(section + "." + p.key() + " has no doc: declare it with .documented(...)");
                }
                b.append("| `").append(section).append('.').append(p.key()).append("` | ").append(p.defaultInWords())
                        .append(" | ").append(p.doc()).append(" |\n");
            }
            if (section.equals("optimizer")) {
                b.append("| `optimizer.*` | PyTorch's | the optimizer's own hyperparameters (below; all searchable) |\n");
                b.append("| `schedule.*` | constant | see [Schedules](config.md#schedules) |\n");
            }
        });
        if (builtIn) {
            b.append("| `space.NAME` | none | a searched hyperparameter (below) |\n");
            b.append("| `spark.*` | | Spark settings, e.g. `spark { ui.enabled = false, executor.memory = 8g }` |\n");
        }
        return b.toString();
    }

    static String optimizers() {
        StringBuilder b = new StringBuilder();
        b.append("| `optimizer.name` | update | its keys and defaults |\n|---|---|---|\n");
        for (OptimizerType t : OptimizerTypes.ALL) {
            List<String> names = new ArrayList<>();
            names.add("`" + t.name() + "`" + t.decoupledName().map(n -> " (`" + n + "`)").orElse(""));
            t.flagAliases().forEach(a -> names.add("`" + a.name() + "`"));
            List<String> keys = new ArrayList<>();
            keys.add("`lr` " + t.defaultLr().map(ConfigReference::number).orElse("(required)"));
            t.params().forEach(p -> keys.add("`" + p.key() + "` " + value(p.defaultValue().orElseThrow())));
            b.append("| ").append(String.join(", ", names)).append(" | ").append(t.doc()).append(" | ")
                    .append(String.join(", ", keys)).append(" |\n");
        }
        Map<String, String> constraints = new LinkedHashMap<>();
        constraints.put("lr", "> 0");
        OptimizerTypes.ALL.forEach(t -> t.params().stream().filter(p -> p.kind() != Param.Kind.FLAG)
                .forEach(p -> constraints.putIfAbsent(p.key(), p.constraint())));
        List<String> c = new ArrayList<>();
        constraints.forEach((k, v) -> c.add("`" + k + "` " + v));
        b.append("\nConstraints (checked when the config is read, for fixed values, space bounds and choices, and again "
                + "when a trial's optimizer is built): ").append(String.join("; ", c)).append(".\n");
        return b.toString();
    }

    static String schedules() {
        StringBuilder b = new StringBuilder("| `name` | PyTorch | parameters (defaults) |\n|---|---|---|\n");
        for (ScheduleType t : Schedules.types()) {
            List<String> keys = new ArrayList<>();
            for (Param p : t.params()) {
                String v;
                if (t.derived().contains(p.key())) {
                    v = "(derived, see its notes)";
                } else if (p.defaultValue().isEmpty()) {
                    v = "(required, " + p.constraint() + ")";
                } else if (!p.choices().isEmpty()) {
                    List<String> others = new ArrayList<>(p.choices());
                    others.remove(p.defaultValue().get());
                    v = p.defaultValue().get() + " (or " + String.join(", ", others) + ")";
                } else {
                    v = value(p.defaultValue().get());
                }
                keys.add("`" + p.key() + "` " + v);
            }
            b.append("| `").append(t.name()).append("` | ").append(t.doc()).append(" | ").append(String.join(", ", keys))
                    .append(" |\n");
        }
        return b.toString();
    }

    private static String value(Object v) {
        return v instanceof Number n ? number(n.doubleValue()) : String.valueOf(v);
    }

    /** 0, 1, 0.99, 0.004, 1e-8, 1/3: the shortest exact form. */
    static String number(double d) {
        for (int q = 3; q <= 9; q++) {
            double p = d * q;
            if (p == Math.rint(p) && d != Math.rint(d) && BigDecimal.valueOf(d).stripTrailingZeros().scale() > 6) {
                return (long) p + "/" + q;
            }
        }
        BigDecimal x = BigDecimal.valueOf(d).stripTrailingZeros();
        if (d != 0 && Math.abs(d) < 1e-3 && x.unscaledValue().abs().compareTo(java.math.BigInteger.TEN) < 0) {
            return x.unscaledValue() + "e" + (-x.scale());
        }
        return x.scale() < 0 ? x.toBigInteger().toString() : x.toPlainString();
    }

    private ConfigReference() {
    }
}
