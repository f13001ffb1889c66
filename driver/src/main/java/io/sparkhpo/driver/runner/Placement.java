package io.sparkhpo.driver.runner;

import java.util.List;

/** Where a runner runs: Spark's executor id ({@code driver} in local mode), its host, the GPUs its task was given. */
public record Placement(String executor, String host, List<String> gpus) {

    public Placement {
        gpus = List.copyOf(gpus);
    }

    /** The GPUs as the tables hold them: comma-separated, null without. */
    public String gpuColumn() {
        return gpus.isEmpty() ? null : String.join(",", gpus);
    }
}
