package dev.eddy.serving.bench;

import dev.eddy.bandits.core.BanditRound;
import dev.eddy.bandits.core.ContextualBandit;
import dev.eddy.bandits.eval.BanditModelSpec;
import dev.eddy.bandits.slate.Slate;
import dev.eddy.events.event.Candidate;
import dev.eddy.events.event.Decision;
import dev.eddy.events.features.HashingConfig;
import dev.eddy.events.json.EventJson;
import dev.eddy.serving.model.BanditPolicy;
import dev.eddy.serving.model.Published;
import dev.eddy.serving.retrieval.AnnTopK;
import dev.eddy.serving.retrieval.ExactTopK;
import dev.eddy.serving.retrieval.RandomCatalogue;
import dev.eddy.serving.retrieval.ScoredItem;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;

/**
 * The two CPU-heavy steps of serving's {@code POST /v1/rank} when the request sends no candidates, on one thread:
 * retrieving the user's top 100 of a 100,000 × 64 clustered catalogue (as the load benchmark's synthetic models
 * have it) with 50 seen items excluded, and re-ranking those 100 with a trained NeuFastCB (k = 10, candidates and
 * context shaped as serving's load sends them). The ANN setup prints recall@100 against the exact scan over the
 * same queries and exclusions, so a faster setting is only worth having with its recall beside it. Run with
 * {@code recsys/bench RankPath}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class RankPathBenchmark {
    static final int QUERIES = 64;
    static final int ITEMS = 100_000;
    static final int DIM = 64;
    static final int CLUSTERS = 16;
    static final int K = 100;
    static final long SEED = 7;

    /** Queries (users of random clusters) and each one's seen items: 50 of its cluster's best 150. */
    @State(Scope.Benchmark)
    public static class Catalogue {
        RandomCatalogue catalogue;
        ExactTopK exact;
        float[][] queries;
        List<Set<String>> seen;

        @Setup(Level.Trial)
        public void setup() {
            catalogue = RandomCatalogue.clustered(ITEMS, DIM, CLUSTERS, SEED);
            exact = new ExactTopK(catalogue.ids(), catalogue.rows(), DIM);
            SplittableRandom r = new SplittableRandom(11);
            queries = new float[QUERIES][];
            seen = new ArrayList<>();
            for (int i = 0; i < QUERIES; i++) {
                queries[i] = RandomCatalogue.clusteredQuery(DIM, CLUSTERS, SEED, r.nextInt(CLUSTERS), r);
                List<ScoredItem> best = exact.topK(queries[i], 150, id -> false);
                Set<String> s = new HashSet<>();
                while (s.size() < 50) s.add(best.get(r.nextInt(best.size())).id());
                seen.add(Set.copyOf(s));
            }
        }
    }

    @State(Scope.Benchmark)
    public static class Ann {
        @Param("16")
        int maxDegree;
        @Param("64")
        int beamWidth;
        @Param("100")
        int searchBeam;
        @Param("2.0")
        float overquery;

        AnnTopK ann;

        @Setup(Level.Trial)
        public void setup(Catalogue c) {
            long start = System.nanoTime();
            AnnTopK.Params p = new AnnTopK.Params(maxDegree, beamWidth, 1.2f, 1.2f, searchBeam, overquery);
            ann = AnnTopK.build(c.catalogue.ids(), c.catalogue.rows(), DIM, p, ForkJoinPool.commonPool());
            double seconds = (System.nanoTime() - start) / 1e9;
            int hits = 0;
            for (int i = 0; i < QUERIES; i++) {
                Set<String> ex = c.seen.get(i);
                Set<String> truth = new HashSet<>();
                for (ScoredItem s : c.exact.topK(c.queries[i], K, ex::contains)) truth.add(s.id());
                for (ScoredItem s : ann.topK(c.queries[i], K, ex::contains)) if (truth.contains(s.id())) hits++;
            }
            System.out.printf("%n[ann] %s: built in %.1f s, recall@%d vs exact = %.4f%n", p, seconds, K,
                    hits / (double) (K * QUERIES));
        }
    }

    /** A NeuFastCB trained on the served shape: segment s likes items of cluster s; 100 candidates per request. */
    @State(Scope.Benchmark)
    public static class Bandit {
        static final int SEGMENTS = 16;
        BanditPolicy policy;
        List<Map<String, Map<String, Double>>> contexts = new ArrayList<>();
        List<List<Candidate>> candidates = new ArrayList<>();
        List<BanditRound> rounds = new ArrayList<>();
        List<Decision> decisions = new ArrayList<>();

        @Setup(Level.Trial)
        public void setup() {
            BanditModelSpec spec = new BanditModelSpec("neufastcb", Map.of(),
                    HashingConfig.ofBits(12).withCrosses("user:item"), 100, 17);
            ContextualBandit learner = spec.create();
            var encoder = spec.encoder();
            SplittableRandom r = new SplittableRandom(3);
            int rounds = 3000;
            for (int t = 0; t < rounds; t++) {
                int segment = r.nextInt(SEGMENTS);
                List<Candidate> cands = candidates(r, 20);
                BanditRound round = encoder.encode(context(segment), cands);
                var choice = learner.choose(round, r);
                int item = Integer.parseInt(cands.get(choice.action()).id().substring(1));
                learner.learn(round, choice.action(), choice.probability(), item % SEGMENTS == segment ? 1 : 0);
            }
            policy = BanditPolicy.restore(Published.bandit("neucb", 1, spec, learner, rounds).version());
            for (int i = 0; i < QUERIES; i++) {
                contexts.add(context(r.nextInt(SEGMENTS)));
                candidates.add(candidates(r, 100));
                this.rounds.add(policy.round(contexts.get(i), candidates.get(i)));
                decisions.add(decision(i, policy.rank(this.rounds.get(i), 10, new SplittableRandom(i))));
            }
        }

        /** The decision serving logs for query i's slate: its 100 candidates, the slate and the distribution. */
        private Decision decision(int i, Slate slate) {
            List<Integer> chosen = new ArrayList<>();
            List<Double> probabilities = new ArrayList<>();
            for (int s = 0; s < slate.size(); s++) {
                chosen.add(slate.actions()[s]);
                probabilities.add(slate.propensities()[s]);
            }
            return Decision.builder().eventId(UUID.randomUUID().toString())
                    .timestamp(Instant.ofEpochMilli(1_765_000_000_000L + i)).userId("u" + i)
                    .policy("neucb").modelVersion(1L).context(contexts.get(i)).candidates(candidates.get(i))
                    .chosen(chosen).probabilities(probabilities)
                    .distribution(Arrays.stream(slate.distribution()).boxed().toList()).latencyMs(0.4).build();
        }

        static Map<String, Map<String, Double>> context(int segment) {
            return Map.of("user", Map.of("segment=" + segment, 1.0));
        }

        static List<Candidate> candidates(SplittableRandom r, int n) {
            List<Candidate> out = new ArrayList<>(n);
            Set<Integer> used = new HashSet<>();
            while (out.size() < n) {
                int item = r.nextInt(ITEMS);
                if (!used.add(item)) continue;
                String id = "i" + item;
                // As serving builds them from a retrieved item: item then mf, the score a float widened to double.
                Map<String, Map<String, Double>> features = new LinkedHashMap<>();
                features.put("item", Map.of(id, 1.0));
                features.put("mf", Map.of("score", (double) (float) r.nextDouble(2)));
                out.add(new Candidate(id, features));
            }
            return out;
        }
    }

    @State(Scope.Thread)
    public static class Cursor {
        int next;
    }

    @Benchmark
    public List<ScoredItem> annTop100(Catalogue c, Ann a, Cursor cur) {
        int i = cur.next++ & (QUERIES - 1);
        return a.ann.topK(c.queries[i], K, c.seen.get(i)::contains);
    }

    @Benchmark
    public List<ScoredItem> exactTop100(Catalogue c, Cursor cur) {
        int i = cur.next++ & (QUERIES - 1);
        return c.exact.topK(c.queries[i], K, c.seen.get(i)::contains);
    }

    /** Hashing the 100 candidates with the context (BanditPolicy.round). */
    @Benchmark
    public BanditRound banditEncode100(Bandit b, Cursor cur) {
        int i = cur.next++ & (QUERIES - 1);
        return b.policy.round(b.contexts.get(i), b.candidates.get(i));
    }

    /** Encoding the decision of a 100-candidate slate for the decisions topic (EventJson.write). */
    @Benchmark
    public byte[] decisionJson100(Bandit b, Cursor cur) {
        int i = cur.next++ & (QUERIES - 1);
        return EventJson.write(b.decisions.get(i));
    }

    /** Ranking an encoded round of 100 candidates, k = 10 (BanditPolicy.rank). */
    @Benchmark
    public Slate banditRank100(Bandit b, Cursor cur) {
        int i = cur.next++ & (QUERIES - 1);
        return b.policy.rank(b.rounds.get(i), 10, new SplittableRandom(i));
    }
}
