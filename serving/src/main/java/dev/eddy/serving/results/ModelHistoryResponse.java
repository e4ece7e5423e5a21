package dev.eddy.serving.results;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The body of GET /v1/models/history: per model, the versions serving loaded since it started (the newest
 * {@code ModelVersionHistory.PER_MODEL}) with their manifests' offline metrics.
 *
 * @param models by model name
 */
public record ModelHistoryResponse(List<ModelVersions> models) {

    /**
     * @param model          the model's name
     * @param modelType      its type from the newest manifest (mf, neucb, session-policy...)
     * @param servedVersion  the version requests use now; null while it is still being indexed
     * @param versionsLoaded versions loaded since start, more than {@code versions} once old ones were dropped
     * @param versions       the kept versions in load order, the newest last
     */
    public record ModelVersions(String model, String modelType, Long servedVersion, long versionsLoaded,
                                List<VersionEntry> versions) {}

    /**
     * @param version   the version
     * @param createdAt when the job made it (its manifest)
     * @param loadedAt  when serving loaded it
     * @param metrics   the manifest's metrics, e.g. recall@20 of a retrain version, updates of a learner's
     */
    public record VersionEntry(long version, Instant createdAt, Instant loadedAt, Map<String, Double> metrics) {}
}
