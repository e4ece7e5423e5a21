package dev.eddy.jobs.experiments;

import dev.eddy.events.config.ConfigException;
import dev.eddy.events.config.EddyConfig;
import dev.eddy.events.experiment.Experiment;
import dev.eddy.events.experiment.ExperimentConfigException;
import dev.eddy.events.experiment.ExperimentsConfig;
import dev.eddy.events.experiment.ExperimentsConfigReader;
import dev.eddy.jobs.config.EddyKeys;

import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The experiments job's behaviour, checked at start: the experiments it measures (read from
 * {@code experiments.file} where the job is built) and how it times its read-outs.
 *
 * @param experiments       by id, in file order
 * @param emitEvery         a read-out per such step of event time with data
 * @param cupedLookback     the covariate counts a user's interactions this long before the first exposure
 * @param historySize       interactions kept per user for the covariate
 * @param maxOutOfOrderness how far event time may go backwards within a partition
 * @param idleness          a partition without records for this long stops holding the watermark back
 */
public record ExperimentsSettings(Map<String, ExperimentPlan> experiments, Duration emitEvery, Duration cupedLookback,
                                  int historySize, Duration maxOutOfOrderness, Duration idleness)
        implements Serializable {

    public ExperimentsSettings {
        experiments = Collections.unmodifiableMap(new LinkedHashMap<>(experiments));
        positive(emitEvery, EddyKeys.EXPERIMENTS_EMIT_EVERY.name());
        positive(idleness, EddyKeys.EXPERIMENTS_IDLENESS.name());
        if (cupedLookback.isNegative()) {
            throw new ConfigException("config key '" + EddyKeys.EXPERIMENTS_CUPED_LOOKBACK.name() + "' must not be negative");
        }
        if (maxOutOfOrderness.isNegative()) {
            throw new ConfigException("config key '" + EddyKeys.EXPERIMENTS_OUT_OF_ORDERNESS.name() + "' must not be negative");
        }
    }

    /**
     * Reads the configuration and the experiments file it names; the final read-out of an experiment waits
     * {@code join.window} after its end, for the examples of its last exposures.
     */
    public static ExperimentsSettings from(EddyConfig c) {
        String file = c.get(EddyKeys.EXPERIMENTS_FILE);
        if (file.isBlank()) {
            throw new ConfigException("config key '" + EddyKeys.EXPERIMENTS_FILE.name() + "' is empty: the experiments "
                    + "job needs the experiments YAML (the file serving reads as serving.experiments-file)");
        }
        ExperimentsConfig config;
        try {
            config = ExperimentsConfigReader.read(Path.of(file));
        } catch (ExperimentConfigException e) {
            throw new ConfigException("config key '" + EddyKeys.EXPERIMENTS_FILE.name() + "': " + e.getMessage());
        }
        return of(config, c);
    }

    /** The settings for experiments already read (tests, tools). */
    public static ExperimentsSettings of(ExperimentsConfig config, EddyConfig c) {
        Duration window = c.get(EddyKeys.JOIN_WINDOW);
        Map<String, ExperimentPlan> plans = new LinkedHashMap<>();
        for (Experiment e : config.experiments()) plans.put(e.id(), new ExperimentPlan(e, window));
        return new ExperimentsSettings(plans, c.get(EddyKeys.EXPERIMENTS_EMIT_EVERY),
                c.get(EddyKeys.EXPERIMENTS_CUPED_LOOKBACK), c.get(EddyKeys.EXPERIMENTS_HISTORY_SIZE),
                c.get(EddyKeys.EXPERIMENTS_OUT_OF_ORDERNESS), c.get(EddyKeys.EXPERIMENTS_IDLENESS));
    }

    /**
     * The read-out that counts data of event time {@code time}: the next multiple of emit-every at or after it, at
     * most the experiment's final read-out time.
     */
    public long readOutAt(ExperimentPlan plan, long time) {
        long step = emitEvery.toMillis();
        long next = time > Long.MAX_VALUE - step ? Long.MAX_VALUE : time + Math.floorMod(-time, step);
        return Math.min(next, plan.finalAt());
    }

    /** The experiment with this id, or null when the file has none. */
    public ExperimentPlan experiment(String id) {
        return id == null ? null : experiments.get(id);
    }

    private static void positive(Duration d, String key) {
        if (d.isZero() || d.isNegative()) throw new ConfigException("config key '" + key + "' must be > 0, was " + d);
    }
}
