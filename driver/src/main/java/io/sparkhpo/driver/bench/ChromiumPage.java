package io.sparkhpo.driver.bench;

import io.sparkhpo.search.json.Json;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A headless Chromium page driven over the DevTools protocol (the JDK's WebSocket client and Jackson: the
 * benchmark ships in the driver jar, where Selenium would not belong). It navigates and evaluates scripts; timings
 * are measured inside the page with {@code performance.now()}, so the protocol's round trips do not count.
 */
final class ChromiumPage implements AutoCloseable {

    private final Process chromium;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<Map<String, Object>>> pending = new ConcurrentHashMap<>();

    private ChromiumPage(Process chromium, Path profile, WebSocket socket) {
        this.chromium = chromium;
        this.profile = profile;
        this.socket = socket;
    }

    /** Starts {@code binary} headless with a fresh profile and attaches to its page. */
    static ChromiumPage start(String binary) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("sparkhpo-chromium");
        Process p = new ProcessBuilder(binary, "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--remote-debugging-port=0", "--window-size=1400,1000", "--user-data-dir=" + profile,
                "about:blank").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Path active = profile.resolve("DevToolsActivePort");
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(active) || Files.readAllLines(active).isEmpty()) {
            if (System.nanoTime() > end || !p.isAlive()) {
                p.destroyForcibly();
                throw new IOException(binary + " did not open its DevTools port (is it a Chromium?)");
            }
            Thread.sleep(50);
        }
        int port = Integer.parseInt(Files.readAllLines(active).get(0).trim());
        HttpClient http = HttpClient.newHttpClient();
        String list = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        String ws = null;
        for (Object t : Json.readList(list)) {
            @SuppressWarnings("unchecked") Map<String, Object> target = (Map<String, Object>) t;
            if ("page".equals(target.get("type"))) {
                ws = (String) target.get("webSocketDebuggerUrl");
            }
        }
        if (ws == null) {
            p.destroyForcibly();
            throw new IOException("Chromium opened no page");
        }
        ChromiumPage[] self = new ChromiumPage[1];
        WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create(ws), new WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    Map<String, Object> m = Json.read(text.toString());
                    text.setLength(0);
                    if (m.get("id") instanceof Number id && self[0] != null) {
                        CompletableFuture<Map<String, Object>> f = self[0].pending.remove(id.intValue());
                        if (f != null) {
                            f.complete(m);
                        }
                    }
                }
                w.request(1);
                return null;
            }
        }).join();
        self[0] = new ChromiumPage(p, profile, socket);
        return self[0];
    }

    /** Sends one DevTools command and waits for its result. */
    @SuppressWarnings("unchecked")
    Map<String, Object> call(String method, Map<String, Object> params) throws IOException {
        int id = ids.incrementAndGet();
        CompletableFuture<Map<String, Object>> f = new CompletableFuture<>();
        pending.put(id, f);
        socket.sendText(Json.write(Map.of("id", id, "method", method, "params", params)), true).join();
        try {
            Map<String, Object> reply = f.get(120, TimeUnit.SECONDS);
            if (reply.containsKey("error")) {
                throw new IOException(method + ": " + reply.get("error"));
            }
            return (Map<String, Object>) reply.get("result");
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IOException(method + " got no answer: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    void navigate(String url) throws IOException {
        call("Page.navigate", Map.of("url", url));
    }

    /** The value of a script (a promise is awaited), as JSON gives it back. */
    @SuppressWarnings("unchecked")
    Object evaluate(String expression) throws IOException {
        Map<String, Object> r = call("Runtime.evaluate", Map.of("expression", expression, "awaitPromise", true,
                "returnByValue", true));
        if (r.containsKey("exceptionDetails")) {
            throw new IOException("the page's script failed: " + r.get("exceptionDetails"));
        }
        return ((Map<String, Object>) r.get("result")).get("value");
    }

    @Override
    public void close() {
        socket.abort();
        chromium.destroy();
        try {
            chromium.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        chromium.destroyForcibly();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder
        }
    }
}
