package io.sparkhpo.executors.train;

import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The training engines on the classpath, by name. */
public final class Engines {

    private Engines() {
    }

    /** Engine names to engines, sorted by name. */
    public static Map<String, TrainingEngine> available() {
        Map<String, TrainingEngine> all = new TreeMap<>();
        for (TrainingEngine e : ServiceLoader.load(TrainingEngine.class, Engines.class.getClassLoader())) {
            all.put(e.name(), e);
        }
        return all;
    }

    /** @throws IllegalArgumentException naming the engines that are available */
    public static TrainingEngine get(String name) {
        Map<String, TrainingEngine> all = available();
        TrainingEngine e = all.get(name);
        if (e == null) {
            throw new IllegalArgumentException("unknown training engine '" + name + "'; available: " + all.keySet());
        }
        return e;
    }

    /** {@code preferred} if it trains data-parallel, else the first engine (by name) that does. */
    public static Optional<TrainingEngine> dataParallel(String preferred) {
        TrainingEngine p = get(preferred);
        if (p.dataParallel().isPresent()) {
            return Optional.of(p);
        }
        return available().values().stream().filter(e -> e.dataParallel().isPresent()).findFirst();
    }
}
