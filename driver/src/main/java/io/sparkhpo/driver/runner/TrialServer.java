package io.sparkhpo.driver.runner;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The driver's end of the runners' connections: accepts runners that present the sweep's token, and serves each on
 * its own thread, one trial at a time, from a {@link TrialBroker}. A connection that breaks while its runner holds a
 * trial gives that trial back to the broker as lost. Closing the server closes every connection.
 */
public final class TrialServer implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(TrialServer.class);
    /** How long a new connection has to present the token. */
    private static final int HELLO_MILLIS = 30_000;

    private final ServerSocket server;
    private final String advertised;
    private final TrialBroker broker;
    private final String token = HexFormat.of().formatHex(new SecureRandom().generateSeed(24));
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    /** Each welcomed runner's connection and the executor it runs on. */
    private final Map<Socket, String> executors = new ConcurrentHashMap<>();
    private final Thread acceptor;
    private volatile boolean closed;

    /** A server on {@code bind}, a free port, that runners reach at the same address (local mode: 127.0.0.1). */
    public TrialServer(String bind, TrialBroker broker) throws IOException {
        this(bind, bind, 0, broker);
    }

    /**
     * @param bind       the address to listen on (Spark's {@code spark.driver.bindAddress}; 0.0.0.0 for all)
     * @param advertised the address runners connect to ({@code spark.driver.host}: what executors reach the driver at)
     * @param port       the port to listen on; 0 for a free one
     */
    public TrialServer(String bind, String advertised, int port, TrialBroker broker) throws IOException {
        this.broker = broker;
        this.advertised = advertised;
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getByName(bind), port), 64);
        this.acceptor = new Thread(this::accept, "sparkhpo-trial-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** What a runner needs to reach this server: host, port and token. */
    public RunnerSpec.Address address() {
        return new RunnerSpec.Address(advertised, server.getLocalPort(), token);
    }

    private void accept() {
        while (!closed) {
            try {
                Socket s = server.accept();
                open.add(s);
                Thread t = new Thread(() -> serve(s), "sparkhpo-runner-" + s.getRemoteSocketAddress());
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("accepting a runner failed: {}", e.getMessage());
                }
            }
        }
    }

    private void serve(Socket s) {
        Work holding = null;
        Placement where = null;
        try (Wire wire = new Wire(s)) {
            s.setSoTimeout(HELLO_MILLIS); // nothing is held for a peer that never says hello
            Map<String, Object> hello = wire.receive(Wire.HELLO);
            s.setSoTimeout(0); // a trial may run for hours between two messages
            if (!MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
                    String.valueOf(hello.get("token")).getBytes(StandardCharsets.UTF_8))) {
                wire.send(Wire.REFUSED, Map.of("why", "wrong token"));
                LOG.warn("refused a runner from {}: wrong token", s.getRemoteSocketAddress());
                return;
            }
            @SuppressWarnings("unchecked")
            List<String> gpus = (List<String>) hello.getOrDefault("gpus", List.of());
            where = new Placement(String.valueOf(hello.get("executor")), String.valueOf(hello.get("host")), gpus);
            executors.put(s, where.executor());
            wire.send(Wire.WELCOME, Map.of());
            while (true) {
                wire.receive(Wire.NEXT);
                Optional<Work> w = broker.next(where);
                if (w.isEmpty()) {
                    wire.send(Wire.STOP, Map.of());
                    return;
                }
                holding = w.get();
                wire.send(Wire.WORK, Wire.work(holding));
                while (true) {
                    Map<String, Object> m = wire.receive(Wire.REPORT, Wire.DONE);
                    if (m.get("op").equals(Wire.DONE)) {
                        Done d = Wire.done(m);
                        Work finished = holding;
                        holding = null; // recorded below: no longer lost if the connection breaks now
                        broker.done(finished, d, where);
                        break;
                    }
                    TrialBroker.Verdict v = broker.report(holding, Wire.i(m, "step"),
                            ((Number) m.get("value")).doubleValue(), Wire.metrics(m.get("metrics")),
                            ((Number) m.get("seconds")).doubleValue());
                    wire.send(Wire.VERDICT, Map.of("verdict", v.name()));
                }
            }
        } catch (IOException e) {
            if (holding != null) {
                broker.lost(holding, where, "its runner's connection broke: " + e.getMessage());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("serving a runner failed", e);
            if (holding != null) {
                broker.lost(holding, where, "the driver could not serve it: " + e);
            }
        } finally {
            open.remove(s);
            executors.remove(s);
        }
    }

    /** Closes the connections of the runners on {@code executor} (gone): their trials are lost, and run again. */
    public void disconnect(String executor, String why) {
        executors.forEach((s, e) -> {
            if (e.equals(executor)) {
                LOG.warn("dropping the runner on executor {}: {}", executor, why);
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closed already
                }
            }
        });
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        for (Socket s : open) {
            s.close();
        }
    }
}
