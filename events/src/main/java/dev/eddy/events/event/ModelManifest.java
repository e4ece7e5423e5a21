package dev.eddy.events.event;

import java.time.Instant;
import java.util.Map;

/**
 * Describes one version of a model.
 *
 * @param model      model name
 * @param version    version, increasing per model
 * @param createdAt  when the version was made
 * @param modelType  what kind of model (e.g. "neucb", "mf"), so that serving knows how to read the blocks
 * @param metrics    evaluation metrics of this version (name → value)
 * @param params     hyperparameters and shape information needed to rebuild the model
 * @param blockCount how many {@link ModelBlock}s make the version
 * @param sha256     hex SHA-256 over the blocks' data in index order, to reject corrupt versions
 */
public record ModelManifest(String model, long version, Instant createdAt, String modelType,
                            Map<String, Double> metrics, Map<String, String> params, int blockCount, String sha256)
        implements ModelPart {
    /** Metric: examples the version learned from. */
    public static final String UPDATES = "updates";
    /**
     * Metric of learner versions: decision time (epoch ms) of the newest example the version learned from, when
     * the learner knows it. Serving's drift guard waits for a version whose value passes its alarm.
     */
    public static final String DECIDED_THROUGH = "decided-through";

    public ModelManifest {
        metrics = metrics == null ? Map.of() : metrics;
        params = params == null ? Map.of() : params;
    }

    @Override
    public String key() {
        return model + "/" + version + "/manifest";
    }
}
