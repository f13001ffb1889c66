package io.sparkhpo.search.registry;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.DoublePredicate;
import java.util.function.Predicate;

/**
 * One config key of a registered component, declared once: a sampler's or pruner's setting, an update rule's
 * hyperparameter (momentum, beta1, SAM's rho), a schedule's parameter, a sweep's hyperparameter. Its key (also its
 * column in the trials table and its name in a search space, where it has one), its kind, its default (empty:
 * required, or derived by its owner), its constraint in words and as a test, the choices of a {@link Kind#CHOICE},
 * a hint shown when a required one is missing, and its documentation: what it means ({@code doc}) and, where the
 * default is not simply its value, the default in words ({@code defaultText}, e.g. "all" or "`training.seed`").
 * Reading (the driver's config reader), checking ({@link #problem}), the trials-table columns and the docs' key tables
 * (docs/config.md, generated and checked by the driver's DocsTest) all come from it.
 *
 * <p>Values: {@link Kind#INTEGER} any whole {@code Number} (configs give {@code Long}), {@link Kind#NUMBER} a finite
 * {@code Number} (configs give {@code Double}), {@link Kind#FLAG} {@code Boolean}, {@link Kind#CHOICE} and
 * {@link Kind#EXPRESSION} {@code String}, {@link Kind#LIST} a {@code List} of numbers, {@link Kind#ANY} a string,
 * number or boolean.
 */
public record Param(String key, Kind kind, Optional<Object> defaultValue, String constraint, Predicate<Object> valid,
                    List<String> choices, String hint, String defaultText, String doc) {

    /** What values a parameter takes. */
    public enum Kind {
        INTEGER, NUMBER, FLAG, CHOICE,
        /** An expression in t (a string), e.g. a LambdaLR factor. */
        EXPRESSION,
        /** A list of numbers, e.g. milestones. */
        LIST,
        /** A user objective's categorical parameter: any string, number or boolean. */
        ANY,
        /** Any string (a name, a path). */
        TEXT,
        /** A list of strings. */
        TEXTS,
        /** An object its owner reads key by key (e.g. {@code training.swa}, {@code search.pruner}). */
        SECTION
    }

    public Param {
        Objects.requireNonNull(key);
        Objects.requireNonNull(kind);
        Objects.requireNonNull(defaultValue);
        constraint = constraint == null ? "" : constraint;
        valid = valid == null ? v -> true : valid;
        choices = choices == null ? List.of() : List.copyOf(choices);
        hint = hint == null ? "" : hint;
        defaultText = defaultText == null ? "" : defaultText;
        doc = doc == null ? "" : doc;
    }

    /** A parameter without docs (its owner documents it elsewhere, or it is a test's). */
    public Param(String key, Kind kind, Optional<Object> defaultValue, String constraint, Predicate<Object> valid,
                 List<String> choices, String hint) {
        this(key, kind, defaultValue, constraint, valid, choices, hint, "", "");
    }

    /** A whole number at least {@code min}. */
    public static Param integer(String key, long defaultValue, long min) {
        return integer(key, Optional.of(defaultValue), min);
    }

    /** A whole number at least {@code min}, with no default (required, or derived by its owner). */
    public static Param requiredInteger(String key, long min) {
        return integer(key, Optional.empty(), min);
    }

    private static Param integer(String key, Optional<Object> defaultValue, long min) {
        return new Param(key, Kind.INTEGER, defaultValue, ">= " + min, v -> asDouble(v) >= min, List.of(), "");
    }

    /** A finite number passing {@code valid} ({@code constraint} says it in words, e.g. "in [0, 1)"). */
    public static Param number(String key, double defaultValue, String constraint, DoublePredicate valid) {
        return new Param(key, Kind.NUMBER, Optional.of(defaultValue), constraint, v -> valid.test(asDouble(v)),
                List.of(), "");
    }

    /** A finite number passing {@code valid}, with no default (required, or derived by its owner). */
    public static Param requiredNumber(String key, String constraint, DoublePredicate valid) {
        return new Param(key, Kind.NUMBER, Optional.empty(), constraint, v -> valid.test(asDouble(v)), List.of(), "");
    }

    /** A number with no default and no constraint: the config must give it; {@code hint} says what it means. */
    public static Param requiredNumber(String key, String hint) {
        return new Param(key, Kind.NUMBER, Optional.empty(), "", v -> true, List.of(), hint);
    }

    public static Param flag(String key, boolean defaultValue) {
        return new Param(key, Kind.FLAG, Optional.of(defaultValue), "", v -> true, List.of(), "");
    }

    /** One of {@code choices}; {@code defaultValue} null: required. */
    public static Param choice(String key, String defaultValue, List<String> choices) {
        return new Param(key, Kind.CHOICE, Optional.ofNullable(defaultValue), "one of " + choices, choices::contains,
                choices, "");
    }

    /** An expression (a string) whose owner parses it. */
    public static Param expression(String key, String constraint) {
        return new Param(key, Kind.EXPRESSION, Optional.empty(), constraint, v -> true, List.of(), "");
    }

    /** A list of numbers passing {@code valid}, required. */
    public static Param list(String key, String constraint, Predicate<List<?>> valid) {
        return new Param(key, Kind.LIST, Optional.empty(), constraint, v -> valid.test((List<?>) v), List.of(), "");
    }

    /** A whole number with no bound (a seed). */
    public static Param integer(String key, long defaultValue) {
        return new Param(key, Kind.INTEGER, Optional.of(defaultValue), "", v -> true, List.of(), "");
    }

    /** A string; {@code defaultValue} null: none (required, or optional where its owner says so). */
    public static Param text(String key, String defaultValue) {
        return new Param(key, Kind.TEXT, Optional.ofNullable(defaultValue), "", v -> true, List.of(), "");
    }

    /** A list of strings, checked by its owner. */
    public static Param texts(String key) {
        return new Param(key, Kind.TEXTS, Optional.empty(), "", v -> true, List.of(), "");
    }

    /** An object its owner reads. */
    public static Param section(String key) {
        return new Param(key, Kind.SECTION, Optional.empty(), "", v -> true, List.of(), "");
    }

    /**
     * A registered component's settings: {@code given} checked against its {@code params} (an unknown key or a bad
     * value is an {@code IllegalArgumentException} naming {@code owner} and the key), defaults filled in, in the
     * params' order; lists of whole numbers become lists of {@code Long}.
     */
    public static java.util.Map<String, Object> settings(String owner, List<Param> params, java.util.Map<String, ?> given) {
        for (String k : given.keySet()) {
            if (params.stream().noneMatch(p -> p.key().equals(k))) {
                throw new IllegalArgumentException(owner + " takes no key " + k + " (it takes "
                        + params.stream().map(Param::key).toList() + ")");
            }
        }
        java.util.Map<String, Object> out = new java.util.LinkedHashMap<>();
        for (Param p : params) {
            Object v = given.containsKey(p.key()) ? given.get(p.key())
                    : p.defaultValue().orElseThrow(() -> new IllegalArgumentException(owner + " needs " + p.key()));
            Object checked = p.checked(owner, v);
            out.put(p.key(), checked instanceof List<?> l && l.stream().allMatch(x -> x instanceof Number n
                    && n.doubleValue() == Math.rint(n.doubleValue()))
                    ? l.stream().map(x -> (Object) ((Number) x).longValue()).toList() : checked);
        }
        return out;
    }

    /** The same parameter, documented: what it means, in Markdown (one table cell). */
    public Param documented(String meaning) {
        return documented("", meaning);
    }

    /**
     * The same parameter, documented: its default in words where its value does not say it (e.g. "none", "all",
     * "`training.seed`"; empty: the value, or "required"), and what it means, in Markdown (one table cell).
     */
    public Param documented(String defaultInWords, String meaning) {
        return new Param(key, kind, defaultValue, constraint, valid, choices, hint, defaultInWords, meaning);
    }

    /** The default as the docs show it: {@link #defaultText} if given, else the value in backticks, else "required". */
    public String defaultInWords() {
        if (!defaultText.isEmpty()) {
            return defaultText;
        }
        return defaultValue.map(v -> "`" + (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15
                ? String.valueOf(d.longValue()) : String.valueOf(v)) + "`").orElse("required");
    }

    /** The same parameter under another key (e.g. {@code name} in {@code optimizer} for the hyperparameter {@code optimizer}). */
    public Param withKey(String k) {
        return new Param(k, kind, defaultValue, constraint, valid, choices, hint, defaultText, doc);
    }

    /** The same parameter with a hint for the message when a required one is missing. */
    public Param withHint(String h) {
        return new Param(key, kind, defaultValue, constraint, valid, choices, h, defaultText, doc);
    }

    /** A user objective's categorical parameter. */
    public static Param any(String key) {
        return new Param(key, Kind.ANY, Optional.empty(), "", v -> true, List.of(), "");
    }

    /** The same parameter with another owner's default. */
    public Param withDefault(Object d) {
        return new Param(key, kind, Optional.ofNullable(d), constraint, valid, choices, hint, defaultText, doc);
    }

    /** Whether two owners' declarations of a key agree on everything but the default. */
    public boolean sameAs(Param o) {
        return key.equals(o.key) && kind == o.kind && constraint.equals(o.constraint) && choices.equals(o.choices);
    }

    /** Whether {@code value} is of this parameter's kind (a whole number for an integer, a finite one for a number). */
    public boolean ofKind(Object value) {
        return switch (kind) {
            case INTEGER -> value instanceof Number n && Double.isFinite(n.doubleValue()) && n.doubleValue() == Math.rint(n.doubleValue());
            case NUMBER -> value instanceof Number n && Double.isFinite(n.doubleValue());
            case FLAG -> value instanceof Boolean;
            case CHOICE, EXPRESSION, TEXT -> value instanceof String;
            case TEXTS -> value instanceof List<?> l && l.stream().allMatch(x -> x instanceof String);
            case SECTION -> value instanceof java.util.Map;
            case LIST -> value instanceof List<?> l && l.stream().allMatch(x -> x instanceof Number);
            case ANY -> value instanceof String || value instanceof Number || value instanceof Boolean;
        };
    }

    /** What a value of this kind is, in words: "an integer", "a number", "true or false", ... */
    public String kindInWords() {
        return switch (kind) {
            case INTEGER -> "an integer";
            case NUMBER -> "a number";
            case FLAG -> "true or false";
            case CHOICE -> "one of " + choices;
            case EXPRESSION -> "an expression in t (a string)";
            case LIST -> "a list of numbers";
            case ANY -> "a string, a number or a boolean";
            case TEXT -> "a string";
            case TEXTS -> "a list of strings";
            case SECTION -> "an object";
        };
    }

    /**
     * Why {@code value} is not valid, e.g. "must be a number in [0, 1)", or empty when it is: its kind, then its
     * constraint.
     */
    public Optional<String> problem(Object value) {
        if (ofKind(value) && valid.test(value)) {
            return Optional.empty();
        }
        return Optional.of(requirement());
    }

    /** What a value must be, e.g. "must be a number in [0, 1)": its kind and, for a number, its constraint. */
    public String requirement() {
        boolean numeric = kind == Kind.INTEGER || kind == Kind.NUMBER;
        return "must be " + kindInWords() + (numeric && !constraint.isEmpty() ? " " + constraint : "");
    }

    /**
     * {@code value}, checked, as this parameter holds it: a number as {@code Double}, an integer as {@code Long}.
     *
     * @param owner who declared it, for the message (e.g. {@code adam})
     * @throws IllegalArgumentException naming the owner, the key, what it must be and the value
     */
    public Object checked(String owner, Object value) {
        problem(value).ifPresent(p -> {
            throw new IllegalArgumentException(owner + " " + key + " " + p + ", got " + value);
        });
        return switch (kind) {
            case NUMBER -> asDouble(value);
            case INTEGER -> ((Number) value).longValue();
            default -> value;
        };
    }

    private static double asDouble(Object v) {
        return ((Number) v).doubleValue();
    }
}
