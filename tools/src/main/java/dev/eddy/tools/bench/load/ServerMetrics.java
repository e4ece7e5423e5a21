package dev.eddy.tools.bench.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * What the server under load says about itself in {@code /metrics} (Prometheus text): its process CPU time
 * ({@code process_cpu_time_ns_total}, Micrometer's) and the seconds it took from its start to ready
 * ({@code eddy_serving_ready_seconds}). A server that does not expose them (or no /metrics at all, or one behind a
 * key) gives empty values and the report says so; it never fails the run.
 */
final class ServerMetrics {
    static final String CPU_NANOS = "process_cpu_time_ns_total";
    static final String READY_SECONDS = "eddy_serving_ready_seconds";
    /** Requests the server has answered, per endpoint and status (the count of its latency histogram). */
    static final String REQUESTS = "eddy_http_server_requests_seconds_count";
    /** The server's CPU time by what its threads do (label {@code threads}): HTTP, decision log, JIT, GC... */
    static final String CPU_BY_THREADS = "eddy_process_cpu_threads_ns_total";

    /**
     * The server's CPU time and the requests it had answered, at one moment; NaN where it does not say. {@code
     * cpuByThreads}: the CPU time by kind of thread, empty where the server does not say.
     */
    record Sample(double cpuNanos, double requests, Map<String, Double> cpuByThreads) {
        static final Sample NONE = new Sample(Double.NaN, Double.NaN, Map.of());

        Sample {
            cpuByThreads = Map.copyOf(cpuByThreads);
        }

        /** Each kind's CPU time from {@code earlier} to this sample per request, in µs; empty where either lacks it. */
        Map<String, Double> microsByThreadsSince(Sample earlier, double requests) {
            Map<String, Double> out = new TreeMap<>();
            cpuByThreads.forEach((kind, nanos) -> {
                Double before = earlier.cpuByThreads.get(kind);
                if (before != null) out.put(kind, (nanos - before) / 1e3 / requests);
            });
            return out;
        }
    }

    private final URI metrics;
    private final HttpClient client;
    private final String authorization;

    ServerMetrics(URI base) {
        this(base, null, null);
    }

    /**
     * @param tls what to trust over https, or null for the JDK's defaults
     * @param key the API key for /metrics (admin scope), or null
     */
    ServerMetrics(URI base, javax.net.ssl.SSLContext tls, String key) {
        String b = base.toString();
        this.metrics = URI.create((b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + "/metrics");
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2));
        if (tls != null) builder.sslContext(tls);
        this.client = builder.build();
        this.authorization = key == null ? null : "Bearer " + key;
    }

    /**
     * The server's CPU time and its answered requests (all endpoints). Under overload the generator's count of
     * answers is not the server's work: requests the client gave up on are still ranked later, so CPU per request is
     * CPU over the server's own count.
     */
    Sample sample() {
        String text = scrapeText();
        Map<String, Double> all = parse(text);
        Double cpu = all.get(CPU_NANOS);
        Double requests = all.get(REQUESTS);
        return new Sample(cpu == null ? Double.NaN : cpu, requests == null ? Double.NaN : requests,
                byLabel(text, CPU_BY_THREADS, "threads"));
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

    /** Unlabelled samples by name, labelled ones summed over their labels; empty when the scrape fails. */
    Map<String, Double> scrape() {
        return parse(scrapeText());
    }

    /** The /metrics body; empty when the scrape fails. */
    private String scrapeText() {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(5));
            if (authorization != null) request.header("Authorization", authorization);
            HttpResponse<String> r = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : "";
        } catch (java.io.IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** The samples of {@code name} by the value of their {@code label} (those without it left out). */
    static Map<String, Double> byLabel(String text, String name, String label) {
        Map<String, Double> out = new HashMap<>();
        String start = name + "{";
        String key = label + "=\"";
        for (String line : text.split("\n")) {
            if (!line.startsWith(start)) continue;
            int close = line.lastIndexOf('}');
            int at = line.indexOf(key);
            if (close < 0 || at < 0 || at > close) continue;
            int end = line.indexOf('"', at + key.length());
            if (end < 0) continue;
            try {
                out.merge(line.substring(at + key.length(), end),
                        Double.parseDouble(line.substring(close + 1).trim().split(" ")[0]), Double::sum);
            } catch (NumberFormatException e) {
                // Not a sample line; skip it.
            }
        }
        return out;
    }

    static Map<String, Double> parse(String text) {
        Map<String, Double> out = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) continue;
            int brace = line.indexOf('{');
            int close = line.lastIndexOf('}');
            int space = brace >= 0 && close > brace ? line.indexOf(' ', close) : line.indexOf(' ');
            if (space < 0) continue;
            String name = line.substring(0, brace >= 0 && brace < space ? brace : space);
            try {
                out.merge(name, Double.parseDouble(line.substring(space + 1).trim().split(" ")[0]), Double::sum);
            } catch (NumberFormatException e) {
                // Not a sample line; skip it.
            }
        }
        return out;
    }
}
