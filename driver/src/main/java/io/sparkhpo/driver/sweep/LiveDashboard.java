package io.sparkhpo.driver.sweep;

import io.sparkhpo.driver.dashboard.DashboardServer;
import org.apache.hadoop.conf.Configuration;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@code sweep --dashboard [PORT]}: the running sweep serves its own study, with the trials in flight and where they
 * run (from the progress, Spark's task starts and the GPU each task reports with its executor's heartbeats), on the driver's loopback address until the sweep ends. The URL
 * is printed (on a cluster it is in the driver's log; reach it through an SSH tunnel to the driver's host).
 */
final class LiveDashboard {

    private LiveDashboard() {
    }

    static Optional<DashboardServer> start(OptionalInt port, String dir, Progress progress, TrialAttempts attempts,
                                           Configuration hadoop, PrintStream err) {
        if (port.isEmpty()) {
            return Optional.empty();
        }
        DashboardServer server = DashboardServer.start(List.of(new DashboardServer.Served(dir, () -> running(progress, attempts))),
                new DashboardServer.Options("127.0.0.1", port.getAsInt(), Optional.empty()), hadoop);
        err.printf("sparkhpo: dashboard of this sweep at %s (until the sweep ends; `sparkhpo dashboard %s` serves it after)%n",
                server.uri(false), dir);
        return Optional.of(server);
    }

    private static List<Map<String, Object>> running(Progress progress, TrialAttempts attempts) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> r : progress.running()) {
            Map<String, Object> m = new LinkedHashMap<>(r);
            m.put("executor", attempts.placedAt((Integer) r.get("trial")).orElse("waiting for a slot"));
            m.put("gpu", attempts.gpu((Integer) r.get("trial")).orElse(null));
            out.add(m);
        }
        return out;
    }
}
