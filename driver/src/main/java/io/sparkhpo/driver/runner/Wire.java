package io.sparkhpo.driver.runner;

import io.sparkhpo.search.json.Json;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One runner's connection to the driver: newline-delimited JSON objects, each with an {@code op}. A runner says
 * {@code hello} (with the sweep's token), then repeats {@code next} → {@code work} | {@code stop}, any number of
 * {@code report} → {@code verdict}, and {@code done}. JSON rather than Java serialization, so that nothing read from
 * the socket before the token is checked can run code.
 */
final class Wire implements Closeable {

    static final String HELLO = "hello";
    static final String WELCOME = "welcome";
    static final String REFUSED = "refused";
    static final String NEXT = "next";
    static final String WORK = "work";
    static final String STOP = "stop";
    static final String REPORT = "report";
    static final String VERDICT = "verdict";
    static final String DONE = "done";

    private final Socket socket;
    private final BufferedReader in;
    private final BufferedWriter out;

    Wire(Socket socket) throws IOException {
        this.socket = socket;
        socket.setTcpNoDelay(true);
        socket.setKeepAlive(true);
        this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        this.out = new BufferedWriter(new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8));
    }

    void send(String op, Map<String, ?> body) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("op", op);
        m.putAll(body);
        out.write(Json.write(m));
        out.write('\n');
        out.flush();
    }

    /** The longest message read: a report's metrics and a trial's parameters are far smaller. */
    static final int MAX_LINE = 4 << 20;

    /** The next message; its {@code op} must be one of {@code ops}. */
    Map<String, Object> receive(String... ops) throws IOException {
        String line = readLine();
        Map<String, Object> m;
        try {
            m = Json.read(line);
        } catch (IllegalArgumentException e) {
            throw new IOException("malformed message: " + e.getMessage());
        }
        if (!List.of(ops).contains(m.get("op"))) {
            throw new IOException("expected " + List.of(ops) + ", got " + m.get("op"));
        }
        return m;
    }

    /** One line, at most {@link #MAX_LINE} characters: a peer cannot make the driver hold more. */
    private String readLine() throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new EOFException("the connection was closed");
            }
            if (b.length() >= MAX_LINE) {
                throw new IOException("a message longer than " + MAX_LINE + " characters");
            }
            b.append((char) c);
        }
        return b.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    static Map<String, Object> work(Work w) {
        return Map.of("trial", w.trial(), "attempt", w.attempt(), "seed", w.seed(), "params", w.params());
    }

    @SuppressWarnings("unchecked")
    static Work work(Map<String, Object> m) {
        return new Work(i(m, "trial"), i(m, "attempt"), ((Number) m.get("seed")).longValue(),
                (Map<String, Object>) m.get("params"));
    }

    static Map<String, Object> done(Done d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("trial", d.trial());
        m.put("attempt", d.attempt());
        m.put("state", d.state().name());
        m.put("values", d.values());
        m.put("message", d.message());
        m.put("attrs", d.attrs());
        m.put("seconds", d.seconds());
        m.put("steps", d.steps());
        return m;
    }

    @SuppressWarnings("unchecked")
    static Done done(Map<String, Object> m) {
        Map<String, Double> values = new LinkedHashMap<>();
        if (m.get("values") instanceof Map<?, ?> v) {
            v.forEach((k, x) -> values.put((String) k, ((Number) x).doubleValue()));
        }
        return new Done(i(m, "trial"), i(m, "attempt"), Done.State.valueOf((String) m.get("state")), values, (String) m.get("message"),
                m.get("attrs") == null ? Map.of() : (Map<String, Object>) m.get("attrs"),
                ((Number) m.get("seconds")).doubleValue(), i(m, "steps"));
    }

    static Map<String, Double> metrics(Object o) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (o instanceof Map<?, ?> m) {
            m.forEach((k, v) -> out.put((String) k, ((Number) v).doubleValue()));
        }
        return out;
    }

    static int i(Map<String, Object> m, String key) {
        return ((Number) m.get(key)).intValue();
    }
}
