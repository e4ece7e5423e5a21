package dev.eddy.serving.warmup;

import dev.eddy.events.experiment.Experiment;
import dev.eddy.serving.http.RankRequest;
import dev.eddy.serving.http.RequestBodies;
import dev.eddy.serving.model.EmbeddingIndex;
import dev.eddy.serving.model.ServingModels;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Rank request bodies (JSON, as a client sends them) that reach every policy a real request can reach: requests
 * outside experiments (the default plan) and, for each configured experiment, requests of many users so that the
 * assignment spreads them over its variants. Users are the embedding model's own (as in production most are) and a
 * few it does not know (the cold-user query); when no embedding model is loaded, requests bring candidates. The
 * users are synthetic; nothing here is logged.
 */
final class SyntheticRequests {
    static final int CANDIDATES = 20;
    /** Distinct bodies; {@link #get} cycles through them. */
    static final int SIZE = 512;
    private static final int KNOWN_USERS = 1000;

    private final List<byte[]> bodies;

    private SyntheticRequests(List<byte[]> bodies) {
        this.bodies = bodies;
    }

    /**
     * @param defaultModel the embedding model of requests outside experiments (serving.default-model)
     * @param k            items asked per request
     */
    static SyntheticRequests of(ServingModels models, String defaultModel, List<Experiment> experiments, int k, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        EmbeddingIndex embedding = models.embedding(defaultModel).orElse(null);
        List<String> users = new ArrayList<>(embedding == null ? List.of() : embedding.someUsers(KNOWN_USERS));
        for (int i = 0; i < Math.max(10, users.size() / 10); i++) users.add("warmup-cold-" + i);
        List<String> items = embedding == null ? List.of() : embedding.someItems(10 * CANDIDATES);
        List<String> experimentIds = new ArrayList<>();
        experimentIds.add(null);
        for (Experiment e : experiments) experimentIds.add(e.id());
        List<byte[]> bodies = new ArrayList<>();
        for (int i = 0; i < SIZE; i++) {
            String user = users.get(r.nextInt(users.size()));
            String experimentId = experimentIds.get(i % experimentIds.size());
            Map<String, Map<String, Double>> context = Map.of("user", Map.of("segment=" + r.nextInt(16), 1.0));
            // Without an embedding model to retrieve from, the request brings its own candidates.
            List<RankRequest.CandidateBody> candidates = embedding == null ? candidates(items, r) : null;
            int kk = Math.min(k, candidates == null ? k : candidates.size());
            bodies.add(json(new RankRequest(user, null, null, context, candidates, kk, experimentId)));
        }
        return new SyntheticRequests(bodies);
    }

    private static List<RankRequest.CandidateBody> candidates(List<String> items, SplittableRandom r) {
        List<RankRequest.CandidateBody> out = new ArrayList<>(CANDIDATES);
        for (int c = 0; c < CANDIDATES; c++) {
            String id = items.isEmpty() ? "warmup-item-" + r.nextInt(1000) : items.get(r.nextInt(items.size()));
            if (out.stream().anyMatch(b -> b.id().equals(id))) continue;
            Map<String, Map<String, Double>> features = new LinkedHashMap<>();
            features.put("item", Map.of(id, 1.0));
            out.add(new RankRequest.CandidateBody(id, features));
        }
        return out;
    }

    private static byte[] json(RankRequest request) {
        try {
            return RequestBodies.mapper().writeValueAsBytes(request);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The i-th request (cycling): threads that share the requests each ask for their own indices. */
    byte[] get(long i) {
        return bodies.get((int) (i % bodies.size()));
    }
}
