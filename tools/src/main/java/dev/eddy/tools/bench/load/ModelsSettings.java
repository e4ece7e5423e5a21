package dev.eddy.tools.bench.load;

import dev.eddy.events.kafka.KafkaClientProperties;
import dev.eddy.events.features.HashingConfig;
import dev.eddy.jobs.learn.LearnerSpec;

/**
 * What {@code eddy bench models} publishes.
 *
 * @param banditModel   name of the contextual-bandit model to publish beside the embeddings, or null for none
 * @param banditLearner its learner, e.g. {@code neufastcb} or {@code neufastcb:sigma=0}
 * @param hashing       the bandit's joint feature hashing
 * @param banditRounds  synthetic rounds it learns before it is published
 */
public record ModelsSettings(KafkaClientProperties kafka, String topic, SyntheticPopulation population, int dim, String model,
                             long version, String banditModel, LearnerSpec banditLearner, HashingConfig hashing,
                             int banditRounds, int banditCandidates, long seed, int blockBytes) {
    public ModelsSettings {
        if (version < 1) throw new IllegalArgumentException("--version must be >= 1, was " + version);
        if (dim < 1) throw new IllegalArgumentException("--dim must be >= 1, was " + dim);
        if (banditRounds < 0) throw new IllegalArgumentException("--bandit-rounds must be >= 0, was " + banditRounds);
        if (banditModel != null && banditModel.equals(model)) {
            throw new IllegalArgumentException("--bandit-model must differ from --model (" + model + ")");
        }
    }

    /** 2^12 joint dimensions with user:item crosses, VW's other defaults: the bandit's hashing unless told. */
    public static HashingConfig defaultHashing() {
        return HashingConfig.ofBits(12).withCrosses("user:item");
    }
}
