package dev.eddy.jobs.learn;

import dev.eddy.events.features.HashingConfig;
import dev.eddy.events.config.ConfigException;
import dev.eddy.events.config.ConfigKey;
import dev.eddy.events.config.EddyConfig;
import dev.eddy.jobs.config.EddyKeys;

import java.io.Serializable;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The learner job's behaviour, checked at start: which learner each model name uses, the feature hashing, the
 * seed, when and in which pieces models are published, and how sessions become episodes.
 *
 * @param models          learner of each listed model name
 * @param fallback        learner of unlisted model names; null leaves them unlearned
 * @param hashingBits     joint feature dimension 2^bits
 * @param crosses         namespace crosses ("user:item")
 * @param publishEvery    publish after this many updates of a model (0: never by count)
 * @param publishInterval publish a model with unpublished updates this long after the first of them (0: never by time)
 * @param blockBytes      snapshot bytes per model block record
 * @param sessions        how session models learn
 * @param publishOnCheckpoint also publish every model with unpublished updates just before each checkpoint barrier
 */
public record LearnerSettings(Map<String, LearnerSpec> models, LearnerSpec fallback, int hashingBits,
                              List<String> crosses, long seed, int publishEvery, Duration publishInterval,
                              int blockBytes, Sessions sessions, boolean publishOnCheckpoint) implements Serializable {

    /**
     * @param models          session policy of each session model name
     * @param gap             a session ends after this long without an example of it (event time)
     * @param horizon         H, steps learned per session
     * @param hashingBits     dense feature dimension 2^bits
     * @param episodes        K of the policies' schedules
     * @param outOfOrderness  watermark delay behind the largest decision time seen
     * @param idleness        a silent partition stops holding the watermark back after this long
     */
    public record Sessions(Map<String, LearnerSpec> models, Duration gap, int horizon, int hashingBits, int episodes,
                           Duration outOfOrderness, Duration idleness) implements Serializable {
        public Sessions {
            models = Map.copyOf(models);
            if (gap.isZero() || gap.isNegative()) {
                throw new ConfigException("config key '" + EddyKeys.LEARNER_SESSION_GAP.name() + "' must be > 0, was " + gap);
            }
            if (outOfOrderness.isNegative()) {
                throw new ConfigException("config key '" + EddyKeys.LEARNER_OUT_OF_ORDERNESS.name() + "' must not be negative");
            }
            if (idleness.isZero() || idleness.isNegative()) {
                throw new ConfigException("config key '" + EddyKeys.LEARNER_IDLENESS.name() + "' must be > 0, was " + idleness);
            }
        }

        public static Sessions none() {
            return new Sessions(Map.of(), Duration.ofMinutes(30), 10, 4, 10_000, Duration.ofSeconds(5),
                    Duration.ofSeconds(30));
        }
    }

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
        for (String name : sessions.models().keySet()) {
            if (models.containsKey(name)) {
                throw new ConfigException("model '" + name + "' is in both '" + EddyKeys.LEARNER_MODELS.name()
                        + "' and '" + EddyKeys.LEARNER_SESSION_MODELS.name() + "'");
            }
        }
        hashing(hashingBits, crosses);
    }

    public static LearnerSettings from(EddyConfig c) {
        String fallback = c.get(EddyKeys.LEARNER_DEFAULT).trim();
        String crosses = c.get(EddyKeys.LEARNER_HASHING_CROSSES).trim();
        Sessions sessions = new Sessions(named(c, EddyKeys.LEARNER_SESSION_MODELS, LearnerSpec::parseSession),
                c.get(EddyKeys.LEARNER_SESSION_GAP), c.get(EddyKeys.LEARNER_SESSION_HORIZON),
                c.get(EddyKeys.LEARNER_SESSION_HASHING_BITS), c.get(EddyKeys.LEARNER_SESSION_EPISODES),
                c.get(EddyKeys.LEARNER_OUT_OF_ORDERNESS), c.get(EddyKeys.LEARNER_IDLENESS));
        return new LearnerSettings(named(c, EddyKeys.LEARNER_MODELS, LearnerSpec::parse),
                fallback.equals("none") ? null : spec(EddyKeys.LEARNER_DEFAULT, fallback, LearnerSpec::parse),
                c.get(EddyKeys.LEARNER_HASHING_BITS),
                crosses.isEmpty() ? List.of() : Arrays.stream(crosses.split(",")).map(String::trim).toList(),
                c.get(EddyKeys.LEARNER_SEED), c.get(EddyKeys.LEARNER_PUBLISH_EVERY),
                c.get(EddyKeys.LEARNER_PUBLISH_INTERVAL), c.get(EddyKeys.LEARNER_BLOCK_BYTES), sessions,
                c.get(EddyKeys.LEARNER_PUBLISH_ON_CHECKPOINT));
    }

    /** {@code NAME=SPEC;NAME=SPEC...} of {@code key}. */
    private static Map<String, LearnerSpec> named(EddyConfig c, ConfigKey<String> key, Function<String, LearnerSpec> parse) {
        Map<String, LearnerSpec> out = new LinkedHashMap<>();
        String listed = c.get(key).trim();
        if (listed.isEmpty()) return out;
        for (String entry : listed.split(";")) {
            if (entry.isBlank()) continue;
            int eq = entry.indexOf('=');
            if (eq <= 0) throw bad(key, "'" + entry.trim() + "' is not NAME=LEARNER[:k=v,...]");
            String name = entry.substring(0, eq).trim();
            if (out.containsKey(name)) throw bad(key, "model '" + name + "' is listed twice");
            out.put(name, spec(key, entry.substring(eq + 1), parse));
        }
        return out;
    }

    /** The learner of {@code model}: its own, else the default, else none. */
    public Optional<LearnerSpec> specOf(String model) {
        return Optional.ofNullable(models.getOrDefault(model, fallback));
    }

    public boolean isSessionModel(String model) {
        return sessions.models().containsKey(model);
    }

    public HashingConfig hashing() {
        return hashing(hashingBits, crosses);
    }

    /** The dense hashing of session policies: their bits, the same crosses. */
    public HashingConfig sessionHashing() {
        return hashing(sessions.hashingBits(), crosses);
    }

    private static HashingConfig hashing(int bits, List<String> crosses) {
        try {
            HashingConfig d = HashingConfig.ofBits(bits);
            return new HashingConfig(bits, d.seed(), d.signed(),
                    crosses.stream().map(HashingConfig.Cross::parse).toList(), d.bias());
        } catch (IllegalArgumentException e) {
            throw bad(EddyKeys.LEARNER_HASHING_CROSSES, e.getMessage());
        }
    }

    private static LearnerSpec spec(ConfigKey<?> key, String text, Function<String, LearnerSpec> parse) {
        try {
            return parse.apply(text);
        } catch (IllegalArgumentException e) {
            throw bad(key, e.getMessage());
        }
    }

    private static ConfigException bad(ConfigKey<?> key, String why) {
        return new ConfigException("config key '" + key.name() + "' is invalid: " + why);
    }
}
