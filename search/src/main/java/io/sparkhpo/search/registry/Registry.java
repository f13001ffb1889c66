package io.sparkhpo.search.registry;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Named entries of one extension point (samplers, pruners, ...), in registration order: the single source of their
 * names. Looking up an unknown name throws, listing the known ones; there is no default entry.
 *
 * @param <E> the entry type
 */
public final class Registry<E> {

    private final String what;
    private final Map<String, E> entries = new LinkedHashMap<>();

    /**
     * @param what what the entries are, for messages (e.g. {@code sampler})
     * @param name each entry's name
     */
    public Registry(String what, List<E> entries, Function<E, String> name) {
        this.what = what;
        for (E e : entries) {
            if (this.entries.put(name.apply(e), e) != null) {
                throw new IllegalStateException("two " + what + "s named " + name.apply(e));
            }
        }
    }

    /** @throws IllegalArgumentException naming the known entries */
    public E get(String name) {
        E e = entries.get(name);
        if (e == null) {
            throw new IllegalArgumentException("unknown " + what + " '" + name + "'; known: " + names());
        }
        return e;
    }

    public List<String> names() {
        return List.copyOf(entries.keySet());
    }

    public List<E> entries() {
        return List.copyOf(entries.values());
    }

    /** Every entry's keys ({@code of}), each once, in registration order (a key two entries share is listed once). */
    public List<Param> keys(Function<E, List<Param>> of) {
        List<Param> out = new java.util.ArrayList<>();
        entries.values().forEach(e -> of.apply(e).stream().filter(p -> !out.contains(p)).forEach(out::add));
        return List.copyOf(out);
    }
}
