package io.sparkhpo.driver.cli;

import io.sparkhpo.driver.config.ConfigError;
import io.sparkhpo.driver.runtime.CodeVersion;
import io.sparkhpo.driver.study.RunFailure;
import io.sparkhpo.driver.study.UserError;
import io.sparkhpo.executors.data.DataException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintStream;
import java.io.PrintWriter;

/** The {@code sparkhpo} command: parse arguments, run the subcommand, map failures to exit codes. */
@Command(name = "sparkhpo", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Distributed hyperparameter search for deep-learning optimizers on Apache Spark.",
        subcommands = {SweepCommand.class, AnalyzeCommand.class, LrFindCommand.class, BenchCommand.class, BenchSearchCommand.class, BenchClusterCommand.class, RetrainCommand.class, DoctorCommand.class, DashboardCommand.class, BenchDashboardCommand.class, BenchDispatchCommand.class, CompactCommand.class})
public final class Main implements Runnable {

    /** Bad input: a config, data file or argument. */
    public static final int EXIT_BAD_INPUT = 2;
    /** The run failed (every trial failed, or an internal error). */
    public static final int EXIT_FAILED = 1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        if (code == 0 && "cluster".equals(System.getProperty("spark.submit.deployMode"))) {
            // in cluster mode the driver runs inside Spark's ApplicationMaster, which reports the final status once
            // main returns: an exit here would look like a crash (YARN would record FAILED and try again)
            return;
        }
        System.exit(code);
    }

    /** Runs the command with the given streams; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof ConfigError || ex instanceof UserError || ex instanceof DataException) {
                err.println("sparkhpo: error: " + ex.getMessage());
                return EXIT_BAD_INPUT;
            }
            if (ex instanceof RunFailure) {
                err.println("sparkhpo: failed: " + ex.getMessage());
                return EXIT_FAILED;
            }
            err.println("sparkhpo: failed: " + ex + hint(ex) + (System.getenv("SPARKHPO_DEBUG") == null
                    ? " (set SPARKHPO_DEBUG=1 for the stack trace)" : ""));
            if (System.getenv("SPARKHPO_DEBUG") != null) {
                ex.printStackTrace(err);
            }
            return EXIT_FAILED;
        });
        return cl.execute(args);
    }

    /** What a failure most likely means, where Spark's own message does not say. */
    static String hint(Exception ex) {
        String m = String.valueOf(ex.getMessage());
        if (m.contains("stopped SparkContext")) {
            return "; the cluster stopped the application: the master did not accept it (check the master URL and, on an "
                    + "authenticated cluster, spark.authenticate.secret) or lost it; Spark's log above says which";
        }
        return "";
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required, e.g. sweep --config FILE");
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"sparkhpo " + CodeVersion.get()};
        }
    }
}
