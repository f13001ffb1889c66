package io.sparkhpo.driver.cli;

import io.sparkhpo.driver.dashboard.DashboardServer;
import io.sparkhpo.driver.study.StudyLayout;
import io.sparkhpo.driver.study.UserError;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code sparkhpo dashboard STUDY_DIR...}: serves studies' tables read-only in the browser until stopped. */
@Command(name = "dashboard", mixinStandardHelpOptions = true,
        description = "Serve one or more studies (local folders or any Hadoop URI) as a live, read-only web dashboard.")
final class DashboardCommand implements Callable<Integer> {

    @Parameters(paramLabel = "STUDY_DIR", arity = "1..*", description = "study folders a sweep wrote (hold trials/)")
    List<String> studies;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "address to bind (default: ${DEFAULT-VALUE}); "
            + "any other than loopback requires a token")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "port (default: ${DEFAULT-VALUE}; 0: a free one)")
    int port;

    @Option(names = "--token-file", paramLabel = "FILE", description = "a file holding the token requests must carry "
            + "(default with a non-loopback --host: a new random token, printed once)")
    java.nio.file.Path tokenFile;

    /** Set by tests: called with the running server instead of waiting for the process to be stopped. */
    static java.util.function.Consumer<DashboardServer> onStarted;

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65535) {
            throw new UserError("dashboard: --port must be in [0, 65535], got " + port);
        }
        Configuration conf = new Configuration();
        List<DashboardServer.Served> served = new ArrayList<>();
        for (String dir : studies) {
            Path trials = new Path(dir, StudyLayout.TRIALS);
            try {
                if (!trials.getFileSystem(conf).exists(new Path(dir))) {
                    throw new UserError("dashboard: no study at " + dir + " (no such folder)");
                }
            } catch (IOException e) {
                throw new UserError("dashboard: cannot read " + dir + ": " + e.getMessage());
            }
            served.add(DashboardServer.Served.folder(dir));
        }
        Optional<String> token = token();
        DashboardServer server = DashboardServer.start(served, new DashboardServer.Options(host, port, token), conf,
                System.err);
        System.out.println("dashboard: serving " + studies.size() + " stud" + (studies.size() == 1 ? "y" : "ies")
                + " at " + server.uri(tokenFile == null && token.isPresent()) + " (read-only; Ctrl-C stops it)");
        if (onStarted != null) {
            onStarted.accept(server);
            return 0;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        new CountDownLatch(1).await();
        return 0;
    }

    private Optional<String> token() {
        if (tokenFile != null) {
            try {
                String t = Files.readString(tokenFile, StandardCharsets.UTF_8).trim();
                if (t.length() < 16) {
                    throw new UserError("dashboard: --token-file " + tokenFile + " holds " + t.length()
                            + " characters; a token needs at least 16");
                }
                return Optional.of(t);
            } catch (IOException e) {
                throw new UserError("dashboard: cannot read --token-file " + tokenFile + ": " + e.getMessage());
            }
        }
        boolean loopback;
        try {
            loopback = java.net.InetAddress.getByName(host).isLoopbackAddress();
        } catch (IOException e) {
            throw new UserError("dashboard: --host " + host + " is not an address of this machine: " + e.getMessage());
        }
        return loopback ? Optional.empty() : Optional.of(io.sparkhpo.driver.dashboard.DashboardServer.newToken());
    }
}
