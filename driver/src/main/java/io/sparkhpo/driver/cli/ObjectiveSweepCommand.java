package io.sparkhpo.driver.cli;

import io.sparkhpo.driver.config.ObjectiveConfigLoader;
import io.sparkhpo.driver.config.ObjectiveSweepConfig;
import io.sparkhpo.driver.objective.ObjectiveSweep;
import io.sparkhpo.driver.objective.ObjectiveTable;
import io.sparkhpo.driver.study.UserError;
import io.sparkhpo.search.study.Study;
import io.sparkhpo.search.trial.Trial;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/** {@code sparkhpo sweep --config FILE [--jars JAR,...]} for a config with an {@code objective} section. */
final class ObjectiveSweepCommand {

    private ObjectiveSweepCommand() {
    }

    static int run(Path config, List<Path> jars, boolean overwrite, boolean resume, boolean dryRun,
                   OptionalInt parallelism, OptionalInt dashboard, CommandLine cli) {
        ClassLoader loader = loader(jars);
        Thread.currentThread().setContextClassLoader(loader); // Spark's local executor and the driver's checks see it
        ObjectiveSweepConfig cfg = ObjectiveConfigLoader.load(config, loader);
        if (!jars.isEmpty()) {
            Map<String, String> spark = new LinkedHashMap<>(cfg.spark());
            List<String> uris = new ArrayList<>(jars.stream().map(j -> j.toAbsolutePath().toUri().toString()).toList());
            if (spark.containsKey("spark.jars")) {
                uris.add(0, spark.get("spark.jars"));
            }
            spark.put("spark.jars", String.join(",", uris));
            cfg = new ObjectiveSweepConfig(cfg.file(), cfg.study(), cfg.objective(), cfg.fixed(), cfg.maxSteps(),
                    cfg.search(), cfg.space(), cfg.grid(), spark, cfg.names());
        }
        PrintWriter out = cli.getOut();
        if (dryRun) {
            Study study = ObjectiveSweep.newStudy(cfg, new io.sparkhpo.search.storage.InMemoryStorage());
            for (int i = 0; i < cfg.search().trials(); i++) {
                Trial t = study.ask();
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("trial", t.number());
                p.putAll(cfg.fixed());
                p.putAll(t.params());
                out.println(p);
            }
            out.flush();
            return 0;
        }
        ObjectiveSweep.Result result = ObjectiveSweep.run(cfg, new ObjectiveSweep.Options(overwrite, parallelism, resume, dashboard),
                System.err);
        out.print(ObjectiveTable.render(cfg, result.trials()));
        out.println();
        out.println("tables: " + result.directory() + "/trials  " + result.directory() + "/epochs");
        out.flush();
        if (result.trials().stream().noneMatch(r -> io.sparkhpo.executors.train.RunState.isComplete(r.get("state")))) {
            cli.getErr().println("sparkhpo: no trial completed; see the error column of the trials table");
            return Main.EXIT_FAILED;
        }
        return 0;
    }

    /** A class loader over the user's jars (each must exist), with the application's as parent. */
    private static ClassLoader loader(List<Path> jars) {
        ClassLoader parent = Thread.currentThread().getContextClassLoader();
        if (jars.isEmpty()) {
            return parent;
        }
        List<URL> urls = new ArrayList<>();
        for (Path j : jars) {
            if (!Files.isRegularFile(j)) {
                throw new UserError("--jars: " + j + " is not a file");
            }
            try {
                urls.add(j.toAbsolutePath().toUri().toURL());
            } catch (MalformedURLException e) {
                throw new UserError("--jars: " + j + ": " + e.getMessage());
            }
        }
        return new URLClassLoader(urls.toArray(URL[]::new), parent);
    }
}
