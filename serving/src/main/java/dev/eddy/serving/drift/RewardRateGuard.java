package dev.eddy.serving.drift;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Watches one model's decisions for a fall of their reward rate and says when its requests should be ranked
 * uniformly instead.
 *
 * <p>Each outcome (rewarded within the horizon or not) first builds a baseline rate p0 over
 * {@code baselineDecisions} decisions; then a one-sided Bernoulli CUSUM tests p0 against p1 = p0·(1 − drop) and
 * raises an alarm when its log-likelihood ratio reaches the threshold (Page 1954). After an alarm the model's
 * requests are ranked uniformly until serving holds a version that learned from decisions made up to the alarm's
 * evidence ({@link #explore}), at most {@code maxExplore}: a model of the world before a change ranks worse than
 * chance, while uniform ranking costs nothing beyond chance and its decisions, logged with their propensities, are
 * the best data the learner can get. Then the baseline is built again, from the new version's decisions.
 *
 * <p>{@link #observe} is called from one thread; {@link #explore} from request threads.
 */
final class RewardRateGuard {
    private static final Logger LOG = LoggerFactory.getLogger(RewardRateGuard.class);
    /** Decisions over which the armed baseline keeps moving (an exponential average): slow beside a fall. */
    private static final double BASELINE_MEMORY = 2_000;
    private static final double MAX_BASELINE = 0.999;

    enum Phase { BASELINE, WATCHING, EXPLORING }

    private final String model;
    private final DriftGuardSettings settings;
    private long baselineDecisions;
    private long baselineRewarded;
    private double p0;
    private double cusum;
    private volatile Phase phase = Phase.BASELINE;
    private volatile long alarmAtMs;
    private volatile long evidenceThroughMs;
    private final List<DriftGuards.Episode> episodes = new ArrayList<>();

    RewardRateGuard(String model, DriftGuardSettings settings) {
        this.model = model;
        this.settings = settings;
    }

    /** One decision's outcome, known {@code nowMs}: whether a positive reward came within the horizon. */
    synchronized void observe(boolean rewarded, long nowMs) {
        switch (phase) {
            case EXPLORING -> { }
            case BASELINE -> {
                baselineDecisions++;
                if (rewarded) baselineRewarded++;
                // A model whose decisions are never rewarded within the horizon gives nothing to watch: keep counting.
                if (baselineDecisions >= settings.baselineDecisions() && baselineRewarded > 0) {
                    // Clamped away from 1, where a miss would be infinitely surprising.
                    p0 = Math.min((double) baselineRewarded / baselineDecisions, MAX_BASELINE);
                    cusum = 0;
                    phase = Phase.WATCHING;
                }
            }
            case WATCHING -> {
                double p1 = p0 * (1 - settings.drop());
                cusum = Math.max(0, cusum + (rewarded ? Math.log(p1 / p0) : Math.log((1 - p1) / (1 - p0))));
                if (cusum >= settings.threshold()) {
                    alarm(nowMs);
                } else {
                    p0 = Math.min(p0 + ((rewarded ? 1 : 0) - p0) / BASELINE_MEMORY, MAX_BASELINE);
                }
            }
        }
    }

    private void alarm(long nowMs) {
        alarmAtMs = nowMs;
        episodes.add(new DriftGuards.Episode(nowMs, Long.MIN_VALUE));
        // The outcomes that raised it are of decisions made a horizon ago.
        evidenceThroughMs = nowMs - settings.horizon().toMillis();
        phase = Phase.EXPLORING;
        LOG.warn(String.format(Locale.ROOT, "model %s: its decisions' reward rate fell below %.3f (baseline %.3f, "
                        + "CUSUM %.1f); its requests are ranked uniformly until a version that learned from decisions "
                        + "made up to %s is loaded, at most %s", model, p0 * (1 - settings.drop()), p0, cusum,
                Instant.ofEpochMilli(evidenceThroughMs), settings.maxExplore()));
    }

    /**
     * Whether a request for this model should be ranked uniformly now, given the loaded version's
     * {@code decided-through} ({@link Long#MIN_VALUE} if unknown). A version that learned from the alarm's
     * decisions, or the end of {@code maxExplore}, ends the exploration and starts a new baseline.
     */
    boolean explore(long versionDecidedThroughMs, long nowMs) {
        if (phase != Phase.EXPLORING) return false;
        boolean learned = versionDecidedThroughMs >= evidenceThroughMs;
        if (!learned && nowMs - alarmAtMs < settings.maxExplore().toMillis()) return true;
        synchronized (this) {
            if (phase == Phase.EXPLORING) {
                phase = Phase.BASELINE;
                episodes.set(episodes.size() - 1, new DriftGuards.Episode(alarmAtMs, nowMs));
                baselineDecisions = 0;
                baselineRewarded = 0;
                LOG.info("model {}: ranking with the model again after {} ms of uniform ranking ({})", model,
                        nowMs - alarmAtMs, learned ? "a version that learned from the alarm's decisions is loaded"
                                : "no such version within " + settings.maxExplore());
            }
        }
        return false;
    }

    Phase phase() {
        return phase;
    }

    synchronized long alarms() {
        return episodes.size();
    }

    synchronized List<DriftGuards.Episode> episodes() {
        return List.copyOf(episodes);
    }

    synchronized double baseline() {
        return p0;
    }
}
