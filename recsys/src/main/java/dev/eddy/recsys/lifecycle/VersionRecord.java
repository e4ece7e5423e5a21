package dev.eddy.recsys.lifecycle;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a published version says about itself in its manifest besides its tables: its model type, metrics and
 * params. The three ways a version comes about — a retrain, a fold-in, a rollback — make theirs here through one
 * builder, so that they name the same things alike and in the same order: metrics {@code recall@20},
 * {@code ndcg@20}, then what the kind has of popularity, published recall, held-out users, interactions, folded-in
 * counts, timings and extra figures; params the training configuration, {@code kind}, {@code trainedVersion}, then
 * what the kind has of rollback details and data range. The maps keep that order (manifests are read by people).
 *
 * @param modelType the manifest's model type (the backbone's label)
 * @param metrics   the manifest's metrics, in order
 * @param params    the manifest's params, in order (the publisher adds those of the table format after them)
 */
public record VersionRecord(String modelType, Map<String, Double> metrics, Map<String, String> params) {

    public VersionRecord {
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    /**
     * An accepted retrain: its held-out metrics, what the gate compared them with, the data it was trained on, how
     * long it took, and {@code figures} (the trainer's checkpoint times since the last retrain).
     */
    public static VersionRecord retrain(KeptVersion v, RetrainOutcome o, Map<String, Double> figures) {
        Builder b = new Builder("retrain", v.trainedFrom(), o.model().config().backbone().label())
                .trainingConfig(o.model().config().asMap())
                .heldOut(v)
                .popularityRecall(o.popularityRecall())
                .dataRange(o.window().from(), o.window().to())
                .timing(o.trainSeconds(), o.totalSeconds())
                .figures(figures);
        // What the gate compared with: shows in the version itself which published version it was measured against.
        if (o.current() != null) b.publishedRecall(o.current().recall());
        return b.build();
    }

    /** A fold-in on {@code current}'s tables: its metrics are still those of the retrain the tables come from. */
    public static VersionRecord foldIn(KeptVersion current, FoldInRound round, String modelType) {
        return new Builder("fold-in", current.trainedFrom(), modelType)
                .recall(current.recall(), current.ndcg())
                .foldedIn(round.users().size(), round.items().size())
                .build();
    }

    /**
     * A rollback that republished the tables of version {@code v.rolledBackFrom()} as {@code v}, replacing version
     * {@code replaced}; {@code reason} and {@code requestedAt} as the command gave them (null when absent).
     */
    public static VersionRecord rollback(KeptVersion v, long replaced, String reason, String requestedAt) {
        Builder b = new Builder("rollback", v.trainedVersion(), v.modelType())
                .trainingConfig(v.trainingParams())
                .heldOut(v)
                .rolledBack(v.rolledBackFrom(), replaced, reason, requestedAt);
        // Older state did not record the data window: then the params leave it out.
        if (v.dataTo() != 0) b.dataRange(Instant.ofEpochMilli(v.dataFrom()), Instant.ofEpochMilli(v.dataTo()));
        return b.build();
    }

    /**
     * The params for the snapshot store's copy of {@code v}: the store numbers its versions itself, so it gets the
     * published number as a param, and the interactions as the store's own saves name them.
     */
    public Map<String, String> storeParams(KeptVersion v) {
        Map<String, String> p = new LinkedHashMap<>(params);
        p.put("publishedVersion", Long.toString(v.version()));
        p.put("interactions", Long.toString(v.interactions()));
        return p;
    }

    /** The one place the maps are made; what a kind does not set is left out. */
    private static final class Builder {
        private final String kind;
        private final long trainedVersion;
        private final String modelType;
        private Map<String, String> trainingConfig = Map.of();
        private double recall;
        private double ndcg;
        private Double popularityRecall;
        private Double publishedRecall;
        private Integer holdoutUsers;
        private Long interactions;
        private Integer foldedInUsers;
        private Integer foldedInItems;
        private Double trainSeconds;
        private Double retrainSeconds;
        private Map<String, Double> figures = Map.of();
        private Long rolledBackFrom;
        private Long replacedVersion;
        private String reason;
        private String requestedAt;
        private Instant dataFrom;
        private Instant dataTo;

        Builder(String kind, long trainedVersion, String modelType) {
            this.kind = kind;
            this.trainedVersion = trainedVersion;
            this.modelType = modelType;
        }

        Builder trainingConfig(Map<String, String> config) {
            trainingConfig = config;
            return this;
        }

        Builder recall(double recall, double ndcg) {
            this.recall = recall;
            this.ndcg = ndcg;
            return this;
        }

        /** A kept version's held-out metrics and the size of what it was measured and trained on. */
        Builder heldOut(KeptVersion v) {
            recall(v.recall(), v.ndcg());
            holdoutUsers = v.holdoutUsers();
            interactions = v.interactions();
            return this;
        }

        Builder popularityRecall(double recall) {
            popularityRecall = recall;
            return this;
        }

        Builder publishedRecall(double recall) {
            publishedRecall = recall;
            return this;
        }

        Builder foldedIn(int users, int items) {
            foldedInUsers = users;
            foldedInItems = items;
            return this;
        }

        Builder timing(double train, double retrain) {
            trainSeconds = train;
            retrainSeconds = retrain;
            return this;
        }

        Builder figures(Map<String, Double> figures) {
            this.figures = figures;
            return this;
        }

        Builder rolledBack(long from, long replaced, String reason, String requestedAt) {
            rolledBackFrom = from;
            replacedVersion = replaced;
            this.reason = reason;
            this.requestedAt = requestedAt;
            return this;
        }

        Builder dataRange(Instant from, Instant to) {
            dataFrom = from;
            dataTo = to;
            return this;
        }

        VersionRecord build() {
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("recall@20", recall);
            m.put("ndcg@20", ndcg);
            putIfSet(m, "popularity.recall@20", popularityRecall);
            putIfSet(m, "published.recall@20", publishedRecall);
            putIfSet(m, "holdoutUsers", holdoutUsers == null ? null : holdoutUsers.doubleValue());
            putIfSet(m, "interactions", interactions == null ? null : interactions.doubleValue());
            putIfSet(m, "foldedInUsers", foldedInUsers == null ? null : foldedInUsers.doubleValue());
            putIfSet(m, "foldedInItems", foldedInItems == null ? null : foldedInItems.doubleValue());
            putIfSet(m, "trainSeconds", trainSeconds);
            putIfSet(m, "retrainSeconds", retrainSeconds);
            m.putAll(figures);

            Map<String, String> p = new LinkedHashMap<>(trainingConfig);
            p.put("kind", kind);
            p.put("trainedVersion", Long.toString(trainedVersion));
            putIfSet(p, "rolledBackFrom", rolledBackFrom == null ? null : rolledBackFrom.toString());
            putIfSet(p, "replacedVersion", replacedVersion == null ? null : replacedVersion.toString());
            putIfSet(p, "reason", reason);
            putIfSet(p, "requestedAt", requestedAt);
            putIfSet(p, "dataFrom", dataFrom == null ? null : dataFrom.toString());
            putIfSet(p, "dataTo", dataTo == null ? null : dataTo.toString());
            return new VersionRecord(modelType, m, p);
        }

        private static <V> void putIfSet(Map<String, V> map, String key, V value) {
            if (value != null) map.put(key, value);
        }
    }
}
