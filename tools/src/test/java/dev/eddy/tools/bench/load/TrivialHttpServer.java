package dev.eddy.tools.bench.load;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The JDK's HTTP server on 127.0.0.1 answering every request with 200 and a small JSON body, keeping what it got:
 * the load generator's counterpart in tests and in its capacity measurement. {@code beforeAnswer} lets a test stall.
 */
final class TrivialHttpServer implements AutoCloseable {
    record Received(String method, String path, String authorization, byte[] body) {}

    private static final byte[] OK = "{\"ok\":true}".getBytes();

    static {
        // Without TCP_NODELAY the JDK server's separate header and body writes meet the client's delayed ACK:
        // about 40 ms per answer on a kept-alive connection, which would make it the bottleneck at any rate.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    private final ExecutorService pool;
    final List<Received> received = new CopyOnWriteArrayList<>();

    TrivialHttpServer(int threads, boolean keep, Consumer<HttpExchange> beforeAnswer) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
        pool = Executors.newFixedThreadPool(threads);
        server.setExecutor(pool);
        server.createContext("/", exchange -> answer(exchange, keep, beforeAnswer));
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void answer(HttpExchange exchange, boolean keep, Consumer<HttpExchange> beforeAnswer) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (keep) {
                received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                        exchange.getRequestHeaders().getFirst("Authorization"), body));
            }
            beforeAnswer.accept(exchange);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, OK.length);
            exchange.getResponseBody().write(OK);
        }
    }

    @Override
    public void close() throws InterruptedException {
        server.stop(0);
        pool.shutdownNow();
        pool.awaitTermination(5, TimeUnit.SECONDS);
    }
}
