package dev.eddy.serving.warmup;

import dev.eddy.serving.RecommendationService;
import dev.eddy.serving.http.RankRequest;
import dev.eddy.serving.http.RequestBodies;
import dev.eddy.serving.http.RequestValidator;
import dev.eddy.serving.model.ServingModels;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
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
 * Runs serving's own hot path on synthetic rank requests until the CPU each costs has settled ({@link SettleRule})
 * and the JIT has gone quiet ({@link JitActivity}): the
 * request's JSON parsed and validated, {@link RecommendationService#decide(RankRequest, ServingModels)} against the
 * given models (retrieval, the variant's policy, the decision encoded but not logged) and the answer encoded as JSON. A JVM that has not run this code is interpreted, then
 * compiled tier by tier while the first real requests wait (p99 above 100 ms for the first half minute at 1,000/s);
 * after a warm-up the compiled code is there before the first of them. Requests that fail (a variant whose model is
 * not loaded, say) still run the code up to where they fail, and are counted.
 */
public final class WarmUp {

    /**
     * @param timeout     the warm-up ends here even if it has not settled (a busy machine may never look flat)
     * @param roundSize   requests per round; each round yields one CPU cost per request
     * @param minRequests requests before the cost may count as settled: C2 compiles a method after about 5,000 calls
     *                    (and then queues it), so a warm-up that stops near that count hands the first real requests
     *                    code that is still being compiled
     * @param window      rounds that must agree
     * @param tolerance   how far they may differ (0.2: the dearest round at most 1.2 × the cheapest)
     * @param maxCompileShare the JIT must be this quiet over the same rounds: its compilation time at most this share
     *                    of their wall time (1: not asked)
     * @param cpuShare    of one core: below 1 the warm-up pauses after each round (a version warmed while serving)
     * @param threads     requests of a round run on this many threads at once, as concurrent requests do: each policy
     *                    lends every concurrent caller its own learner copy, restored from the version's snapshot
     *                    on first use (milliseconds each), so the copies the first burst of traffic needs are made here
     */
    public record Settings(Duration timeout, int roundSize, int minRequests, int window, double tolerance,
                           double maxCompileShare, double cpuShare, int threads) {
        /** Before serving's first request: at full speed, on 8 threads, until the JIT has finished the hot path. */
        public static Settings startup(Duration timeout) {
            return new Settings(timeout, 256, 20_000, 4, 0.2, 0.1, 1.0, 8);
        }

        /** A new version while the old one answers: the code is compiled already, its data and copies are new. */
        public static Settings swap(Duration timeout) {
            return new Settings(timeout, 104, 300, 3, 0.25, 1.0, 0.5, 8);
        }

        public Settings {
            if (timeout.isNegative()) throw new IllegalArgumentException("timeout must not be negative, was " + timeout);
            if (roundSize < 1) throw new IllegalArgumentException("roundSize must be >= 1, was " + roundSize);
            if (!(maxCompileShare > 0)) throw new IllegalArgumentException("maxCompileShare must be > 0, was " + maxCompileShare);
            if (!(cpuShare > 0 && cpuShare <= 1)) throw new IllegalArgumentException("cpuShare must be in (0, 1], was " + cpuShare);
            if (threads < 1 || roundSize % threads != 0) {
                throw new IllegalArgumentException("threads must be >= 1 and divide roundSize, was " + threads);
            }
        }
    }

    /**
     * What a warm-up did.
     *
     * @param roundCpuMicros     the median request's CPU µs in each round (what decided that it settled)
     * @param roundMedianMicros  the median latency of each round, for the log
     */
    public record Result(long requests, long failures, boolean settled, Duration took, List<Double> roundCpuMicros,
                         List<Double> roundMedianMicros) {
        public String summary() {
            return String.format(java.util.Locale.ROOT,
                    "%d synthetic requests (%d failed) in %.1f s, %s; CPU µs per request per round %s; median µs %s",
                    requests, failures, took.toMillis() / 1e3,
                    settled ? "CPU per request settled and the JIT quiet" : "not settled by the time limit",
                    rounded(roundCpuMicros), rounded(roundMedianMicros));
        }

        /** The last rounds only: a long warm-up has hundreds. */
        private static List<Long> rounded(List<Double> values) {
            return values.subList(Math.max(0, values.size() - 12), values.size()).stream().map(Math::round).toList();
        }
    }

    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

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
        SyntheticRequests requests = requests(models);
        SettleRule rule = new SettleRule(s.minRequests(), s.window(), s.tolerance());
        JitActivity jit = new JitActivity(s.window(), s.maxCompileShare());
        List<Double> latencyMedians = new ArrayList<>();
        long[] nanos = new long[s.roundSize()];
        long[] cpuNanos = new long[s.roundSize()];
        AtomicLong failures = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(s.threads(), r -> {
            Thread t = new Thread(r, "eddy-warm-up-request");
            t.setDaemon(true);
            return t;
        });
        try {
            long sent = 0;
            while (!(rule.settled() && jit.quiet()) && System.nanoTime() < deadline
                    && !Thread.currentThread().isInterrupted()) {
                long roundStart = System.nanoTime();
                List<Future<?>> parts = new ArrayList<>(s.threads());
                int share = nanos.length / s.threads();
                for (int t = 0; t < s.threads(); t++) {
                    int from = t * share;
                    long first = sent + from;
                    parts.add(pool.submit(() -> {
                        for (int i = 0; i < share; i++) {
                            long t0 = System.nanoTime();
                            long cpu0 = CPU.getCurrentThreadCpuTime();
                            if (!answer(requests.get(first + i), models)) failures.incrementAndGet();
                            cpuNanos[from + i] = CPU.getCurrentThreadCpuTime() - cpu0;
                            nanos[from + i] = System.nanoTime() - t0;
                        }
                    }));
                }
                for (Future<?> f : parts) f.get();
                sent += nanos.length;
                long busy = System.nanoTime() - roundStart;
                Arrays.sort(nanos);
                latencyMedians.add(nanos[nanos.length / 2] / 1e3);
                // CPU, not wall time: on a shared machine a round's latency says as much about the neighbours as
                // about the JIT, while the CPU a request costs falls only as its code gets compiled. The median
                // request's, not the round's mean: a request whose caches a neighbour emptied is one outlier then.
                Arrays.sort(cpuNanos);
                rule.round(nanos.length, cpuNanos[cpuNanos.length / 2] / 1e3);
                jit.round(busy);
                if (s.cpuShare() < 1) pause((long) (busy * (1 - s.cpuShare()) / s.cpuShare()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException("a warm-up request failed unexpectedly", e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return new Result(rule.requests(), failures.get(), rule.settled() && jit.quiet(),
                Duration.ofNanos(System.nanoTime() - start), rule.medians(), latencyMedians);
    }

    /** The synthetic rank requests for {@code models}, the same for the in-process and the HTTP warm-up. */
    SyntheticRequests requests(ServingModels models) {
        return SyntheticRequests.of(models, defaultModel, service.experimentAssigner().experiments(), k, 42);
    }

    /** One request as the server handles it, its answer encoded; false if it failed (it still ran the code). */
    private boolean answer(byte[] body, ServingModels models) {
        try {
            RankRequest request = RequestBodies.parse(body, RankRequest.class);
            validator.validate(request);
            RecommendationService.Ranked ranked = service.decide(request, models);
            byte[] json = RequestBodies.mapper().writeValueAsBytes(ranked.response());
            return json.length > 0 && ranked.decisionJson().length > 0;
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
