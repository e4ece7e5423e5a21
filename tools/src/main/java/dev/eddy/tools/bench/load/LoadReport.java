package dev.eddy.tools.bench.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The load run as a text table and as a JSON file. */
public final class LoadReport {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The p99 that counts as recovered after an overload (the bound). */
    static final double RECOVERED_P99_MILLIS = 5.0;

    private LoadReport() {}

    public static String table(LoadResult r) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "%s, %d req/s, %.0f s measured after %.0f s warm-up, %d connections%n",
                r.url(), r.rate(), r.durationSeconds(), r.warmupSeconds(), r.connections()));
        s.append(String.format(Locale.ROOT, "%-8s %9s %9s %8s %8s %8s %9s %8s %8s %8s %7s %8s  %s%n", "endpoint",
                "sent/s", "done/s", "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "max ms", "2xx", "non-2xx", "errors",
                "timeouts", "generator"));
        for (PhaseResult p : r.phases()) {
            long errors = p.errors().values().stream().mapToLong(Long::longValue).sum();
            s.append(String.format(Locale.ROOT, "%-8s %9.1f %9.1f %8.3f %8.3f %8.3f %9.3f %8.3f %8d %8d %7d %8d  %s%n",
                    p.endpoint(), p.sentPerSecond(), p.completedPerSecond(), p.latency().p50(), p.latency().p90(),
                    p.latency().p99(), p.latency().p999(), p.latency().max(), p.ok(), p.non2xx(), errors, p.timeouts(),
                    p.fellBehind() ? "FELL BEHIND" : "kept up"));
        }
        for (PhaseResult p : r.phases()) {
            s.append(String.format(Locale.ROOT, "%s: generator send lag p50 %.3f ms, p99 %.3f ms, max %.3f ms, "
                            + "%d sends > %.0f ms late; generator CPU %.2f cores (whole process %.2f); "
                            + "answers from their actual send p50 %.3f ms, p99 %.3f ms%n",
                    p.endpoint(), p.sendLag().p50(), p.sendLag().p99(), p.sendLag().max(), p.lateSends(),
                    OpenLoopGenerator.BEHIND_MILLIS, p.generatorCores(), p.processCores(), p.latencyFromSend().p50(),
                    p.latencyFromSend().p99()));
            if (p.fellBehind()) {
                s.append("  the generator fell behind its own schedule: the offered load came in bursts, not at a "
                        + "constant rate; latencies still count from the intended starts, but this run measured the "
                        + "generator as much as the server\n");
            }
            if (p.non2xx() > 0) s.append("  non-2xx: ").append(failures(p.statuses())).append('\n');
            if (!p.errors().isEmpty()) s.append("  errors: ").append(p.errors()).append('\n');
            if (p.unfinished() > 0) s.append("  still open when the generator stopped waiting: ").append(p.unfinished()).append('\n');
            if (p.timeline().size() > 1) {
                s.append("  timeline (by intended start): start s, requests, p50 ms, p99 ms, max ms, failed\n");
                for (Interval i : p.timeline()) {
                    s.append(String.format(Locale.ROOT, "  %7.1f %7d %8.3f %8.3f %8.3f %6d%n", i.startSeconds(),
                            i.count(), i.p50(), i.p99(), i.max(), i.failed()));
                }
            }
        }
        for (PhaseResult p : r.phases()) {
            if (Double.isNaN(p.serverCpuMicrosPerRequest())) {
                s.append(p.endpoint()).append(": server CPU unknown (its /metrics has no ")
                        .append(ServerMetrics.CPU_NANOS).append(")\n");
            } else {
                s.append(String.format(Locale.ROOT, "%s: server CPU %.0f µs per request (%.2f cores)", p.endpoint(),
                        p.serverCpuMicrosPerRequest(), p.serverCores()));
                s.append(byThreads(p.serverCpuByThreads())).append('\n');
            }
        }
        s.append(Double.isNaN(r.serverReadySeconds()) ? "server: time from start to ready unknown (not ready, or its /metrics has no "
                + ServerMetrics.READY_SECONDS + ")\n"
                : String.format(Locale.ROOT, "server: ready %.1f s after its start%n", r.serverReadySeconds()));
        boolean overloaded = r.phases().stream().anyMatch(p -> p.endpoint().equals("overload"));
        if (overloaded) {
            for (PhaseResult p : r.phases()) {
                if (p.endpoint().equals("overload")) {
                    s.append(String.format(Locale.ROOT, "overload: offered %.0f req/s, answered 2xx %.0f/s, refused %d "
                                    + "(429/503) p99 of all answers %.3f ms%n", p.sentPerSecond(), p.ok() / p.seconds(),
                            p.non2xx(), p.latency().p99()));
                    continue;
                }
                double settled = p.settledAfter(RECOVERED_P99_MILLIS);
                s.append(Double.isNaN(settled)
                        ? String.format(Locale.ROOT, "after the overload, %s: p99 never stayed <= %.0f ms%n", p.endpoint(), RECOVERED_P99_MILLIS)
                        : String.format(Locale.ROOT, "after the overload, %s: p99 <= %.0f ms in every interval from %.1f s on%n",
                                p.endpoint(), RECOVERED_P99_MILLIS, settled));
            }
        }
        if (r.rankOverHealthz() != null) {
            s.append(String.format(Locale.ROOT, "rank / healthz: p50 %.2fx, p99 %.2fx%n", r.rankOverHealthz().p50(),
                    r.rankOverHealthz().p99()));
        }
        return s.toString();
    }

    /**
     * Runs against several servers (or one server over http and https) at the same load: per endpoint and URL, the
     * latency percentiles and the server's CPU per request, one row each.
     */
    public static String sideBySide(java.util.List<LoadResult> runs) {
        StringBuilder s = new StringBuilder("side by side (same rate, duration and requests):\n");
        s.append(String.format(Locale.ROOT, "%-8s %-36s %8s %8s %8s %9s %12s %8s%n", "endpoint", "url", "p50 ms", "p90 ms",
                "p99 ms", "p99.9 ms", "server µs/req", "non-2xx"));
        for (LoadResult r : runs) {
            for (PhaseResult p : r.phases()) {
                s.append(String.format(Locale.ROOT, "%-8s %-36s %8.3f %8.3f %8.3f %9.3f %12.0f %8d%n", p.endpoint(), r.url(),
                        p.latency().p50(), p.latency().p90(), p.latency().p99(), p.latency().p999(),
                        p.serverCpuMicrosPerRequest(), p.non2xx()));
            }
        }
        return s.toString();
    }

    /** Several runs, as one JSON array. */
    public static void writeJson(java.util.List<LoadResult> runs, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        JSON.writeValue(file.toFile(), runs);
    }

    public static void writeJson(LoadResult r, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        JSON.writeValue(file.toFile(), r);
    }

    private static String failures(Map<Integer, Long> statuses) {
        return statuses.entrySet().stream().filter(e -> e.getKey() < 200 || e.getKey() > 299)
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }

    /**
     * ": http 420, decision-log 40, ..." largest first, in µs per request; empty when the server did not say (or
     * every kind rounds to 0).
     */
    static String byThreads(Map<String, Double> micros) {
        String kinds = micros.entrySet().stream()
                .filter(e -> Math.round(e.getValue()) != 0)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .map(e -> String.format(Locale.ROOT, "%s %.0f", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", "));
        return kinds.isEmpty() ? "" : ": " + kinds;
    }
}
