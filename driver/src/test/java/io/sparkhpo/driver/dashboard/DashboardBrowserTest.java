package io.sparkhpo.driver.dashboard;

import io.sparkhpo.driver.cli.CliRun;
import io.sparkhpo.driver.tables.StudyTables;
import io.sparkhpo.executors.data.TestData;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dashboard in a real headless Chromium (Selenium and Debian's chromedriver), on studies that real sweeps made:
 * a 3 × 3 grid of α × λ, a two-objective study, and a sweep that runs while the page is open. Each view draws as many
 * points as the tables hold (counted here from the Parquet tables with Spark, not from the dashboard's code), the
 * console stays free of errors (a script error or a request the Content-Security-Policy blocks would be one), and
 * the running sweep's trials appear without a reload; and a PBT sweep's population. Screenshots of every view land in target/dashboard-screenshots.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardBrowserTest {

    @TempDir
    static Path dir;
    Path cifar;
    DashboardServer server;
    Browser browser;
    Path shots = Path.of("target", "dashboard-screenshots");

    Path config(String name, String search, String space) throws IOException {
        return config(name, search, space, "");
    }

    Path config(String name, String search, String space, String spark) throws IOException {
        return Files.writeString(dir.resolve(name + ".conf"), "study { name = " + name + ", output = \"" + dir.resolve("runs") + "\" }\n"
                + "spark { ui.enabled = false" + spark + " }\n"
                + "data { name = cifar10, path = \"" + cifar + "\", train_size = 100, test_size = 50 }\n"
                + "model { width = 2 }\n"
                + "training { engine = djl, epochs = 2, batch_size = 50, seed = 3 }\n"
                + "optimizer { name = adamw }\n"
                + "search { " + search + " }\n"
                + "space { " + space + " }\n");
    }

    String study(String name) {
        return dir.resolve("runs").resolve(name).toString();
    }

    @BeforeAll
    void sweepsAndServer() throws IOException {
        cifar = TestData.writeCifar10(dir.resolve("cifar"), 60, 120, 5);
        String lrwd = "lr { type = float, low = 1e-3, high = 1e-1, log = true, points = 3 }, "
                + "weight_decay { type = float, low = 1e-4, high = 1e-2, log = true, points = 3 }";
        CliRun grid = CliRun.of("sweep", "--config", config("grid", "sampler = grid, parallelism = 1", lrwd).toString());
        assertEquals(0, grid.exit(), grid.err());
        CliRun mo = CliRun.of("sweep", "--config", config("mo", "sampler = random, trials = 4, parallelism = 1, seed = 2, "
                + "objectives = [final_test_error, wall_seconds]", lrwd.replace(", points = 3", "")).toString());
        assertEquals(0, mo.exit(), mo.err());
        CliRun pbt = CliRun.of("sweep", "--config", config("pbt", "sampler = random, seed = 2, parallelism = 1, strategy = pbt, "
                + "pbt { population = 4, perturbation_interval = 1, quantile_fraction = 0.5, mutations = [lr, weight_decay] }",
                lrwd.replace(", points = 3", "")).toString());
        assertEquals(0, pbt.exit(), pbt.err());
        Files.createDirectories(Path.of(study("live")));
        server = DashboardServer.start(List.of(DashboardServer.Served.folder(study("grid")), DashboardServer.Served.folder(study("mo")),
                DashboardServer.Served.folder(study("live")), DashboardServer.Served.folder(study("pbt"))), new DashboardServer.Options("127.0.0.1", 0, Optional.empty()),
                new Configuration());
        browser = new Browser();
        Files.createDirectories(shots);
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** The trials table's rows, read with Spark SQL. */
    static List<Map<String, Object>> rows(String study) {
        return withSpark(spark -> StudyTables.maps(spark.read().parquet(study + "/trials").collectAsList()));
    }

    /** {@code read} on a local Spark session started for it and stopped after. */
    static <T> T withSpark(java.util.function.Function<SparkSession, T> read) {
        SparkSession spark = SparkSession.builder().master("local[1]").config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1").getOrCreate();
        try {
            return read.apply(spark);
        } finally {
            spark.stop();
        }
    }

    static long epochRows(String study) {
        return rowCount(study + "/epochs");
    }

    static long rowCount(String table) {
        return withSpark(spark -> spark.read().parquet(table).count());
    }

    void view(String id, String view, String arg) throws IOException {
        browser.open(server.uri(false) + "#/" + id + "/" + view + (arg == null ? "" : arg), view);
        browser.screenshot(shots.resolve(id + "-" + view + ".png"));
    }

    @Test
    void everyViewDrawsWhatTheTablesHold() throws IOException {
        List<Map<String, Object>> grid = rows(study("grid"));
        long complete = grid.stream().filter(r -> io.sparkhpo.executors.train.RunState.COMPLETE.name().equals(r.get("state"))).count();
        assertEquals(9, grid.size());
        assertTrue(complete >= 5, "most grid trials complete: " + grid);
        browser.consoleErrors(); // start afresh

        view("0", "overview", null);
        assertEquals(complete, browser.points("history"), "the overview's history: one point per completed trial");
        view("0", "trials", null);
        assertEquals(9, browser.points("trials-table"));
        assertTrue(browser.driver.findElement(org.openqa.selenium.By.id("trial-count")).getText().startsWith("9 trials"));
        view("0", "trials", "?state=COMPLETE&sort=objective");
        assertEquals(complete, browser.points("trials-table"), "filtered by state");
        view("0", "history", null);
        assertEquals(complete, browser.points("history"));
        view("0", "parallel", null);
        assertEquals(complete, browser.points("parallel"));
        view("0", "slices", null);
        assertEquals(2 * complete, browser.points("slices"), "one point per trial in each of 2 parameters' plots");
        view("0", "contour", null);
        assertEquals(complete, browser.points("contour"));
        view("0", "heatmaps", null);
        assertEquals(complete, browser.points("heatmaps-0"), "a 3 x 3 grid: one cell per completed trial");
        view("0", "curves", "?color=lr");
        assertEquals(2 * complete, browser.points("curves"), "2 epochs per completed trial");
        view("0", "importances", null);
        assertEquals(3, browser.points("importances"), "α, λ and α×λ of the one slice");
        Object done = grid.stream().filter(r -> io.sparkhpo.executors.train.RunState.COMPLETE.name().equals(r.get("state"))).findFirst().orElseThrow().get("trial");
        view("0", "trial", "/" + done);
        assertEquals(4, browser.points("curve-errors"), "train and test error at 2 epochs");
        view("0", "pareto", null);
        assertTrue(browser.driver.findElement(org.openqa.selenium.By.id("no-pareto")).isDisplayed());

        long moComplete = rows(study("mo")).stream().filter(r -> io.sparkhpo.executors.train.RunState.COMPLETE.name().equals(r.get("state"))).count();
        view("1", "pareto", null);
        assertEquals(moComplete, browser.points("pareto"));
        view("0", "pbt", null);
        assertTrue(browser.driver.findElement(org.openqa.selenium.By.id("no-pbt")).isDisplayed());
        view("3", "pbt", null);
        long pbtEpochs = epochRows(study("pbt"));
        assertEquals(pbtEpochs, browser.points("pbt-lr"), "each member's lr at each of its epochs");
        assertEquals(pbtEpochs, browser.points("pbt-test_error"));
        assertEquals(rowCount(study("pbt") + "/pbt"), browser.points("pbt-lineage"), "one link per exploit");
        view("0", "compare", "?ids=0,1");
        assertTrue(browser.points("heatmaps-0") > 0 && browser.points("heatmaps-1") > 0, "both studies' heatmaps");
        assertEquals(List.of(), browser.consoleErrors(), "no error in the browser's console");
    }

    /**
     * The report the grid sweep's analysis wrote, opened from its file with no server: the history, parallel
     * coordinates, slices and importances the dashboard draws are in it, with as many points, and nothing it needs
     * comes from elsewhere (one file, no request that could fail).
     */
    @Test
    void theStaticReportDrawsTheDashboardsChartsFromOneFile() throws IOException {
        Path report = Path.of(study("grid"), "analysis", "report.html");
        long complete = rows(study("grid")).stream().filter(r -> io.sparkhpo.executors.train.RunState.COMPLETE.name().equals(r.get("state"))).count();
        String html = Files.readString(report);
        assertTrue(!html.contains(" src=\"http") && !html.contains("<script src"), "no script or picture fetched from elsewhere");
        browser.consoleErrors();
        browser.open(report.toUri().toString(), "report");
        for (String part : List.of("history", "slices")) {
            browser.script("document.getElementById('report-" + part + "').previousElementSibling.previousElementSibling.scrollIntoView()");
            browser.screenshot(shots.resolve("report-" + part + ".png"));
        }
        assertEquals(complete, browser.points("history"));
        assertEquals(complete, browser.points("parallel"));
        assertEquals(2 * complete, browser.points("slices"), "one point per trial in each of 2 parameters' plots");
        assertEquals(3, browser.points("importances"), "α, λ and α×λ of the one slice");
        assertEquals(List.of(), browser.consoleErrors(), "no error in the browser's console");
    }

    /**
     * In the browser, on a dashboard bound to a non-loopback address: the page without the token is a 401 and shows
     * no study; the address printed with the token opens it (the cookie it sets carries the page's own requests); and
     * a traversal the page itself asks for is refused.
     */
    @Test
    void theBrowserNeedsTheTokenOnANonLoopbackBindAndCannotTraverse() throws IOException {
        String host = DashboardServerTest.nonLoopback();
        try (DashboardServer open = DashboardServer.start(List.of(DashboardServer.Served.folder(study("grid"))),
                new DashboardServer.Options(host, 0, Optional.of(DashboardServer.newToken())), new Configuration())) {
            browser.consoleErrors();
            browser.driver.get(open.uri(false).toString());
            String refused = browser.driver.findElement(org.openqa.selenium.By.tagName("body")).getText();
            assertTrue(refused.contains("a token is required") && !refused.contains("grid"), refused);
            List<String> errors = browser.consoleErrors();
            assertTrue(!errors.isEmpty() && errors.stream().allMatch(e -> e.contains("401")), "only refusals: " + errors);

            browser.open(open.uri(true) + "#/0/overview", "overview");
            assertTrue(browser.points("history") > 0, "with the token the study is shown");
            Object status = browser.script("return fetch('/static/%2e%2e/%2e%2e/%2e%2e/etc/passwd')"
                    + ".then(r => r.text().then(t => r.status + ' ' + t.includes('root:')));");
            assertEquals("404 false", String.valueOf(status), "a traversal from the page is refused");
            browser.consoleErrors(); // the refused fetch logs its 404
        }
    }

    /** The finished trials the page's status line counts ("N trials · updated ..."). */
    int finished() {
        String status = String.valueOf(browser.script("return document.getElementById('status').textContent"));
        return status.matches("\\d+ trials.*") ? Integer.parseInt(status.substring(0, status.indexOf(' '))) : 0;
    }

    /**
     * {@code sweep --dashboard 0}: the sweep serves itself; the page, opened once, shows a trial in flight with its
     * executor, then every finished trial, without a reload; the runner tasks' Spark job description names the dashboard.
     */
    @Test
    void aRunningSweepServesItselfAndItsTrialsAppearWithoutAReload() throws Exception {
        io.sparkhpo.driver.config.SweepConfig cfg = io.sparkhpo.driver.config.SweepConfigLoader.load(config("live",
                "sampler = random, trials = 6, parallelism = 1", "lr { type = float, low = 1e-3, high = 1e-1, log = true }",
                ", extraListeners = \"" + JobDescriptions.class.getName() + "\""));
        java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
        java.io.PrintStream err = new java.io.PrintStream(log, true, java.nio.charset.StandardCharsets.UTF_8);
        CompletableFuture<io.sparkhpo.driver.sweep.SweepRunner.Result> sweep = CompletableFuture.supplyAsync(() ->
                io.sparkhpo.driver.sweep.SweepRunner.run(cfg, new io.sparkhpo.driver.sweep.SweepRunner.Options(false,
                        java.util.OptionalInt.empty(), false, java.util.OptionalInt.of(0)), err));
        java.util.regex.Pattern url = java.util.regex.Pattern.compile("dashboard of this sweep at (http://\\S+)");
        browser.await("the sweep's dashboard address", () -> url.matcher(log.toString(java.nio.charset.StandardCharsets.UTF_8)).find()
                || sweep.isDone());
        java.util.regex.Matcher m = url.matcher(log.toString(java.nio.charset.StandardCharsets.UTF_8));
        assertTrue(m.find(), log.toString(java.nio.charset.StandardCharsets.UTF_8));
        browser.open(m.group(1) + "#/0/overview", "overview");
        browser.script("window.__sameLoad = 'yes'");
        browser.await("a trial in flight with its executor", () -> String.valueOf(browser.script(
                "const t = document.getElementById('running-table'); return t ? t.textContent : ''")).contains("driver"));
        int atOpen = finished();
        browser.await("a trial finishing after the page opened", () -> finished() > atOpen);
        assertEquals("yes", browser.script("return window.__sameLoad"), "no reload: the page updated itself");
        // once the sweep has ended its dashboard is gone, and the page's next poll is refused: that one is expected
        boolean ended = sweep.isDone();
        List<String> errors = browser.consoleErrors().stream()
                .filter(e -> !(ended && e.contains("ERR_CONNECTION_REFUSED"))).toList();
        assertEquals(List.of(), errors);
        assertEquals(6, sweep.get().trials().size());
        assertTrue(JobDescriptions.SEEN.stream().anyMatch(d -> d.startsWith("sparkhpo live") && d.contains("dashboard " + m.group(1))),
                "the Spark UI's job description names the dashboard: " + JobDescriptions.SEEN);
    }
}
