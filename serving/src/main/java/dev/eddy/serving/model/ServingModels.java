package dev.eddy.serving.model;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Every model serving has loaded, by model name, as one immutable snapshot. The follower replaces the whole snapshot
 * at once, so a request that reads {@link ModelFollower#current()} once sees one version of each model throughout,
 * never a mix of old and new.
 */
public record ServingModels(Map<String, EmbeddingIndex> embeddings, Map<String, BanditPolicy> bandits,
                            Map<String, SessionPolicyModel> sessions) {
    public static final ServingModels EMPTY = new ServingModels(Map.of(), Map.of(), Map.of());

    public ServingModels {
        embeddings = Map.copyOf(embeddings);
        bandits = Map.copyOf(bandits);
        sessions = Map.copyOf(sessions);
    }

    public Optional<EmbeddingIndex> embedding(String model) {
        return Optional.ofNullable(embeddings.get(model));
    }

    public Optional<BanditPolicy> bandit(String model) {
        return Optional.ofNullable(bandits.get(model));
    }

    public Optional<SessionPolicyModel> session(String model) {
        return Optional.ofNullable(sessions.get(model));
    }

    public boolean isEmpty() {
        return embeddings.isEmpty() && bandits.isEmpty() && sessions.isEmpty();
    }

    /** The version of each loaded model, by name. */
    public Map<String, Long> versions() {
        Map<String, Long> out = new TreeMap<>();
        embeddings.forEach((m, e) -> out.put(m, e.version()));
        bandits.forEach((m, b) -> out.put(m, b.version()));
        sessions.forEach((m, s) -> out.put(m, s.version()));
        return out;
    }

    ServingModels with(EmbeddingIndex e) {
        Map<String, EmbeddingIndex> m = new java.util.HashMap<>(embeddings);
        m.put(e.model(), e);
        return new ServingModels(m, bandits, sessions);
    }

    ServingModels with(BanditPolicy b) {
        Map<String, BanditPolicy> m = new java.util.HashMap<>(bandits);
        m.put(b.model(), b);
        return new ServingModels(embeddings, m, sessions);
    }

    ServingModels with(SessionPolicyModel s) {
        Map<String, SessionPolicyModel> m = new java.util.HashMap<>(sessions);
        m.put(s.model(), s);
        return new ServingModels(embeddings, bandits, m);
    }
}
