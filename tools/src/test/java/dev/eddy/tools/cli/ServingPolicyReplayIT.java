package dev.eddy.tools.cli;

import dev.eddy.events.kafka.KafkaClientProperties;
import dev.eddy.bandits.core.ContextualBandit;
import dev.eddy.bandits.eval.BanditModelSpec;
import dev.eddy.bandits.mdp.SessionPolicy;
import dev.eddy.bandits.mdp.eval.SessionModelSpec;
import dev.eddy.bandits.slate.Slate;
import dev.eddy.events.event.Candidate;
import dev.eddy.events.event.Decision;
import dev.eddy.events.event.JoinedExample;
import dev.eddy.events.event.ModelBlock;
import dev.eddy.events.event.ModelManifest;
import dev.eddy.events.event.Reward;
import dev.eddy.events.features.HashingConfig;
import dev.eddy.events.json.EventJson;
import dev.eddy.events.kafka.CommittedReader;
import dev.eddy.events.kafka.EddyTopics;
import dev.eddy.events.kafka.TopicAdmin;
import dev.eddy.events.model.ModelAssembler;
import dev.eddy.events.model.OpaqueBlocks;
import dev.eddy.jobs.join.KeyedBytes;
import dev.eddy.jobs.learn.ModelPublisher;
import dev.eddy.jobs.replay.ReplayEvent;
import dev.eddy.jobs.replay.ReplayModels;
import dev.eddy.jobs.replay.ReplayPolicies;
import dev.eddy.jobs.replay.ReplayPolicySpec;
import dev.eddy.jobs.replay.SlateReplayPolicy;
import dev.eddy.jobs.retrain.DeltaPublisher;
import dev.eddy.jobs.retrain.ModelTables;
import dev.eddy.kafka.embedded.EmbeddedKafka;
import dev.eddy.serving.RecommendationService;
import dev.eddy.serving.VariantPlan;
import dev.eddy.serving.experiment.ExperimentAssigner;
import dev.eddy.events.experiment.ExperimentsConfig;
import dev.eddy.serving.http.RankRequest;
import dev.eddy.serving.log.KafkaEventLog;
import dev.eddy.serving.model.ModelFollower;
import dev.eddy.serving.model.SeenItems;
import dev.eddy.serving.retrieval.RetrievalSettings;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The policies serving runs, replayed: model versions published as the jobs publish them are followed by serving
 * and read by the replay from the same topic; serving ranks /v1/rank requests (RecommendationService, as the HTTP
 * endpoint calls it) and logs its decisions, and the replay's policy built from the {@code serving:} spec, given the
 * logged decision and the request's seed, ranks the very same slate with the very same propensities and first-slot
 * distribution. Then {@code eddy replay} over a log of serving's mf-topk decisions finds that mf-topk of the same
 * version would have shown what was logged: its IPS is the log's mean reward.
 */
class ServingPolicyReplayIT {
    private static final EddyTopics TOPICS = EddyTopics.DEFAULT;
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final int DIM = 8;
    private static final int USERS = 20;
    private static final int ITEMS = 30;
    private static final HashingConfig HASHING = HashingConfig.ofBits(12).withCrosses("user:item");
    private static final SessionModelSpec SESSION = new SessionModelSpec("ftrl-logbarrier", Map.of(), 3, 4,
            HashingConfig.ofBits(6), 100, 11);

    /** A variant serving runs and the replay spec that names the same policy and model. */
    private record Case(VariantPlan plan, String spec) {}

    private static final List<Case> CASES = List.of(
            new Case(new VariantPlan("mf-topk", "recs", null, Map.of()), "serving:mf-topk:model=recs"),
            new Case(new VariantPlan("epsilon-greedy", "recs", null, Map.of("epsilon", "0.3")),
                    "serving:epsilon-greedy:model=recs,epsilon=0.3"),
            new Case(new VariantPlan("neucb", "recs", "neucb", Map.of()), "serving:neucb:model=neucb"),
            new Case(new VariantPlan("ftrl-session", "recs", "sessions", Map.of()), "serving:ftrl-session:model=sessions"),
            new Case(new VariantPlan("uniform", "recs", null, Map.of()), "serving:uniform"));

    private static EmbeddedKafka kafka;
    private static ModelFollower follower;
    /** Per case, the decisions serving logged and the seed of each. */
    private static final Map<String, List<Logged>> LOGGED = new LinkedHashMap<>();

    private record Logged(Decision decision, long seed) {}

    @BeforeAll
    static void serveAndLog() throws Exception {
        kafka = EmbeddedKafka.start();
        try (TopicAdmin admin = new TopicAdmin(KafkaClientProperties.plaintext(kafka.bootstrapServers()))) {
            admin.ensure(TOPICS.specs(1, (short) 1));
        }
        publishModels();
        follower = ModelFollower.start(KafkaClientProperties.plaintext(kafka.bootstrapServers()), TOPICS.models(), RetrievalSettings.DEFAULT);
        await().atMost(Duration.ofSeconds(60)).until(() -> follower.current().versions().equals(
                Map.of("recs", 2L, "neucb", 3L, "sessions", 1L)));

        AtomicLong seeds = new AtomicLong(1000);
        Map<String, Long> seedOf = new HashMap<>();
        Map<String, String> caseOf = new HashMap<>();
        try (KafkaEventLog log = new KafkaEventLog(KafkaClientProperties.plaintext(kafka.bootstrapServers()), 10_000, Map.of())) {
            for (Case c : CASES) {
                // Each request's seed is the next number; the service draws it once per request.
                long[] current = new long[1];
                RecommendationService service = new RecommendationService(
                        new RecommendationService.Settings(c.plan(), 20, false, 0.1, TOPICS), follower,
                        new SeenItems(1000, 100), ExperimentAssigner.of(new ExperimentsConfig(List.of())), log,
                        Clock.systemUTC(), () -> current[0]);
                SplittableRandom r = new SplittableRandom(c.spec().hashCode());
                for (int i = 0; i < 30; i++) {
                    current[0] = seeds.incrementAndGet();
                    boolean session = c.plan().policy().equals("ftrl-session");
                    List<RankRequest.CandidateBody> candidates = candidates(r, session ? 4 : 13);
                    int k = 1 + r.nextInt(candidates.size());
                    // u20 and u21 are unknown to the embedding model: they rank by the mean user.
                    RankRequest request = new RankRequest("u" + r.nextInt(USERS + 2), "s" + i, session ? i % 3 : null,
                            Map.of("user", Map.of("segment=" + (i % 3), 1.0)), candidates, k, null);
                    String eventId = service.rank(request).eventId();
                    seedOf.put(eventId, current[0]);
                    caseOf.put(eventId, c.spec());
                }
            }
        }
        for (Case c : CASES) LOGGED.put(c.spec(), new ArrayList<>());
        try (var consumer = CommittedReader.fromBeginning(KafkaClientProperties.plaintext(kafka.bootstrapServers()), List.of(TOPICS.decisions()))) {
            int read = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (read < seedOf.size() && System.nanoTime() < deadline) {
                for (var rec : consumer.poll(Duration.ofMillis(200))) {
                    Decision d = EventJson.parseDecision(rec.value());
                    LOGGED.get(caseOf.get(d.eventId())).add(new Logged(d, seedOf.get(d.eventId())));
                    read++;
                }
            }
            assertThat(read).isEqualTo(seedOf.size());
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (follower != null) follower.close();
        if (kafka != null) kafka.close();
    }

    @Test
    void theReplayedPolicyRanksTheSlateServingLoggedWithTheSamePropensities() {
        for (Case c : CASES) {
            ReplayPolicySpec spec = ReplayModels.resolve(List.of(ReplayPolicySpec.parse(c.spec())), KafkaClientProperties.plaintext(kafka.bootstrapServers()),
                    TOPICS.models(), Duration.ofSeconds(30)).get(0);
            SlateReplayPolicy replayed = ReplayPolicies.serving(spec);
            List<Logged> logged = LOGGED.get(c.spec());
            assertThat(logged).as(c.spec()).hasSize(30);
            int explored = 0;
            for (Logged l : logged) {
                Decision d = l.decision();
                ReplayEvent event = ReplayEvent.of(new JoinedExample(d, List.of(), 0, false, d.timestamp()));
                Slate s = replayed.slate(event, new SplittableRandom(l.seed()));
                String what = c.spec() + " on " + d.eventId();
                assertThat(s.actions()).as(what).containsExactly(d.chosen().stream().mapToInt(Integer::intValue).toArray());
                assertThat(s.propensities()).as(what).containsExactly(d.probabilities().stream().mapToDouble(Double::doubleValue).toArray());
                if (d.distribution() == null) {
                    assertThat(s.distribution()).as(what).isNull();
                } else {
                    assertThat(s.distribution()).as(what).containsExactly(d.distribution().stream().mapToDouble(Double::doubleValue).toArray());
                }
                assertThat(replayed.policy().name()).isEqualTo(d.policy());
                assertThat(replayed.policy().modelVersion()).isEqualTo(d.modelVersion());
                if (d.probabilities().stream().anyMatch(p -> p < 1)) explored++;
            }
            // Slates drawn at random, not only the deterministic top: the seeds must matter.
            if (!c.spec().contains("mf-topk")) assertThat(explored).as(c.spec()).isPositive();
        }
    }

    @Test
    void eddyReplayOfServingsOwnMfTopKLogFindsWhatWasShown(@TempDir Path dir) throws Exception {
        List<String> lines = new ArrayList<>();
        double rewards = 0;
        List<Logged> logged = LOGGED.get("serving:mf-topk:model=recs");
        for (Logged l : logged) {
            Decision d = l.decision();
            double reward = d.candidates().get(d.chosen().get(0)).id().hashCode() % 2 == 0 ? 1 : 0;
            rewards += reward;
            lines.add(EventJson.writeString(new JoinedExample(d, List.of(new Reward(d.eventId(), d.timestamp(), reward,
                    null, null, null)), reward, true, d.timestamp().plusSeconds(60))));
        }
        Path log = dir.resolve("mf-topk.jsonl");
        Files.write(log, lines);

        CliRun r = CliRun.eddy("replay", "--from", log.toString(), "--policy", "serving:mf-topk:model=recs",
                "--policy", "logging", "--policy", "serving:neucb:model=neucb", "--policy", "serving:uniform",
                "--models-from", kafka.bootstrapServers(), "--report", dir.resolve("report").toString(),
                "--estimator", "ips", "--no-progress", "--resamples", "50");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("serving:mf-topk:model=recs ranks with recs/2")
                .contains("serving:neucb:model=neucb ranks with neucb/3").contains("30 decisions x 4 policies");
        double mean = rewards / logged.size();
        assertThat(ips(r, "serving:mf-topk:model=recs")).isCloseTo(mean, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(ips(r, "logging")).isCloseTo(mean, org.assertj.core.data.Offset.offset(1e-4));
    }

    @Test
    void aModelTheTopicDoesNotHoldFailsTheCommandNamingIt(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("one.jsonl");
        Decision d = LOGGED.get("serving:uniform").get(0).decision();
        Files.write(log, List.of(EventJson.writeString(new JoinedExample(d, List.of(), 0, false, d.timestamp()))));
        CliRun r = CliRun.eddy("replay", "--from", log.toString(), "--policy", "serving:neucb:model=nope",
                "-b", kafka.bootstrapServers(), "--report", dir.resolve("report").toString(), "--no-progress");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("no version of contextual-bandit model 'nope' on eddy.models");
    }

    private static double ips(CliRun r, String policy) {
        String line = r.lines().stream().filter(l -> l.startsWith(policy + " ips=")).findFirst().orElseThrow(
                () -> new AssertionError("no ips line for " + policy + " in\n" + r.out()));
        return Double.parseDouble(line.substring((policy + " ips=").length(), line.indexOf(' ', policy.length() + 5)));
    }

    private static List<RankRequest.CandidateBody> candidates(SplittableRandom r, int n) {
        List<RankRequest.CandidateBody> out = new ArrayList<>();
        List<Integer> items = new ArrayList<>();
        while (items.size() < n - 1) {
            int item = r.nextInt(ITEMS);
            if (!items.contains(item)) items.add(item);
        }
        for (int item : items) out.add(new RankRequest.CandidateBody("i" + item, features(item)));
        // One candidate the embedding model does not know: no MF score, ranked last by the MF policies.
        out.add(r.nextInt(out.size() + 1), new RankRequest.CandidateBody("new-" + r.nextInt(1000), features(ITEMS + 1)));
        return out;
    }

    private static Map<String, Map<String, Double>> features(int item) {
        return Map.of("item", Map.of("id=" + item, 1.0, "category=" + (item % 3), 1.0));
    }

    /** Embedding v1 (full) and v2 (a delta), a NeuFastCB version and a session-policy version, as the jobs write them. */
    private static void publishModels() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            ModelTables v1 = tables(1, null);
            ModelTables v2 = tables(2, v1);
            send(producer, DeltaPublisher.publish("recs", 1, 0, null, v1, "mf", Map.of(), Map.of(), T0, 4096).records());
            send(producer, DeltaPublisher.publish("recs", 2, 1, v1, v2, "mf", Map.of(), Map.of(), T0, 4096).records());
            BanditModelSpec bandit = new BanditModelSpec("neufastcb", Map.of(), HASHING, 13, 17);
            send(producer, ModelPublisher.records("neucb", 3, bandit, trained(bandit), 300, T0, 4096));
            send(producer, sessionVersion());
            producer.flush();
        }
    }

    private static void send(KafkaProducer<String, byte[]> producer, List<KeyedBytes> records) {
        for (KeyedBytes r : records) producer.send(new ProducerRecord<>(TOPICS.models(), r.key, r.value));
    }

    /** Random rows; version 2 changes every third user and item of version 1. */
    private static ModelTables tables(long version, ModelTables base) {
        SplittableRandom r = new SplittableRandom(version);
        String[] users = new String[USERS];
        String[] items = new String[ITEMS];
        float[] u = base == null ? new float[USERS * DIM] : base.users.clone();
        float[] it = base == null ? new float[ITEMS * DIM] : base.items.clone();
        for (int i = 0; i < USERS; i++) users[i] = "u" + i;
        for (int i = 0; i < ITEMS; i++) items[i] = "i" + i;
        for (int i = 0; i < u.length; i++) if (base == null || (i / DIM) % 3 == 0) u[i] = (float) r.nextGaussian();
        for (int i = 0; i < it.length; i++) if (base == null || (i / DIM) % 3 == 0) it[i] = (float) r.nextGaussian();
        return new ModelTables(users, items, DIM, u, it);
    }

    /** A learner trained on a planted preference: segment s likes category s. */
    private static ContextualBandit trained(BanditModelSpec spec) {
        ContextualBandit learner = spec.create();
        var encoder = spec.encoder();
        SplittableRandom r = new SplittableRandom(3);
        for (int t = 0; t < 300; t++) {
            int segment = r.nextInt(3);
            List<Candidate> cands = new ArrayList<>();
            for (RankRequest.CandidateBody c : candidates(r, 13)) cands.add(new Candidate(c.id(), c.features()));
            var round = encoder.encode(Map.of("user", Map.of("segment=" + segment, 1.0)), cands);
            var choice = learner.choose(round, r);
            double reward = cands.get(choice.action()).features().get("item").containsKey("category=" + segment) ? 1 : 0;
            learner.learn(round, choice.action(), choice.probability(), reward);
        }
        return learner;
    }

    /** An FTRL session policy after some sessions, as the learner job's ModelPublisher writes it (blocks, then manifest). */
    private static List<KeyedBytes> sessionVersion() {
        SessionPolicy policy = SESSION.create();
        SplittableRandom r = new SplittableRandom(4);
        for (int e = 0; e < 60; e++) {
            List<Decision> steps = new ArrayList<>();
            double[] rewards = new double[SESSION.horizon()];
            for (int h = 0; h < SESSION.horizon(); h++) {
                int a = r.nextInt(SESSION.actions());
                List<Candidate> cands = new ArrayList<>();
                for (int i = 0; i < SESSION.actions(); i++) cands.add(new Candidate("i" + i, features(i)));
                steps.add(Decision.builder().eventId("s" + e + "-" + h).timestamp(T0).userId("u").sessionId("s" + e)
                        .step(h).policy("logger").context(Map.of("user", Map.of("segment=" + (e % 3), 1.0)))
                        .candidates(cands).chosen(List.of(a)).probabilities(List.of(1.0 / SESSION.actions())).build());
                rewards[h] = a == e % SESSION.actions() ? 1 : 0;
            }
            policy.learn(SESSION.episode(steps, rewards));
        }
        byte[] snapshot = policy.snapshot();
        List<ModelBlock> blocks = OpaqueBlocks.blocks("sessions", 1, snapshot, 4096);
        ModelManifest m = new ModelManifest("sessions", 1, T0, SessionModelSpec.MODEL_TYPE, Map.of(),
                SESSION.manifestParams(snapshot.length), blocks.size(), ModelAssembler.sha256(blocks));
        List<KeyedBytes> out = new ArrayList<>();
        for (ModelBlock b : blocks) out.add(new KeyedBytes(b.key(), EventJson.write(b)));
        out.add(new KeyedBytes(m.key(), EventJson.write(m)));
        return out;
    }
}
