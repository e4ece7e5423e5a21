package dev.eddy.tools.bench.load;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code eddy bench load}: each endpoint in turn (warm-up, then the measured run) at the same rate and duration. */
public final class LoadBenchmark {
    private LoadBenchmark() {}

    /** How long the generator warms itself on each endpoint before it waits for a server to turn ready. */
    static final Duration GENERATOR_WARM_UP = Duration.ofSeconds(10);

    public static LoadResult run(LoadSettings s, PrintStream log) throws Exception {
        return run(s, null, log);
    }

    /**
     * @param waitReady when not null, poll the server's {@code /readyz} until it answers 200 (at most this long)
     *                  and start the load at that moment, as a load balancer would send traffic to a new replica
     */
    public static LoadResult run(LoadSettings s, Duration waitReady, PrintStream log) throws Exception {
        if (waitReady != null) {
            // The first seconds after ready are the point of the run: the generator must not be cold in them.
            GeneratorWarmUp.run(s, GENERATOR_WARM_UP, log);
            awaitReady(s, waitReady, log);
        }
        ServerMetrics server = s.serverMetrics();
        double readySeconds = server.readySeconds().orElse(Double.NaN);
        List<PhaseResult> phases = new ArrayList<>();
        try (OpenLoopGenerator generator = new OpenLoopGenerator(s)) {
            for (Target t : s.targets()) {
                log.printf(Locale.ROOT, "%s %s: %d req/s, %.1f s warm-up + %.1f s measured%n", t.method(), s.uri(t),
                        s.rate(), s.warmup().toMillis() / 1e3, s.duration().toMillis() / 1e3);
                phases.add(generator.run(t));
            }
        }
        return LoadResult.of(s, phases, readySeconds);
    }

    /**
     * Rank at {@code overload}'s rate for its duration (its own phase, "overload"), then at once each endpoint of
     * {@code after} at its rate: how serving sheds an overload and how soon its latency is back (read it off
     * {@code after}'s timeline). The phase after gets a client of its own: what the overload's client still held
     * queued is aborted with it, so that the phase after measures the server, not the client's leftover queue.
     */
    public static LoadResult runAfterOverload(LoadSettings overload, LoadSettings after, Duration waitReady, PrintStream log)
            throws Exception {
        if (waitReady != null) {
            GeneratorWarmUp.run(after, GENERATOR_WARM_UP, log);
            awaitReady(after, waitReady, log);
        }
        ServerMetrics server = after.serverMetrics();
        double readySeconds = server.readySeconds().orElse(Double.NaN);
        List<PhaseResult> phases = new ArrayList<>();
        try (OpenLoopGenerator generator = new OpenLoopGenerator(overload)) {
            log.printf(Locale.ROOT, "overload: POST %s: %d req/s for %.1f s (after %.1f s warm-up)%n", overload.uri(Target.RANK),
                    overload.rate(), overload.duration().toMillis() / 1e3, overload.warmup().toMillis() / 1e3);
            phases.add(generator.run(Target.RANK, overload).labelled("overload"));
        }
        try (OpenLoopGenerator generator = new OpenLoopGenerator(after)) {
            for (Target t : after.targets()) {
                log.printf(Locale.ROOT, "then %s %s: %d req/s, %.1f s measured%n", t.method(), after.uri(t), after.rate(),
                        after.duration().toMillis() / 1e3);
                phases.add(generator.run(t, after));
            }
        }
        return LoadResult.of(after, phases, readySeconds);
    }

    private static void awaitReady(LoadSettings s, Duration limit, PrintStream log) throws Exception {
        String b = s.base().toString();
        URI readyz = URI.create((b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + "/readyz");
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1));
        if (s.truststore() != null) builder.sslContext(dev.eddy.serving.client.TrustStores.sslContext(s.truststore()));
        HttpClient client = builder.build();
        long start = System.nanoTime();
        long deadline = start + limit.toNanos();
        while (true) {
            try {
                HttpResponse<Void> r = client.send(HttpRequest.newBuilder(readyz).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) break;
            } catch (java.io.IOException e) {
                // Not listening yet.
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(readyz + " did not answer 200 within " + limit);
            }
            Thread.sleep(50);
        }
        log.printf(Locale.ROOT, "%s answered 200 after %.1f s of polling%n", readyz, (System.nanoTime() - start) / 1e9);
    }
}
