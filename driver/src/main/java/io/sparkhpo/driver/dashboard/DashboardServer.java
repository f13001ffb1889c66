package io.sparkhpo.driver.dashboard;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.sparkhpo.driver.study.UserError;
import org.apache.hadoop.conf.Configuration;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The dashboard's web server (the JDK's own {@code com.sun.net.httpserver}: no servlet container beside Spark's):
 * the page and its scripts from the classpath, and a read-only JSON API over the served studies
 * ({@link Routes}). Every response carries a Content-Security-Policy that allows nothing from elsewhere; a server
 * bound to other than the loopback address answers only requests that carry its token ({@link Access}).
 */
public final class DashboardServer implements AutoCloseable {

    /**
     * @param host  the address to bind ({@code 127.0.0.1} by default)
     * @param port  the port; 0 picks a free one
     * @param token the token requests must carry; required unless {@code host} is a loopback address
     */
    public record Options(String host, int port, Optional<String> token) {
    }

    /** A study to serve, and its trials in flight when a running sweep serves itself (else an empty list). */
    public record Served(String dir, Supplier<List<Map<String, Object>>> running) {
        public static Served folder(String dir) {
            return new Served(dir, List::of);
        }
    }

    private final HttpServer server;
    private final ExecutorService pool;
    private final Access access;

    private DashboardServer(HttpServer server, ExecutorService pool, Access access) {
        this.server = server;
        this.pool = pool;
        this.access = access;
    }

    /**
     * Starts serving {@code studies}.
     *
     * @throws UserError when the address cannot be bound (the port in use), or a non-loopback bind has no token
     */
    public static DashboardServer start(List<Served> studies, Options o, Configuration conf) {
        return start(studies, o, conf, null);
    }

    /** {@link #start(List, Options, Configuration)}, saying on {@code progress} (if given) when it reads the tables. */
    public static DashboardServer start(List<Served> studies, Options o, Configuration conf, java.io.PrintStream progress) {
        InetAddress address;
        try {
            address = InetAddress.getByName(o.host());
        } catch (IOException e) {
            throw new UserError("dashboard: --host " + o.host() + " is not an address of this machine: " + e.getMessage());
        }
        if (!address.isLoopbackAddress() && o.token().isEmpty()) {
            throw new UserError("dashboard: --host " + o.host() + " is reachable from other machines: it needs a token");
        }
        List<StudySource> sources = new ArrayList<>();
        for (int i = 0; i < studies.size(); i++) {
            sources.add(new StudySource(String.valueOf(i), studies.get(i).dir(), conf, studies.get(i).running()));
        }
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(address, o.port()), 64);
        } catch (BindException e) {
            throw new UserError("dashboard: cannot listen on " + o.host() + ":" + o.port() + " (" + e.getMessage()
                    + "): is the port in use? --port 0 picks a free one");
        } catch (IOException e) {
            throw new UserError("dashboard: cannot listen on " + o.host() + ":" + o.port() + ": " + e.getMessage());
        }
        ExecutorService pool = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "sparkhpo-dashboard");
            t.setDaemon(true);
            return t;
        });
        if (progress != null) {
            progress.println("sparkhpo: dashboard: reading the tables of " + studies.size() + " stud"
                    + (studies.size() == 1 ? "y" : "ies") + " (a 10,000-trial study takes about 15 s on 2 cores)");
        }
        sources.forEach(StudySource::snapshot); // the first read of the tables, once bound, before the first page asks
        Access access = new Access(o.token());
        Routes routes = new Routes(sources);
        server.createContext("/", exchange -> handle(exchange, access, routes));
        server.setExecutor(pool);
        server.start();
        return new DashboardServer(server, pool, access);
    }

    /** A fresh random token for a server bound to other than loopback. */
    public static String newToken() {
        return Access.newToken();
    }

    /** The page's address (with the token, for the line printed once at start). */
    public URI uri(boolean withToken) {
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress().isAnyLocalAddress() ? "127.0.0.1" : a.getAddress().getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort() + "/"
                + (withToken ? access.query() : ""));
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }

    private static void handle(HttpExchange x, Access access, Routes routes) throws IOException {
        try (x) {
            Headers.secure(x);
            String method = x.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                send(x, 405, "application/json", Routes.error("the dashboard is read-only: " + method + " is not allowed"));
                return;
            }
            Access.Verdict v = access.check(x);
            if (v == Access.Verdict.DENIED) {
                send(x, 401, "application/json", Routes.error("a token is required: open the address printed when the "
                        + "dashboard started (it carries ?token=...)"));
                return;
            }
            if (v == Access.Verdict.SET_COOKIE) {
                x.getResponseHeaders().add("Location", "/");
                send(x, 303, "text/plain", new byte[0]);
                return;
            }
            Routes.Response r = routes.answer(x.getRequestURI());
            send(x, r.status(), r.contentType(), r.body());
        } catch (RuntimeException e) {
            try {
                send(x, 500, "application/json", Routes.error("internal error: " + e));
            } catch (IOException | RuntimeException ignored) {
                // the response had started; the connection closes
            }
        }
    }

    static void send(HttpExchange x, int status, String type, byte[] body) throws IOException {
        x.getResponseHeaders().set("Content-Type", type);
        boolean head = x.getRequestMethod().equals("HEAD");
        x.sendResponseHeaders(status, head || body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            try (OutputStream out = x.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** A classpath resource's bytes, or null. */
    static byte[] resource(String path) {
        try (InputStream in = DashboardServer.class.getResourceAsStream(path)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            return null;
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
