package io.sparkhpo.driver.dashboard;

import io.sparkhpo.driver.bench.SyntheticStudy;
import io.sparkhpo.driver.cli.CliRun;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dashboard's HTTP contract, spoken to over a plain socket (so that nothing normalizes the paths sent): read-only,
 * a token on a non-loopback bind, no path outside the served studies, a Content-Security-Policy on every response,
 * clear 400s and 404s, and one-line exits for bad arguments.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardServerTest {

    @TempDir
    static Path dir;
    DashboardServer local;

    record Reply(int status, String headers, String body) {
    }

    @BeforeAll
    void study() {
        SyntheticStudy.write(dir.resolve("s").toString(), "s", 30, 3, 1);
        local = DashboardServer.start(List.of(DashboardServer.Served.folder(dir.resolve("s").toString())),
                new DashboardServer.Options("127.0.0.1", 0, Optional.empty()), new Configuration());
    }

    @AfterAll
    void stop() {
        local.close();
    }

    static Reply get(java.net.URI base, String method, String rawPath, String... headers) throws IOException {
        try (Socket s = new Socket(base.getHost(), base.getPort())) {
            StringBuilder req = new StringBuilder(method + " " + rawPath + " HTTP/1.1\r\nHost: " + base.getHost() + "\r\n");
            for (String h : headers) {
                req.append(h).append("\r\n");
            }
            req.append("Connection: close\r\n\r\n");
            OutputStream out = s.getOutputStream();
            out.write(req.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = s.getInputStream();
            String all = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int split = all.indexOf("\r\n\r\n");
            String head = all.substring(0, split);
            // header names as the server spells them, compared here in lower case (HTTP's names are case-insensitive)
            return new Reply(Integer.parseInt(head.split(" ")[1]), head.toLowerCase(java.util.Locale.ROOT), all.substring(split + 4));
        }
    }

    @Test
    void servesThePageAndTheApiWithAStrictPolicy() throws IOException {
        Reply page = get(local.uri(false), "GET", "/");
        assertEquals(200, page.status());
        assertTrue(page.headers().contains("content-security-policy: " + Headers.CSP.toLowerCase(java.util.Locale.ROOT)), page.headers());
        assertTrue(page.body().contains("/static/echarts.min.js"));
        Reply echarts = get(local.uri(false), "GET", "/static/echarts.min.js");
        assertEquals(200, echarts.status(), "ECharts comes from the WebJar bundled at build time");
        assertTrue(echarts.body().length() > 500_000);
        Reply trials = get(local.uri(false), "GET", "/api/studies/0/trials?limit=5&sort=objective&state=COMPLETE");
        assertEquals(200, trials.status(), trials.body());
        assertTrue(trials.body().contains("\"total\":") && trials.headers().contains("content-security-policy"));
        assertFalse(trials.body().contains("NaN"), "JSON that browsers read: no NaN");
    }

    @Test
    void nothingChangesAStudyAndBadQueriesAreNamed() throws IOException {
        assertEquals(405, get(local.uri(false), "POST", "/api/studies/0/trials").status());
        assertEquals(405, get(local.uri(false), "DELETE", "/api/studies/0").status());
        Reply bad = get(local.uri(false), "GET", "/api/studies/0/trials?limit=abc");
        assertEquals(400, bad.status());
        assertTrue(bad.body().contains("limit must be an integer, got 'abc'"), bad.body());
        Reply sort = get(local.uri(false), "GET", "/api/studies/0/trials?sort=nope");
        assertEquals(400, sort.status());
        assertTrue(sort.body().contains("no column or parameter 'nope'"), sort.body());
        Reply none = get(local.uri(false), "GET", "/api/studies/7/overview");
        assertEquals(404, none.status());
        assertFalse(none.body().contains("Exception") || none.body().contains("\tat "), "no stack trace: " + none.body());
    }

    @Test
    void pathsOutsideTheServedStudiesAreRefused() throws IOException {
        for (String path : List.of("/static/../../../../etc/passwd", "/static/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
                "/../../../../etc/passwd", "/api/studies/0/../../../../etc/passwd", "/static/..%2f..%2f..%2fetc%2fpasswd",
                "/io/sparkhpo/driver/dashboard/index.html", "/META-INF/MANIFEST.MF", "/api/studies/..%2F..%2F/overview")) {
            Reply r = get(local.uri(false), "GET", path);
            assertTrue(r.status() == 404 || r.status() == 400, path + " -> " + r.status());
            assertFalse(r.body().contains("root:"), path);
        }
    }

    @Test
    void aNonLoopbackBindNeedsItsToken() throws IOException {
        String host = nonLoopback();
        String token = DashboardServer.newToken();
        try (DashboardServer open = DashboardServer.start(List.of(DashboardServer.Served.folder(dir.resolve("s").toString())),
                new DashboardServer.Options(host, 0, Optional.of(token)), new Configuration())) {
            java.net.URI base = open.uri(false);
            assertEquals(401, get(base, "GET", "/api/studies").status(), "no token");
            assertEquals(401, get(base, "GET", "/").status(), "not even the page");
            assertEquals(401, get(base, "GET", "/api/studies", "Authorization: Bearer wrong").status());
            assertEquals(200, get(base, "GET", "/api/studies", "Authorization: Bearer " + token).status());
            Reply first = get(base, "GET", "/?token=" + token);
            assertEquals(303, first.status(), "the token in the address sets a cookie");
            assertTrue(first.headers().contains(("Set-Cookie: sparkhpo_token=" + token + "; Path=/; HttpOnly; SameSite=Strict")
                    .toLowerCase(java.util.Locale.ROOT)),
                    first.headers());
            assertEquals(200, get(base, "GET", "/api/studies/0/overview", "Cookie: sparkhpo_token=" + token).status());
        }
        org.junit.jupiter.api.Assertions.assertThrows(io.sparkhpo.driver.study.UserError.class, () -> DashboardServer.start(
                List.of(), new DashboardServer.Options(host, 0, Optional.empty()), new Configuration()), "no token, no bind");
    }

    @Test
    void badArgumentsExitTwoWithOneLine() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CliRun r = CliRun.of("dashboard", dir.resolve("s").toString(), "--port", String.valueOf(taken.getLocalPort()));
            assertEquals(2, r.exit(), r.err());
            assertTrue(r.err().contains("is the port in use?"), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
        }
        CliRun missing = CliRun.of("dashboard", dir.resolve("nowhere").toString());
        assertEquals(2, missing.exit(), missing.err());
        assertTrue(missing.err().contains("no study at " + dir.resolve("nowhere")), missing.err());
    }

    /** An address of this machine's other than loopback (0.0.0.0 where it has none). */
    static String nonLoopback() throws IOException {
        for (NetworkInterface n : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress a : Collections.list(n.getInetAddresses())) {
                if (a instanceof Inet4Address && !a.isLoopbackAddress() && n.isUp()) {
                    return a.getHostAddress();
                }
            }
        }
        return "0.0.0.0";
    }
}
