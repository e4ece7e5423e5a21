package dev.eddy.serving.model;

import dev.eddy.events.event.ModelManifest;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The versions the {@link ModelFollower} loaded, per model, with their manifests' offline metrics (e.g. the retrain
 * job's recall@20), for the dashboard's models panel. Bounded: the newest {@code perModel} versions of each model.
 */
public final class ModelVersionHistory {
    /** Versions kept per model: with a version every few minutes (fold-in rounds), more than a day. */
    public static final int PER_MODEL = 500;

    /** One loaded version. */
    public record Loaded(String model, String modelType, long version, Instant createdAt, Instant loadedAt,
                         Map<String, Double> metrics) {}

    private final int perModel;
    private final Map<String, Deque<Loaded>> byModel = new TreeMap<>();
    private final Map<String, Long> counts = new TreeMap<>();

    public ModelVersionHistory(int perModel) {
        if (perModel < 1) throw new IllegalArgumentException("perModel must be >= 1, was " + perModel);
        this.perModel = perModel;
    }

    /** Notes a version the follower loaded. */
    public synchronized void record(ModelManifest m, Instant loadedAt) {
        Deque<Loaded> versions = byModel.computeIfAbsent(m.model(), k -> new ArrayDeque<>());
        versions.addLast(new Loaded(m.model(), m.modelType(), m.version(), m.createdAt(), loadedAt, Map.copyOf(m.metrics())));
        if (versions.size() > perModel) versions.removeFirst();
        counts.merge(m.model(), 1L, Long::sum);
    }

    /** Per model (by name), its kept versions in the order they were loaded. */
    public synchronized Map<String, List<Loaded>> byModel() {
        Map<String, List<Loaded>> out = new TreeMap<>();
        byModel.forEach((model, versions) -> out.put(model, List.copyOf(versions)));
        return out;
    }

    /** Versions of {@code model} loaded since start, kept or not. */
    public synchronized long loaded(String model) {
        return counts.getOrDefault(model, 0L);
    }
}
