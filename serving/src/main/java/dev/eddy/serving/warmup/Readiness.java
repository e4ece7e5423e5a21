package dev.eddy.serving.warmup;

import dev.eddy.serving.http.WarmUpPass;
import dev.eddy.serving.model.EmbeddingIndex;
import dev.eddy.serving.model.ServingModels;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Whether serving can carry traffic, which {@code /readyz} reports: the models topic has been read, every served
 * embedding model's retrieval index is built (a catalogue above serving.ann-threshold answers from its ANN index, not
 * from the 3–4 ms exact scan that cannot carry 1,000 requests/s), and serving has run its own hot path on synthetic
 * requests until its latency settled ({@link WarmUp}). A load balancer that starts sending at the first 200 then
 * meets compiled code and built indexes. Once ready, a new version is warmed before it is swapped in
 * ({@link #beforeSwap}); the gate does not close again.
 */
public final class Readiness implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Readiness.class);

    /** After the warm-up, how long ready waits at most for C2's backlog to drain ({@link CompileQueue}), and how often it looks. */
    static final java.time.Duration DRAIN_LIMIT = java.time.Duration.ofSeconds(10);
    private static final java.time.Duration DRAIN_ROUND = java.time.Duration.ofMillis(100);

    private final Supplier<String> modelsNotReady;
    private final Supplier<ServingModels> models;
    private final WarmUp warmUp;
    private final WarmUp.Settings startup;
    private final WarmUp.Settings swap;
    private final Runnable prepareLog;
    private final Thread thread;
    private final CountDownLatch ready = new CountDownLatch(1);
    private volatile String state = "waiting for the models";
    private volatile double secondsToReady = Double.NaN;
    private volatile WarmUp.Result lastWarmUp;
    private volatile long httpRequests;

    /**
     * @param modelsNotReady why the models cannot serve yet (topic not read, ...), null when they can
     * @param models         the models served now
     */
    public Readiness(Supplier<String> modelsNotReady, Supplier<ServingModels> models, WarmUp warmUp,
                     WarmUp.Settings startup, WarmUp.Settings swap) {
        this(modelsNotReady, models, warmUp, startup, swap, () -> { });
    }

    /**
     * @param prepareLog run before the warm-up: fetches what the decision log's first send would wait for
     *                   ({@link dev.eddy.serving.log.EventLog#prepare}), sending nothing
     */
    public Readiness(Supplier<String> modelsNotReady, Supplier<ServingModels> models, WarmUp warmUp,
                     WarmUp.Settings startup, WarmUp.Settings swap, Runnable prepareLog) {
        this.prepareLog = prepareLog;
        this.modelsNotReady = modelsNotReady;
        this.models = models;
        this.warmUp = warmUp;
        this.startup = startup;
        this.swap = swap;
        this.thread = new Thread(this::run, "eddy-warm-up");
        this.thread.setDaemon(true);
    }

    /**
     * The HTTP warm-up's rule: at least 10,000 requests over loopback (half /healthz, half rank requests),
     * then on until the CPU per request settles, within the startup warm-up's time limit.
     */
    static WarmUp.Settings httpSettings(WarmUp.Settings startup, java.time.Duration spent) {
        // Both warm-ups together within serving.warmup-timeout (the HTTP one runs one round at least).
        java.time.Duration left = startup.timeout().minus(spent);
        return new WarmUp.Settings(left.isNegative() ? java.time.Duration.ZERO : left, 512, 10_000, startup.window(),
                startup.tolerance(),
                startup.maxCompileShare(), 1.0, startup.threads());
    }

    private volatile URI base;
    private volatile javax.net.ssl.SSLContext tls;

    private volatile WarmUpPass pass = WarmUpPass.closed();

    /** Starts waiting for the models, then warming up; {@code base} is the server's own URL (null: no HTTP warm-up). */
    public Readiness start(URI base) {
        return start(base, null, WarmUpPass.closed());
    }

    /**
     * As {@link #start(URI)}, over HTTPS trusting {@code tls} (the server's own certificate; null for plain HTTP).
     * The HTTP warm-up's rank requests carry {@code pass}, so that the server ranks them without logging; the pass is
     * closed before ready. With a closed pass, they are refused instead (k = 0), which logs nothing either.
     */
    public Readiness start(URI base, javax.net.ssl.SSLContext tls, WarmUpPass pass) {
        this.base = base;
        this.tls = tls;
        this.pass = pass;
        thread.start();
        return this;
    }

    private void run() {
        try {
            ServingModels served;
            while (true) {
                String why = modelsNotReady.get();
                served = models.get();
                if (why == null) why = unbuiltIndex(served);
                if (why == null) break;
                state = why;
                TimeUnit.MILLISECONDS.sleep(100);
            }
            state = "warming up on synthetic requests";
            prepareLog.run();
            WarmUp.Result r = warmUp.run(served, startup);
            lastWarmUp = r;
            long http = 0;
            if (base != null && !startup.timeout().isZero()) {
                state = "warming up the HTTP layer";
                http = HttpWarmUp.run(base, startup.threads(), tls, httpSettings(startup, r.took()), pass,
                        warmUp.requests(served));
            }
            boolean drained = true;
            if (!startup.timeout().isZero()) {
                state = "waiting for the JIT to compile what the warm-up queued";
                drained = CompileQueue.awaitDrained(DRAIN_ROUND, DRAIN_LIMIT);
            }
            pass.close();
            httpRequests = http;
            secondsToReady = ManagementFactory.getRuntimeMXBean().getUptime() / 1e3;
            state = null;
            ready.countDown();
            LOG.info("ready {} s after start: warm-up of {}; {} HTTP requests over loopback; the JIT {}",
                    String.format(java.util.Locale.ROOT, "%.1f", secondsToReady), r.summary(), http,
                    drained ? "C2 queue drained after them" : "C2 still compiling " + DRAIN_LIMIT.toSeconds() + " s after them");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // A bug in the warm-up must not keep a replica out of service for ever: it serves cold.
            LOG.error("warm-up failed; serving without it", e);
            pass.close();
            secondsToReady = ManagementFactory.getRuntimeMXBean().getUptime() / 1e3;
            state = null;
            ready.countDown();
        }
    }

    /** An embedding model whose retrieval index is still being built, as a reason; null when all are built. */
    static String unbuiltIndex(ServingModels models) {
        for (Map.Entry<String, EmbeddingIndex> e : models.embeddings().entrySet()) {
            if (!e.getValue().retrieverBuilt()) {
                return "building the retrieval index of " + e.getKey() + "/" + e.getValue().version();
            }
        }
        return null;
    }

    /** Null when ready, else why not. */
    public String notReadyReason() {
        String why = modelsNotReady.get();
        if (why != null) return why;
        return ready.getCount() == 0 ? null : Objects.requireNonNullElse(state, "warming up");
    }

    public boolean isReady() {
        return ready.getCount() == 0;
    }

    public boolean awaitReady(long timeout, TimeUnit unit) throws InterruptedException {
        return ready.await(timeout, unit);
    }

    /** Seconds from the JVM's start to ready (NaN until then): eddy_serving_ready_seconds. */
    public double secondsToReady() {
        return secondsToReady;
    }

    /** HTTP requests the startup warm-up sent to the server's own port and got answered. */
    public long httpWarmUpRequests() {
        return httpRequests;
    }

    /** The newest warm-up's outcome, null before the first. */
    public WarmUp.Result lastWarmUp() {
        return lastWarmUp;
    }

    /**
     * Called by the model follower with a snapshot it is about to serve: once ready, runs the warm-up on it when it
     * brings a retrieval index or a policy that requests have not run yet (a delta that only adds users does not).
     * Before ready, the startup warm-up covers whatever is served then.
     */
    public void beforeSwap(ServingModels current, ServingModels next) {
        if (!isReady() || swap.timeout().isZero() || !SwapNovelty.bringsNewCode(current, next)) return;
        WarmUp.Result r = warmUp.run(next, swap);
        lastWarmUp = r;
        LOG.info("warmed {} before serving it: {}", next.versions(), r.summary());
    }

    @Override
    public void close() throws InterruptedException {
        pass.close();
        thread.interrupt();
        thread.join(TimeUnit.SECONDS.toMillis(10));
    }
}
