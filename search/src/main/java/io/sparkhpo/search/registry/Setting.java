package io.sparkhpo.search.registry;

import java.util.Optional;

/**
 * One setting a registered component reads from its config section: its key, its kind (from its default's type or
 * {@link Kind}), its default (empty: required), its lower bound for integers, and a hint shown when it is missing.
 * The driver's config loader reads every setting of the chosen component this way, so a new component's settings
 * need no loader change.
 */
public record Setting(String key, Kind kind, Optional<Object> defaultValue, long min, String hint) {

    /** What values a setting takes: {@code Long}, {@code Boolean} or {@code Double}. */
    public enum Kind { INTEGER, FLAG, NUMBER }

    public static Setting integer(String key, long defaultValue, long min) {
        return new Setting(key, Kind.INTEGER, Optional.of(defaultValue), min, "");
    }

    public static Setting flag(String key, boolean defaultValue) {
        return new Setting(key, Kind.FLAG, Optional.of(defaultValue), 0, "");
    }

    /** A number with no default: the config must give it; {@code hint} says what it means. */
    public static Setting requiredNumber(String key, String hint) {
        return new Setting(key, Kind.NUMBER, Optional.empty(), 0, hint);
    }
}
