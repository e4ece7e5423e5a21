package dev.eddy.serving.warmup;

import dev.eddy.serving.http.WarmUpPass;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Warms the HTTP layer (Jetty's parser and connections, Javalin's routing and handlers, the body reader, the
 * latency metrics, the response writer) that {@link WarmUp} does not reach: requests over loopback to serving's own
 * port, on several connections at once, of two kinds that log nothing: {@code GET /healthz}, and {@code POST /v1/rank}
 * with the synthetic requests of {@link WarmUp}, carrying the {@link WarmUpPass} so that the server ranks them and
 * answers 200 as it answers clients but does not log their decisions (without an open pass, bodies that are parsed
 * and validated in full and then refused: k = 0, 400). Rounds run until the CPU per request has settled (as
 * {@link WarmUp} does). Without it the first second of real traffic ran through interpreted HTTP code (p99 near 1 s
 * at 200 requests/s on a busy 2-core machine); with refused rank requests only, the 200 path (the answer's JSON
 * written to the response, Jetty's output and completion) was compiled in the first half minute of real traffic
 * instead, seconds of C2 time. A server bound to an address loopback cannot reach, one behind API keys, or one whose
 * certificate does not name 127.0.0.1, is warmed as far as it answers; failures are counted, never fatal.
 */
final class HttpWarmUp {
    private static final Logger LOG = LoggerFactory.getLogger(HttpWarmUp.class);
    private static final byte[] REFUSED_RANK =
            "{\"userId\":\"warmup-http\",\"k\":0,\"context\":{\"user\":{\"segment=1\":1.0}}}".getBytes();

    private HttpWarmUp() {}

    private static final com.sun.management.OperatingSystemMXBean OS =
            ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class);

    /**
     * Sends rounds of {@code s.roundSize()} requests (half of each kind) on {@code threads} keep-alive connections
     * until the process's CPU per request has settled and the JIT is quiet ({@link WarmUp.Settings}: the same rule as
     * the in-process warm-up), or {@code s.timeout()} has passed (one round at least); returns the requests answered. The CPU is the whole
     * process's (Jetty's threads are not ours to time), loopback client included: that settles only once both sides
     * run compiled code.
     */
    static long run(URI base, int threads, javax.net.ssl.SSLContext tls, WarmUp.Settings s, WarmUpPass pass,
                    SyntheticRequests bodies) {
        HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2));
        // Over HTTPS the warm-up trusts the server's own certificate (which must name 127.0.0.1 for it to pass).
        if (tls != null) builder.sslContext(tls);
        HttpClient client = builder.build();
        HttpRequest healthz = HttpRequest.newBuilder(base.resolve("/healthz")).timeout(Duration.ofSeconds(5)).build();
        boolean ranked = pass.isOpen();
        List<HttpRequest> ranks = new ArrayList<>();
        for (int i = 0; i < (ranked ? SyntheticRequests.SIZE : 1); i++) {
            HttpRequest.Builder rank = HttpRequest.newBuilder(base.resolve("/v1/rank")).timeout(Duration.ofSeconds(5))
                    .header("Content-Type", "application/json");
            if (ranked) rank.header(WarmUpPass.HEADER, pass.secret());
            ranks.add(rank.POST(HttpRequest.BodyPublishers.ofByteArray(ranked ? bodies.get(i) : REFUSED_RANK)).build());
        }
        AtomicLong answered = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        java.util.concurrent.atomic.AtomicReference<String> firstFailure = new java.util.concurrent.atomic.AtomicReference<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "eddy-warm-up-http");
            t.setDaemon(true);
            return t;
        });
        SettleRule rule = new SettleRule(s.minRequests(), s.window(), s.tolerance());
        JitActivity jit = new JitActivity(s.window(), s.maxCompileShare());
        long deadline = System.nanoTime() + s.timeout().toNanos();
        int share = Math.max(1, s.roundSize() / threads);
        try {
            while (rule.requests() == 0
                    || !(rule.settled() && jit.quiet()) && System.nanoTime() < deadline && failed.get() < 10) {
                long roundStart = System.nanoTime();
                long cpu0 = OS.getProcessCpuTime();
                List<Future<?>> parts = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int thread = t;
                    parts.add(pool.submit(() -> {
                        for (int i = 0; i < share && failed.get() < 10; i++) {
                            try {
                                HttpRequest request = i % 2 == 0 ? healthz : ranks.get((thread * share + i) % ranks.size());
                                client.send(request, HttpResponse.BodyHandlers.discarding());
                                answered.incrementAndGet();
                            } catch (IOException e) {
                                failed.incrementAndGet();
                                firstFailure.compareAndSet(null, e.toString());
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                                return;
                            }
                        }
                    }));
                }
                for (Future<?> f : parts) f.get();
                rule.round(share * threads, (OS.getProcessCpuTime() - cpu0) / 1e3 / (share * threads));
                jit.round(System.nanoTime() - roundStart);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            LOG.warn("warming the HTTP layer failed: {}", e.getCause().toString());
        } finally {
            pool.shutdownNow();
        }
        if (failed.get() > 0) {
            LOG.warn("warming the HTTP layer over {}: {} requests not answered (first: {})", base, failed.get(), firstFailure.get());
        }
        List<Double> cpu = rule.medians();
        LOG.info("HTTP warm-up: {} requests, {}; process CPU µs per request per round {}", answered.get(),
                rule.settled() && jit.quiet() ? "settled" : "not settled by the time limit",
                cpu.subList(Math.max(0, cpu.size() - 12), cpu.size()).stream().map(Math::round).toList());
        return answered.get();
    }
}
