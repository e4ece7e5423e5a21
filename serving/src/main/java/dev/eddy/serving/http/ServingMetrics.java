package dev.eddy.serving.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * Serving's meters in one Prometheus registry: request latency histograms per endpoint and status class, model
 * versions, and whatever the components register (log counters, swaps). {@link #scrape()} is the /metrics body.
 */
public final class ServingMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<String, Timer[]> timers = new ConcurrentHashMap<>();
    /** Held here: a Micrometer function counter keeps only a weak reference to what it reads. */
    private final ServingThreads threads = new ServingThreads();

    public ServingMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        for (ServingThreads.Kind kind : ServingThreads.Kind.values()) {
            FunctionCounter.builder("eddy.process.cpu.threads", threads, t -> t.nanos(kind))
                    .description("CPU time of serving's threads by what they do (from /proc; 0 elsewhere)")
                    .baseUnit("ns")
                    .tag("threads", kind.label)
                    .register(registry);
        }
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Records one request's latency under its endpoint and HTTP status class (2xx, 4xx, 5xx). */
    public void request(String endpoint, int status, long nanos) {
        // Looked up without building a key: this runs once per request, the timers are made once per endpoint.
        int c = status / 100;
        Timer timer;
        if (c >= 1 && c <= 5) {
            Timer[] byClass = timers.computeIfAbsent(endpoint, e -> new Timer[6]);
            timer = byClass[c];
            if (timer == null) byClass[c] = timer = timer(endpoint, c + "xx");
        } else {
            timer = timer(endpoint, c + "xx");
        }
        timer.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    private Timer timer(String endpoint, String statusClass) {
        // The registry returns the same timer to threads that race here.
        return Timer.builder("eddy.http.server.requests")
                .description("HTTP request latency")
                .tag("endpoint", endpoint)
                .tag("status", statusClass)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(50_000))
                .maximumExpectedValue(Duration.ofSeconds(5))
                .register(registry);
    }

    /** A latency histogram (Prometheus buckets, so that percentiles aggregate across replicas). */
    public Timer latency(String name, String description) {
        return Timer.builder(name).description(description).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(50_000)).maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
    }

    public Counter counter(String name, String description, String... tags) {
        return Counter.builder(name).description(description).tags(tags).register(registry);
    }

    public <T> void gauge(String name, String description, T source, ToDoubleFunction<T> value, String... tags) {
        Gauge.builder(name, source, value).description(description).tags(tags).register(registry);
    }

    public void gauge(String name, String description, Supplier<Number> value, String... tags) {
        Gauge.builder(name, value).description(description).tags(tags).register(registry);
    }

    public String scrape() {
        return registry.scrape();
    }
}
