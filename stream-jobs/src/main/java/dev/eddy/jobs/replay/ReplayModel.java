package dev.eddy.jobs.replay;

import dev.eddy.events.event.ModelManifest;
import dev.eddy.events.json.EventJson;
import dev.eddy.events.json.InvalidEventException;
import dev.eddy.events.model.EmbeddingScorer;

import java.io.Serializable;

/**
 * A model version a {@code serving:} policy ranks with, read from the models topic once, before the replay starts
 * ({@link ReplayModels}), and shipped to the tasks inside the policy's spec: so every shard of the replay ranks with
 * the same version, whatever is published meanwhile.
 */
public sealed interface ReplayModel extends Serializable {

    String model();

    long version();

    /** An embedding version, as the scorer of its (user, item) pairs. */
    record Embedding(EmbeddingScorer scorer) implements ReplayModel {
        @Override
        public String model() {
            return scorer.model();
        }

        @Override
        public long version() {
            return scorer.version();
        }
    }

    /**
     * A contextual-bandit or session-policy version: its manifest (as its JSON on the topic) and snapshot bytes,
     * from which a task restores the learner exactly as serving's model follower does.
     */
    record Learned(String model, long version, byte[] manifestJson, byte[] snapshot) implements ReplayModel {
        public ModelManifest manifest() {
            try {
                return (ModelManifest) EventJson.parseModelPart(manifestJson);
            } catch (InvalidEventException e) {
                throw new IllegalStateException(model + "/" + version + ": its manifest no longer parses", e);
            }
        }
    }
}
