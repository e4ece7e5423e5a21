package dev.eddy.tools.bench.load;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Warms the generator itself before it measures a server that has just turned ready: its own JVM is as cold as the
 * server's, and a cold generator sends late and in bursts ("FELL BEHIND"), so the first seconds would measure both.
 * It runs the same schedule against a stub HTTP server in its own process (the JDK's, answering every request with
 * an empty JSON answer and no /metrics), which is not the server under test: the server's warm-up and CPU figures
 * stay its own. Over https the stub is still plain HTTP: the generator's TLS code stays cold.
 */
final class GeneratorWarmUp {
    private static final byte[] ANSWER = "{\"items\":[]}".getBytes(StandardCharsets.UTF_8);

    static {
        // Without TCP_NODELAY the JDK server's separate header and body writes meet the client's delayed ACK: about
        // 40 ms per answer on a kept-alive connection, and the stub, not the generator, would set the pace.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private GeneratorWarmUp() {}

    /** Runs each of {@code s}'s endpoints against the stub for {@code perTarget}, and prints the last run's send lag. */
    static void run(LoadSettings s, Duration perTarget, PrintStream log) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "eddy-generator-warm-up-stub");
            t.setDaemon(true);
            return t;
        });
        HttpServer stub = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        stub.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                if (exchange.getRequestURI().getPath().equals("/metrics")) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, ANSWER.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(ANSWER);
                }
            } catch (IOException e) {
                // The generator gave up on this one: nothing to answer.
            }
        });
        stub.setExecutor(threads);
        stub.start();
        try {
            LoadSettings local = new LoadSettings(URI.create("http://127.0.0.1:" + stub.getAddress().getPort()), s.rate(),
                    perTarget, Duration.ZERO, s.targets(), s.population(), s.k(), s.candidates(), s.experiment(),
                    s.apiKey(), s.connections(), s.timeout(), null, s.seed() + 7, null, null);
            PhaseResult last = null;
            try (OpenLoopGenerator generator = new OpenLoopGenerator(local)) {
                for (Target t : s.targets()) last = generator.run(t);
            }
            log.printf(Locale.ROOT, "generator warmed itself for %.1f s per endpoint against a stub in its own process "
                    + "(not the server): send lag p99 %.3f ms at the end%n", perTarget.toMillis() / 1e3, last.sendLag().p99());
        } finally {
            stub.stop(0);
            threads.shutdownNow();
        }
    }
}
