package io.sparkhpo.driver.bench;

import io.sparkhpo.driver.dashboard.DashboardServer;
import org.apache.hadoop.conf.Configuration;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code bench-dashboard}: the dashboard on a generated study of N trials × E epochs ({@link SyntheticStudy}). Prints
 * the server's first read of the tables, each API view's answer time (median of 5, warm) and size, and in headless
 * Chromium the first paint and the time until the first view is drawn with its data, then the time each view takes
 * to draw after a click (hash change to the view's data-ready mark, measured in the page). Targets (issue 16): first
 * paint under 2 s, every view under 1 s.
 */
public final class DashboardBenchmark {

    /** The page's views as the navigation names them, and a view switch to each. */
    static final List<String> VIEWS = List.of("trials", "history", "parallel", "slices", "contour", "heatmaps", "curves",
            "importances", "pareto", "overview");
    static final List<String> API = List.of("overview", "trials?limit=50&sort=objective", "history", "points", "heatmaps",
            "curves?color=lr", "pareto", "trial/17");

    private DashboardBenchmark() {
    }

    public static void run(Path dir, int trials, int epochs, String chromium, PrintStream out) throws IOException, InterruptedException {
        if (!Files.isDirectory(dir.resolve("trials")) || count(dir.resolve("trials")) != trials) {
            out.printf("generating %d trials x %d epochs in %s ...%n", trials, epochs, dir);
            long t0 = System.nanoTime();
            SyntheticStudy.write(dir.toString(), "bench", trials, epochs, 1);
            out.printf("generated in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        } else {
            out.printf("reusing %s (%d trials)%n", dir, trials);
        }
        long t0 = System.nanoTime();
        try (DashboardServer server = DashboardServer.start(List.of(DashboardServer.Served.folder(dir.toString())),
                new DashboardServer.Options("127.0.0.1", 0, Optional.empty()), new Configuration())) {
            out.printf(Locale.ROOT, "server: started, the tables read (%d trial parts, %d epoch parts), in %.2f s%n", trials,
                    trials, (System.nanoTime() - t0) / 1e9);
            HttpClient http = HttpClient.newHttpClient();
            String base = server.uri(false).toString();
            long c0 = System.nanoTime();
            get(http, base + "api/studies");
            out.printf(Locale.ROOT, "server: first answer (/api/studies) %.0f ms%n", (System.nanoTime() - c0) / 1e6);
            out.printf("%-34s %10s %10s%n", "API view (warm, median of 5)", "ms", "KiB");
            for (String v : API) {
                double[] ms = new double[5];
                int bytes = 0;
                for (int i = 0; i < ms.length; i++) {
                    long s = System.nanoTime();
                    bytes = get(http, base + "api/studies/0/" + v).length();
                    ms[i] = (System.nanoTime() - s) / 1e6;
                }
                Arrays.sort(ms);
                out.printf(Locale.ROOT, "%-34s %10.1f %10.1f%n", v, ms[2], bytes / 1024.0);
            }
            Thread.sleep(600); // past the snapshot's refresh interval: the next answer lists and checks every part again
            long r0 = System.nanoTime();
            get(http, base + "api/studies/0/overview");
            out.printf(Locale.ROOT, "refresh (list %d + %d parts, nothing new) %.1f ms%n", trials, trials, (System.nanoTime() - r0) / 1e6);
            browser(chromium, base, out);
        }
    }

    private static void browser(String chromium, String base, PrintStream out) throws IOException, InterruptedException {
        try (ChromiumPage page = ChromiumPage.start(chromium)) {
            page.navigate(base + "#/0/overview");
            String ready = "new Promise(r => { const f = () => document.querySelector(\"main[data-view='%s'][data-ready='true']\") "
                    + "? r(performance.now()) : setTimeout(f, 10); f(); })";
            for (int i = 0; i < 100 && !String.valueOf(page.evaluate("location.href")).startsWith(base); i++) {
                Thread.sleep(50);
            }
            double first = ((Number) page.evaluate(String.format(ready, "overview"))).doubleValue();
            Object fcp = page.evaluate("(performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime");
            out.printf(Locale.ROOT, "browser: first contentful paint %.0f ms; overview drawn with its data %.0f ms after navigation%n",
                    fcp instanceof Number n ? n.doubleValue() : Double.NaN, first);
            out.printf("%-34s %10s%n", "view drawn after a click", "ms");
            List<String> slow = new ArrayList<>();
            for (String v : VIEWS) {
                String js = "(async () => { const t0 = performance.now(); location.hash = '#/0/" + v + "'; await "
                        + String.format(ready, v) + "; return performance.now() - t0; })()";
                double ms = ((Number) page.evaluate(js)).doubleValue();
                out.printf(Locale.ROOT, "%-34s %10.0f%n", v, ms);
                if (ms > 1000) {
                    slow.add(v);
                }
            }
            out.printf(Locale.ROOT, "targets: first paint < 2000 ms: %s; every view < 1000 ms: %s%n",
                    first < 2000 ? "met" : "MISSED (" + Math.round(first) + " ms)", slow.isEmpty() ? "met" : "MISSED (" + slow + ")");
        }
    }

    private static String get(HttpClient http, String url) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException(url + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    private static long count(Path table) throws IOException {
        try (var s = Files.list(table)) {
            return s.filter(p -> p.getFileName().toString().startsWith("part-")).count();
        }
    }
}
