package dev.eddy.serving;

import dev.eddy.bandits.slate.Slate;
import dev.eddy.bandits.slate.SlatePolicy;
import dev.eddy.events.event.Candidate;
import dev.eddy.events.event.Decision;
import dev.eddy.events.event.Interaction;
import dev.eddy.events.event.Reward;
import dev.eddy.events.json.EventJson;
import dev.eddy.events.kafka.EddyTopics;
import dev.eddy.serving.drift.DriftGuards;
import dev.eddy.serving.drift.ExploringSlates;
import dev.eddy.serving.error.ModelNotReadyException;
import dev.eddy.serving.error.NoItemsLeftException;
import dev.eddy.serving.experiment.Assignment;
import dev.eddy.events.experiment.Experiment;
import dev.eddy.serving.experiment.ExperimentAssigner;
import dev.eddy.events.experiment.Variant;
import dev.eddy.serving.http.EventRequest;
import dev.eddy.serving.http.RankRequest;
import dev.eddy.serving.http.RankResponse;
import dev.eddy.serving.http.RewardRequest;
import dev.eddy.serving.http.ServingEndpoints;
import dev.eddy.serving.log.EventIds;
import dev.eddy.serving.log.EventLog;
import dev.eddy.serving.model.BanditPolicy;
import dev.eddy.serving.model.EmbeddingIndex;
import dev.eddy.serving.model.ModelFollower;
import dev.eddy.serving.model.SeenItems;
import dev.eddy.serving.model.ServingModels;
import dev.eddy.serving.rank.CandidateSet;
import dev.eddy.serving.retrieval.ScoredItem;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * What serving does per request: assigns the variant, reads the models once (so a request sees one version of
 * each, never a mix), gets candidates (the request's, or the embedding model's top unseen items), ranks them with
 * the variant's policy, and logs the decision with each shown item's probability. Rewards and interactions are
 * validated and logged. Logging never blocks, unless durable logging makes the response wait for Kafka: see
 * {@link EventLog}.
 */
public final class RecommendationService implements ServingEndpoints {

    /**
     * @param defaultPlan     how requests outside experiments are answered
     * @param retrieve        candidates retrieved per request without candidates
     * @param uniformFallback while a variant's model is not loaded, rank its request's candidates uniformly (else 503)
     * @param epsilon         default exploration rate of epsilon-greedy
     */
    public record Settings(VariantPlan defaultPlan, int retrieve, boolean uniformFallback, double epsilon, EddyTopics topics) {
        public Settings {
            if (retrieve < 1) throw new IllegalArgumentException("serving.retrieve must be >= 1");
            RankingPolicies.check(defaultPlan, "serving.default-policy");
        }
    }

    private final Settings settings;
    private final ModelFollower models;
    private final SeenItems seen;
    private final AtomicReference<ExperimentAssigner> experiments;
    private final EventLog log;
    private final Clock clock;
    private final LongSupplier seeds;
    private volatile java.util.function.Supplier<String> readinessGate = () -> null;
    private volatile DriftGuards driftGuards = DriftGuards.off();

    public RecommendationService(Settings settings, ModelFollower models, SeenItems seen, ExperimentAssigner experiments,
                                 EventLog log, Clock clock) {
        this(settings, models, seen, experiments, log, clock, () -> ThreadLocalRandom.current().nextLong());
    }

    /** @param seeds the seed of each request's draws (tests fix them to compare a request's slate with a replay's) */
    public RecommendationService(Settings settings, ModelFollower models, SeenItems seen, ExperimentAssigner experiments,
                                 EventLog log, Clock clock, LongSupplier seeds) {
        this.settings = settings;
        this.models = models;
        this.seen = seen;
        checkVariants(experiments);
        this.experiments = new AtomicReference<>(experiments);
        this.log = log;
        this.clock = clock;
        this.seeds = seeds;
    }

    /** Swaps in a reloaded experiment config (checked first; the old one stays on error). */
    public void reload(ExperimentAssigner next) {
        checkVariants(next);
        experiments.set(next);
    }

    private static void checkVariants(ExperimentAssigner a) {
        for (Experiment e : a.experiments()) {
            for (Variant v : e.variants()) {
                RankingPolicies.check(VariantPlan.of(v, "unused"), "experiment " + e.id() + " variant " + v.name());
            }
        }
    }

    @Override
    public boolean logMayWait() {
        return log.waitsForBroker();
    }

    @Override
    public RankResponse rank(RankRequest r) {
        Ranked ranked = decide(r, models.current());
        log.offer(settings.topics().decisions(), ranked.eventId(), ranked.decisionJson());
        if (ranked.watchedModel() != null) {
            if (ranked.showedModelPick()) driftGuards.decided(ranked.watchedModel(), ranked.eventId());
            else driftGuards.triedOther(ranked.watchedModel(), ranked.eventId());
        }
        return ranked.response();
    }

    @Override
    public RankResponse rankUnlogged(RankRequest r) {
        return decide(r, models.current()).response();
    }

    /**
     * A ranked answer and its decision, encoded for the decisions topic but not logged.
     *
     * @param watchedModel    the contextual-bandit model that decided, for the drift guards; null when no model of
     *                        that kind decided (another policy, a fallback)
     * @param showedModelPick whether slot 1 holds the model's own pick: always, unless the drift guard explores the
     *                        model's requests ({@link ExploringSlates})
     */
    public record Ranked(RankResponse response, String eventId, byte[] decisionJson, String watchedModel,
                         boolean showedModelPick) {}

    /**
     * Ranks against the given models and encodes the decision, leaving the logging to the caller: the warm-up runs
     * the very path requests take on a version before it is served, without logging what it decided. Logging stays
     * out of this method so that its compiled code is the same for both callers: a sink passed in, one kind in the
     * warm-up and another in production, made the JIT throw away and recompile this method (a second of C2 time)
     * in the first seconds of real traffic.
     */
    public Ranked decide(RankRequest r, ServingModels snapshot) {
        long started = System.nanoTime();
        Instant now = clock.instant();
        String experimentId = null;
        String variant = null;
        String inactive = null;
        VariantPlan plan = settings.defaultPlan();
        if (r.experimentId() != null) {
            Assignment a = experiments.get().assign(r.experimentId(), r.userId(), now);
            experimentId = a.experimentId();
            variant = a.variant();
            if (!a.active()) inactive = a.reason() + ": every user gets the default variant";
            plan = VariantPlan.of(a.variantConfig(), settings.defaultPlan().model());
        }
        EmbeddingIndex embedding = snapshot.embedding(plan.model()).orElse(null);
        CandidateSet candidates = candidates(r, embedding);
        SlatePolicy policy = policy(plan, snapshot, embedding != null, r.step(), candidates.size());
        int k = Math.min(r.k(), candidates.size());
        Slate slate = policy.rank(candidates.request(r.context(), r.step()), k, new SplittableRandom(seeds.getAsLong()));

        String eventId = EventIds.next();
        List<Integer> chosen = new ArrayList<>(slate.size());
        List<Double> probabilities = new ArrayList<>(slate.size());
        List<RankResponse.Item> items = new ArrayList<>(slate.size());
        for (int i = 0; i < slate.size(); i++) {
            int c = slate.actions()[i];
            chosen.add(c);
            probabilities.add(slate.propensities()[i]);
            items.add(new RankResponse.Item(candidates.candidates().get(c).id(), finiteOrZero(slate.scores()[i]),
                    slate.propensities()[i]));
        }
        List<Double> distribution = slate.distribution() == null ? null
                : Arrays.stream(slate.distribution()).boxed().toList();
        // The ranked answer is ready: what the decision costs serving, for the experiments job's latency metric.
        double latencyMs = (System.nanoTime() - started) / 1e6;
        Decision d = Decision.builder().eventId(eventId).timestamp(now).userId(r.userId()).sessionId(r.sessionId())
                .step(r.step()).experimentId(experimentId).variant(variant).policy(policy.name())
                .modelVersion(policy.modelVersion()).context(r.context()).candidates(candidates.candidates())
                .chosen(chosen).probabilities(probabilities).distribution(distribution).latencyMs(latencyMs).build();
        // Only what the model ranked tells how the model is doing (not a fallback).
        String watched = RankingPolicies.isBandit(plan.policy()) && policy.modelVersion() != null ? plan.banditModel() : null;
        boolean modelPick = !(policy instanceof ExploringSlates explored) || explored.showedModelPick(slate);
        return new Ranked(new RankResponse(eventId, policy.name(), policy.modelVersion(),
                embedding == null ? null : embedding.model(), embedding == null ? null : embedding.version(),
                experimentId, variant, inactive, items), eventId, EventJson.write(d), watched, modelPick);
    }

    private CandidateSet candidates(RankRequest r, EmbeddingIndex embedding) {
        float[] user = embedding == null ? null : embedding.queryFor(r.userId());
        if (r.candidates() != null) {
            List<Candidate> list = new ArrayList<>(r.candidates().size());
            double[] scores = new double[r.candidates().size()];
            for (int i = 0; i < scores.length; i++) {
                RankRequest.CandidateBody c = r.candidates().get(i);
                list.add(new Candidate(c.id(), c.features()));
                scores[i] = embedding == null ? Double.NaN : embedding.score(user, c.id());
            }
            return new CandidateSet(list, scores);
        }
        if (embedding == null) {
            throw new ModelNotReadyException("candidates", "no candidates given and the embedding model is not loaded yet");
        }
        List<ScoredItem> top = embedding.retriever().topK(user, settings.retrieve(), seen.excluder(r.userId()));
        if (top.isEmpty()) throw new NoItemsLeftException("candidates", "the embedding model has no items left to recommend");
        List<Candidate> list = new ArrayList<>(top.size());
        double[] scores = new double[top.size()];
        for (int i = 0; i < scores.length; i++) {
            ScoredItem s = top.get(i);
            scores[i] = s.score();
            Map<String, Map<String, Double>> features = new LinkedHashMap<>();
            features.put("item", Map.of(s.id(), 1.0));
            features.put("mf", Map.of("score", (double) s.score()));
            list.add(new Candidate(s.id(), features));
        }
        return new CandidateSet(list, scores);
    }

    /** The variant's policy, or the fallback while the model it needs is not loaded. */
    private SlatePolicy policy(VariantPlan plan, ServingModels snapshot, boolean embeddingLoaded, Integer step,
                               int candidates) {
        String missing;
        if (RankingPolicies.SESSION.equals(plan.policy())) {
            var session = snapshot.session(plan.banditModel()).orElse(null);
            if (session != null) return RankingPolicies.session(session, step, candidates);
            missing = plan.banditModel();
        } else if (RankingPolicies.isBandit(plan.policy())) {
            BanditPolicy bandit = snapshot.bandit(plan.banditModel()).orElse(null);
            if (bandit != null) {
                SlatePolicy model = RankingPolicies.bandit(bandit);
                // After a fall of the model's reward rate: its pick against the other candidates until it proves better.
                if (driftGuards.explore(plan.banditModel(), bandit.decidedThroughMs())) {
                    double share = driftGuards.modelShare(plan.banditModel());
                    if (share < 1) return new ExploringSlates(model, share);
                }
                return model;
            }
            missing = plan.banditModel();
        } else {
            SlatePolicy fixed = RankingPolicies.fixed(plan, settings.epsilon());
            if (embeddingLoaded || !RankingPolicies.needsScores(plan.policy())) return fixed;
            missing = plan.model();
        }
        if (settings.uniformFallback()) return RankingPolicies.uniform();
        throw new ModelNotReadyException(null, "model '" + missing + "' is not loaded yet and serving.fallback is none");
    }

    private static double finiteOrZero(double v) {
        return Double.isFinite(v) ? v : 0;
    }

    @Override
    public Accepted reward(RewardRequest r) {
        Instant at = r.timestamp() == null ? clock.instant() : r.timestamp();
        Reward reward = new Reward(r.eventId(), at, r.value(), r.slot(), r.type(), r.rewardId());
        if (r.value() != null) driftGuards.rewarded(r.eventId(), r.value());
        return new Accepted(r.eventId(), log.offer(settings.topics().rewards(), r.eventId(), EventJson.write(reward)));
    }

    @Override
    public Accepted event(EventRequest r) {
        Instant at = r.timestamp() == null ? clock.instant() : r.timestamp();
        String id = r.eventId() == null ? EventIds.next() : r.eventId();
        Interaction i = new Interaction(id, at, r.userId(), r.itemId(), r.type(), r.value());
        seen.record(r.userId(), r.itemId());
        return new Accepted(id, log.offer(settings.topics().interactions(), r.userId(), EventJson.write(i)));
    }

    @Override
    public Object models() {
        return Map.of("models", ModelDescriptions.of(models.current()));
    }

    @Override
    public Object experiments() {
        Instant now = clock.instant();
        List<Map<String, Object>> out = new ArrayList<>();
        ExperimentAssigner assigner = experiments.get();
        for (Experiment e : assigner.experiments()) {
            // Whether it is active does not depend on the user; any id asks.
            Assignment probe = assigner.assign(e.id(), "-", now);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", e.id());
            m.put("status", e.status().configName());
            m.put("start", e.start());
            m.put("end", e.end());
            m.put("default", e.defaultVariant());
            m.put("active", probe.active());
            m.put("state", probe.reason());
            m.put("variants", e.variants());
            out.add(m);
        }
        return Map.of("experiments", out);
    }

    /** The experiments as configured now (the file may have been reloaded since start). */
    public ExperimentAssigner experimentAssigner() {
        return experiments.get();
    }

    /**
     * Adds a condition to readiness (serving's warm-up, {@code warmup.Readiness}): {@link #notReadyReason()} is the
     * models' reason, else the gate's.
     */
    public void gateReadiness(java.util.function.Supplier<String> gate) {
        this.readinessGate = gate;
    }

    /** Watches the contextual-bandit models' reward rate from now on ({@link DriftGuards}); off until called. */
    public void guardDrift(DriftGuards guards) {
        this.driftGuards = guards;
    }

    @Override
    public String notReadyReason() {
        String why = modelsNotReadyReason();
        return why != null ? why : readinessGate.get();
    }

    /** Why the models cannot serve yet (topic not read, nothing loaded without a fallback); null when they can. */
    public String modelsNotReadyReason() {
        if (!models.caughtUp()) return "still reading the models topic";
        ServingModels snapshot = models.current();
        if (snapshot.isEmpty() && !settings.uniformFallback()) return "no model loaded and serving.fallback is none";
        return null;
    }
}
