package dev.eddy.tools.bench.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * What the server under load says about itself in {@code /metrics} (Prometheus text): its process CPU time
 * ({@code process_cpu_time_ns_total}, Micrometer's) and the seconds it took from its start to ready
 * ({@code eddy_serving_ready_seconds}). A server that does not expose them (or no /metrics at all, or one behind a
 * key) gives empty values and the report says so; it never fails the run.
 */
final class ServerMetrics {
    static final String CPU_NANOS = "process_cpu_time_ns_total";
    static final String READY_SECONDS = "eddy_serving_ready_seconds";

    private final URI metrics;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    ServerMetrics(URI base) {
        String b = base.toString();
        this.metrics = URI.create((b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + "/metrics");
    }

    /** The server's CPU time so far, in nanoseconds. */
    OptionalDouble cpuNanos() {
        return value(CPU_NANOS);
    }

    /** Seconds from the server's start to its first ready; empty when not ready yet or not exposed. */
    OptionalDouble readySeconds() {
        OptionalDouble v = value(READY_SECONDS);
        return v.isPresent() && Double.isFinite(v.getAsDouble()) ? v : OptionalDouble.empty();
    }

    private OptionalDouble value(String name) {
        Double v = scrape().get(name);
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
    }

    /** Unlabelled samples by name; empty when the scrape fails. */
    Map<String, Double> scrape() {
        try {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? parse(r.body()) : Map.of();
        } catch (java.io.IOException e) {
            return Map.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of();
        }
    }

    static Map<String, Double> parse(String text) {
        Map<String, Double> out = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.startsWith("#") || line.indexOf('{') >= 0) continue;
            int space = line.indexOf(' ');
            if (space < 0) continue;
            try {
                out.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1).trim().split(" ")[0]));
            } catch (NumberFormatException e) {
                // Not a sample line; skip it.
            }
        }
        return out;
    }
}
