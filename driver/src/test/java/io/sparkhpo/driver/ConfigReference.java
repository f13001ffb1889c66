package io.sparkhpo.driver;

import io.sparkhpo.executors.optim.OptimizerType;
import io.sparkhpo.executors.optim.OptimizerTypes;
import io.sparkhpo.executors.optim.RuleParam;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of {@code docs/config.md} written from the declarations rather than by hand: the optimizer table (every
 * rule's names, doc line, keys and defaults, from {@link OptimizerTypes}) and the constraints under it (from the
 * {@link RuleParam}s). {@link DocsTest} fails when the committed file differs and rewrites it when asked
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

    /** The generated blocks by name. */
    static Map<String, String> blocks() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("optimizers", optimizers());
        return m;
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
            t.params().forEach(p -> keys.add("`" + p.key() + "` " + value(p.defaultValue())));
            b.append("| ").append(String.join(", ", names)).append(" | ").append(t.doc()).append(" | ")
                    .append(String.join(", ", keys)).append(" |\n");
        }
        Map<String, String> constraints = new LinkedHashMap<>();
        constraints.put("lr", "> 0");
        OptimizerTypes.ALL.forEach(t -> t.params().stream().filter(p -> !p.flag())
                .forEach(p -> constraints.putIfAbsent(p.key(), p.constraint())));
        List<String> c = new ArrayList<>();
        constraints.forEach((k, v) -> c.add("`" + k + "` " + v));
        b.append("\nConstraints (checked when the config is read, for fixed values, space bounds and choices, and again "
                + "when a trial's optimizer is built): ").append(String.join("; ", c)).append(".\n");
        return b.toString();
    }

    private static String value(Object v) {
        return v instanceof Number n ? number(n.doubleValue()) : String.valueOf(v);
    }

    /** 0, 1, 0.99, 0.004, 1e-8: the shortest exact form. */
    static String number(double d) {
        BigDecimal x = BigDecimal.valueOf(d).stripTrailingZeros();
        if (d != 0 && Math.abs(d) < 1e-3 && x.unscaledValue().abs().compareTo(java.math.BigInteger.TEN) < 0) {
            return x.unscaledValue() + "e" + (-x.scale());
        }
        return x.scale() < 0 ? x.toBigInteger().toString() : x.toPlainString();
    }

    private ConfigReference() {
    }
}
