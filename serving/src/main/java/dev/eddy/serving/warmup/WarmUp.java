package dev.eddy.serving.warmup;

import dev.eddy.serving.RecommendationService;
import dev.eddy.serving.http.RankRequest;
import dev.eddy.serving.http.RequestBodies;
import dev.eddy.serving.http.RequestValidator;
import dev.eddy.serving.model.ServingModels;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs serving's own hot path on synthetic rank requests until its latency has settled ({@link SettleRule}): the
 * request's JSON parsed and validated, {@link RecommendationService#rank(RankRequest, ServingModels,
 * RecommendationService.DecisionSink)} against the given models (retrieval, the variant's policy, the decision
 * encoded but not logged) and the answer encoded as JSON. A JVM that has not run this code is interpreted, then
 * compiled tier by tier while the first real requests wait (p99 above 100 ms for the first half minute at 1,000/s);
 * after a warm-up the compiled code is there before the first of them. Requests that fail (a variant whose model is
 * not loaded, say) still run the code up to where they fail, and are counted.
 */
public final class WarmUp {

    /**
     * @param timeout     the warm-up ends here even if latency has not settled (a busy machine may never look flat)
     * @param roundSize   requests per round; each round yields one median
     * @param minRequests requests before the latency may count as settled
     * @param window      rounds that must agree
     * @param tolerance   how far they may differ (0.2: the slowest median at most 1.2 × the fastest)
     * @param cpuShare    of one core: below 1 the warm-up pauses after each round (a version warmed while serving)
     * @param threads     requests of a round run on this many threads at once, as concurrent requests do: each policy
     *                    lends every concurrent caller its own learner copy, restored from the version's snapshot
     *                    on first use (milliseconds each), so the copies the first burst of traffic needs are made here
     */
    public record Settings(Duration timeout, int roundSize, int minRequests, int window, double tolerance,
                           double cpuShare, int threads) {
        /** Before serving's first request: at full speed, on 8 threads. */
        public static Settings startup(Duration timeout) {
            return new Settings(timeout, 256, 5_000, 4, 0.2, 1.0, 8);
        }

        /** A new version while the old one answers: the code is compiled already, its data and copies are new. */
        public static Settings swap(Duration timeout) {
            return new Settings(timeout, 104, 300, 3, 0.25, 0.5, 8);
        }

        public Settings {
            if (timeout.isNegative()) throw new IllegalArgumentException("timeout must not be negative, was " + timeout);
            if (roundSize < 1) throw new IllegalArgumentException("roundSize must be >= 1, was " + roundSize);
            if (!(cpuShare > 0 && cpuShare <= 1)) throw new IllegalArgumentException("cpuShare must be in (0, 1], was " + cpuShare);
            if (threads < 1 || roundSize % threads != 0) {
                throw new IllegalArgumentException("threads must be >= 1 and divide roundSize, was " + threads);
            }
        }
    }

    /** What a warm-up did. */
    public record Result(long requests, long failures, boolean settled, Duration took, List<Double> roundMedianMicros) {
        public String summary() {
            return String.format(java.util.Locale.ROOT, "%d synthetic requests (%d failed) in %.1f s, %s; median µs per round %s",
                    requests, failures, took.toMillis() / 1e3,
                    settled ? "latency settled" : "latency had not settled by the time limit",
                    roundMedianMicros.stream().map(m -> String.valueOf(Math.round(m))).toList());
        }
    }

    private final RecommendationService service;
    private final RequestValidator validator;
    private final String defaultModel;
    private final int k;

    /**
     * @param defaultModel the embedding model of requests outside experiments
     * @param k            items asked per synthetic request (capped by the validator's maximum)
     */
    public WarmUp(RecommendationService service, RequestValidator validator, String defaultModel, int k) {
        this.service = service;
        this.validator = validator;
        this.defaultModel = defaultModel;
        this.k = k;
    }

    public Result run(ServingModels models, Settings s) {
        long start = System.nanoTime();
        long deadline = start + s.timeout().toNanos();
        SyntheticRequests requests = SyntheticRequests.of(models, defaultModel,
                service.experimentAssigner().experiments(), k, 42);
        SettleRule rule = new SettleRule(s.minRequests(), s.window(), s.tolerance());
        long[] nanos = new long[s.roundSize()];
        AtomicLong failures = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(s.threads(), r -> {
            Thread t = new Thread(r, "eddy-warm-up-request");
            t.setDaemon(true);
            return t;
        });
        try {
            long sent = 0;
            while (!rule.settled() && System.nanoTime() < deadline && !Thread.currentThread().isInterrupted()) {
                long roundStart = System.nanoTime();
                List<Future<?>> parts = new ArrayList<>(s.threads());
                int share = nanos.length / s.threads();
                for (int t = 0; t < s.threads(); t++) {
                    int from = t * share;
                    long first = sent + from;
                    parts.add(pool.submit(() -> {
                        for (int i = 0; i < share; i++) {
                            long t0 = System.nanoTime();
                            if (!answer(requests.get(first + i), models)) failures.incrementAndGet();
                            nanos[from + i] = System.nanoTime() - t0;
                        }
                    }));
                }
                for (Future<?> f : parts) f.get();
                sent += nanos.length;
                long busy = System.nanoTime() - roundStart;
                Arrays.sort(nanos);
                rule.round(nanos.length, nanos[nanos.length / 2] / 1e3);
                if (s.cpuShare() < 1) pause((long) (busy * (1 - s.cpuShare()) / s.cpuShare()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException("a warm-up request failed unexpectedly", e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return new Result(rule.requests(), failures.get(), rule.settled(), Duration.ofNanos(System.nanoTime() - start),
                rule.medians());
    }

    /** One request as the server handles it, its answer encoded; false if it failed (it still ran the code). */
    private boolean answer(byte[] body, ServingModels models) {
        try {
            RankRequest request = RequestBodies.parse(body, RankRequest.class);
            validator.validate(request);
            byte[] json = RequestBodies.mapper().writeValueAsBytes(
                    service.rank(request, models, RecommendationService.DecisionSink.DISCARD));
            return json.length > 0;
        } catch (RuntimeException | com.fasterxml.jackson.core.JsonProcessingException e) {
            return false;
        }
    }

    private static void pause(long nanos) {
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
