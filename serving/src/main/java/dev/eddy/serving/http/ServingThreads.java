package dev.eddy.serving.http;

import dev.eddy.events.metrics.ThreadCpu;

import java.util.EnumMap;

/**
 * What each of serving's threads does, told from the name Linux keeps for it (its first 15 characters), and their
 * CPU time by kind: where a request's CPU goes beyond its handler (the HTTP server's own work, the decision log, the
 * Kafka client, the JIT, GC). Exported in /metrics as {@code eddy_process_cpu_threads_ns_total{threads=...}}.
 */
final class ServingThreads {

    enum Kind {
        HTTP("http"),
        DECISION_LOG("decision-log"),
        KAFKA_CLIENT("kafka-client"),
        FOLLOWERS("followers"),
        WARM_UP("warm-up"),
        JIT("jit"),
        GC("gc"),
        OTHER("other");

        final String label;

        Kind(String label) {
            this.label = label;
        }

        static Kind of(String name) {
            if (name.startsWith("JettyServerThre") || name.startsWith("qtp")) return HTTP;
            if (name.startsWith("eddy-serving")) return DECISION_LOG;
            if (name.startsWith("kafka-")) return KAFKA_CLIENT;
            if (name.startsWith("eddy-warm-up") || name.startsWith("eddy-ann-build")) return WARM_UP;
            if (name.startsWith("eddy-")) return FOLLOWERS;
            if (name.contains("CompilerThre")) return JIT;
            if (name.startsWith("GC Thread") || name.startsWith("G1 ") || name.startsWith("VM ")) return GC;
            return OTHER;
        }
    }

    /** One /proc reading serves every kind's meter of a scrape (they are read one after another). */
    private static final long REUSE_NANOS = 200_000_000L;

    private final ThreadCpu byName = new ThreadCpu();
    private EnumMap<Kind, Long> last = new EnumMap<>(Kind.class);
    private long readAt = Long.MIN_VALUE;

    /** CPU time of the threads of {@code kind} (ended ones included) in nanoseconds; 0 where /proc cannot be read. */
    synchronized double nanos(Kind kind) {
        long now = System.nanoTime();
        if (readAt == Long.MIN_VALUE || now - readAt > REUSE_NANOS) {
            last = byName.byKind(Kind.class, Kind::of);
            readAt = now;
        }
        return last.getOrDefault(kind, 0L);
    }
}
