package io.sparkhpo.executors;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * An enum constant's name in configs and tables ({@code decoupled_lr}, {@code iteration}, {@code cpu}), and the one
 * lookup every such enum uses: an unknown name is an error listing the known ones, never a default.
 */
public interface ConfigName {

    /** The name used in configs and tables: the constant's name in lower case ({@code DECOUPLED_LR} → {@code decoupled_lr}). */
    default String configName() {
        return ((Enum<?>) this).name().toLowerCase(Locale.ROOT);
    }

    /** Every constant's name, in declaration order. */
    static <E extends Enum<E> & ConfigName> List<String> names(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(ConfigName::configName).toList();
    }

    /**
     * The constant called {@code name}.
     *
     * @param what what the name names, for the message (e.g. {@code weight decay mode})
     * @throws IllegalArgumentException naming {@code what}, the name and the known names
     */
    static <E extends Enum<E> & ConfigName> E parse(Class<E> type, String what, String name) {
        for (E e : type.getEnumConstants()) {
            if (e.configName().equals(name)) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown " + what + " '" + name + "'; known: " + names(type));
    }
}
