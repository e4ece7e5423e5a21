package dev.eddy.jobs.learn;

import dev.eddy.connectors.features.HashingConfig;
import dev.eddy.jobs.config.ConfigException;
import dev.eddy.jobs.config.ConfigKey;
import dev.eddy.jobs.config.EddyConfig;
import dev.eddy.jobs.config.EddyKeys;

import java.io.Serializable;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The learner job's behaviour, checked at start: which learner each model name uses, the feature hashing, the
 * seed, and when and in which pieces models are published.
 *
 * @param models         learner of each listed model name
 * @param fallback       learner of unlisted model names; null leaves them unlearned
 * @param hashingBits    joint feature dimension 2^bits
 * @param crosses        namespace crosses ("user:item")
 * @param publishEvery   publish after this many updates of a model (0: never by count)
 * @param publishInterval publish a model with unpublished updates this long after the first of them (0: never by time)
 * @param blockBytes     snapshot bytes per model block record
 */
public record LearnerSettings(Map<String, LearnerSpec> models, LearnerSpec fallback, int hashingBits,
                              List<String> crosses, long seed, int publishEvery, Duration publishInterval,
                              int blockBytes) implements Serializable {

    public LearnerSettings {
        models = Map.copyOf(models);
        crosses = List.copyOf(crosses);
        if (publishEvery == 0 && publishInterval.isZero()) {
            throw new ConfigException("config keys '" + EddyKeys.LEARNER_PUBLISH_EVERY.name() + "' and '"
                    + EddyKeys.LEARNER_PUBLISH_INTERVAL.name() + "' are both 0: models would never be published");
        }
        if (publishInterval.isNegative()) {
            throw new ConfigException("config key '" + EddyKeys.LEARNER_PUBLISH_INTERVAL.name() + "' must not be negative");
        }
        if (blockBytes % 4 != 0) {
            throw new ConfigException("config key '" + EddyKeys.LEARNER_BLOCK_BYTES.name()
                    + "' must be a multiple of 4 (blocks hold 4-byte words), was " + blockBytes);
        }
        hashing(hashingBits, crosses, EddyKeys.LEARNER_HASHING_CROSSES);
    }

    public static LearnerSettings from(EddyConfig c) {
        Map<String, LearnerSpec> models = new LinkedHashMap<>();
        String listed = c.get(EddyKeys.LEARNER_MODELS).trim();
        if (!listed.isEmpty()) {
            for (String entry : listed.split(";")) {
                if (entry.isBlank()) continue;
                int eq = entry.indexOf('=');
                if (eq <= 0) throw bad(EddyKeys.LEARNER_MODELS, "'" + entry.trim() + "' is not NAME=LEARNER[:k=v,...]");
                String name = entry.substring(0, eq).trim();
                if (models.containsKey(name)) throw bad(EddyKeys.LEARNER_MODELS, "model '" + name + "' is listed twice");
                models.put(name, spec(EddyKeys.LEARNER_MODELS, entry.substring(eq + 1)));
            }
        }
        String fallback = c.get(EddyKeys.LEARNER_DEFAULT).trim();
        String crosses = c.get(EddyKeys.LEARNER_HASHING_CROSSES).trim();
        return new LearnerSettings(models, fallback.equals("none") ? null : spec(EddyKeys.LEARNER_DEFAULT, fallback),
                c.get(EddyKeys.LEARNER_HASHING_BITS),
                crosses.isEmpty() ? List.of() : Arrays.stream(crosses.split(",")).map(String::trim).toList(),
                c.get(EddyKeys.LEARNER_SEED), c.get(EddyKeys.LEARNER_PUBLISH_EVERY),
                c.get(EddyKeys.LEARNER_PUBLISH_INTERVAL), c.get(EddyKeys.LEARNER_BLOCK_BYTES));
    }

    /** The learner of {@code model}: its own, else the default, else none. */
    public Optional<LearnerSpec> specOf(String model) {
        return Optional.ofNullable(models.getOrDefault(model, fallback));
    }

    public HashingConfig hashing() {
        return hashing(hashingBits, crosses, EddyKeys.LEARNER_HASHING_CROSSES);
    }

    private static HashingConfig hashing(int bits, List<String> crosses, ConfigKey<?> key) {
        try {
            HashingConfig d = HashingConfig.ofBits(bits);
            return new HashingConfig(bits, d.seed(), d.signed(),
                    crosses.stream().map(HashingConfig.Cross::parse).toList(), d.bias());
        } catch (IllegalArgumentException e) {
            throw bad(key, e.getMessage());
        }
    }

    private static LearnerSpec spec(ConfigKey<?> key, String text) {
        try {
            return LearnerSpec.parse(text);
        } catch (IllegalArgumentException e) {
            throw bad(key, e.getMessage());
        }
    }

    private static ConfigException bad(ConfigKey<?> key, String why) {
        return new ConfigException("config key '" + key.name() + "' is invalid: " + why);
    }
}
