package dev.eddy.jobs.join;

import dev.eddy.events.config.ConfigException;
import dev.eddy.events.config.EddyConfig;
import dev.eddy.jobs.config.EddyKeys;
import dev.eddy.jobs.config.EddyKeys.RewardAggregation;

import java.io.Serializable;
import java.time.Duration;

/** The join's behaviour, checked at start. */
public record JoinSettings(Duration window, RewardAggregation aggregation, double defaultReward,
                           Duration dedupRetention, Duration maxOutOfOrderness, Duration idleness)
        implements Serializable {

    public JoinSettings {
        positive(window, EddyKeys.JOIN_WINDOW.name());
        positive(dedupRetention, EddyKeys.JOIN_DEDUP_RETENTION.name());
        positive(idleness, EddyKeys.JOIN_IDLENESS.name());
        if (maxOutOfOrderness.isNegative()) {
            throw new ConfigException("config key '" + EddyKeys.JOIN_OUT_OF_ORDERNESS.name() + "' must not be negative");
        }
    }

    public static JoinSettings from(EddyConfig c) {
        return new JoinSettings(c.get(EddyKeys.JOIN_WINDOW), c.get(EddyKeys.JOIN_AGGREGATION),
                c.get(EddyKeys.JOIN_DEFAULT_REWARD), c.get(EddyKeys.JOIN_DEDUP_RETENTION),
                c.get(EddyKeys.JOIN_OUT_OF_ORDERNESS), c.get(EddyKeys.JOIN_IDLENESS));
    }

    private static void positive(Duration d, String key) {
        if (d.isZero() || d.isNegative()) throw new ConfigException("config key '" + key + "' must be > 0, was " + d);
    }
}
