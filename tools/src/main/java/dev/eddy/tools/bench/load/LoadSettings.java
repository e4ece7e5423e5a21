package dev.eddy.tools.bench.load;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * One invocation of the load generator.
 *
 * @param timelineEvery width of the per-interval latency records, or null for none
 * @param timeout       a request not answered this long after it was sent fails as a timeout
 * @param truststore    what an https server's certificate must chain to, or null for the JDK's default CAs
 * @param metricsKey    the key sent to the server's /metrics (which needs the admin scope when keys are on); null:
 *                      {@code apiKey}
 */
public record LoadSettings(URI base, int rate, Duration duration, Duration warmup, List<Target> targets,
                           SyntheticPopulation population, int k, int candidates, String experiment, String apiKey,
                           int connections, Duration timeout, Duration timelineEvery, long seed,
                           java.security.KeyStore truststore, String metricsKey) {

    /** Plain HTTP or the default CAs; /metrics with the same key. */
    public LoadSettings(URI base, int rate, Duration duration, Duration warmup, List<Target> targets,
                        SyntheticPopulation population, int k, int candidates, String experiment, String apiKey,
                        int connections, Duration timeout, Duration timelineEvery, long seed) {
        this(base, rate, duration, warmup, targets, population, k, candidates, experiment, apiKey, connections, timeout,
                timelineEvery, seed, null, null);
    }

    public LoadSettings {
        if (rate < 1) throw new IllegalArgumentException("--rate must be >= 1, was " + rate);
        if (duration.toMillis() < 1) throw new IllegalArgumentException("--duration must be positive, was " + duration);
        if (warmup.isNegative()) throw new IllegalArgumentException("--warmup must not be negative, was " + warmup);
        if (connections < 1) throw new IllegalArgumentException("--connections must be >= 1, was " + connections);
        if (timeout.toMillis() < 1) throw new IllegalArgumentException("--timeout must be positive, was " + timeout);
        if (timelineEvery != null && (timelineEvery.toMillis() < 1 || timelineEvery.compareTo(duration) > 0)) {
            throw new IllegalArgumentException("--timeline-every must be in (0, --duration], was " + timelineEvery);
        }
        if (targets.isEmpty()) throw new IllegalArgumentException("no endpoint to load");
        String scheme = base.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme) || base.getHost() == null) {
            throw new IllegalArgumentException("--url must be http://HOST:PORT, was " + base);
        }
        targets = List.copyOf(targets);
    }

    /** The key /metrics gets. */
    public String keyForMetrics() {
        return metricsKey != null ? metricsKey : apiKey;
    }

    /** The server's metrics as this run reads them (over TLS trusting {@link #truststore()}, with its key). */
    ServerMetrics serverMetrics() {
        return new ServerMetrics(base, truststore == null ? null : dev.eddy.serving.client.TrustStores.sslContext(truststore),
                keyForMetrics());
    }

    public URI uri(Target t) {
        String b = base.toString();
        return URI.create((b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + t.path());
    }
}
