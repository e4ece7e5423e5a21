package dev.eddy.serving.drift;

import java.time.Duration;

/**
 * How serving watches its contextual-bandit models' reward rate ({@link DriftGuards}).
 *
 * @param enabled            whether to watch at all
 * @param horizon            a decision counts as rewarded when a positive reward for it arrives within this long
 * @param drop               the relative fall of that rate the detector is tuned to (0.5: to half the baseline)
 * @param threshold          the CUSUM's alarm level (log-likelihood ratio): higher, fewer false alarms, later alarms
 * @param baselineDecisions  decisions whose outcome makes the baseline rate before the detector is armed
 * @param maxExplore         longest a model's requests are explored after an alarm, if its picks do not prove
 *                           better than the other candidates
 * @param maxPending         decisions awaiting their outcome at most; more are served but not watched
 */
public record DriftGuardSettings(boolean enabled, Duration horizon, double drop, double threshold,
                                 int baselineDecisions, Duration maxExplore, int maxPending) {

    public static final DriftGuardSettings OFF = new DriftGuardSettings(false, Duration.ofSeconds(10), 0.5, 14, 500,
            Duration.ofMinutes(2), 200_000);

    public DriftGuardSettings {
        if (horizon.isNegative() || horizon.isZero()) throw new IllegalArgumentException("horizon must be > 0");
        if (!(drop > 0 && drop < 1)) throw new IllegalArgumentException("drop must be in (0, 1)");
        if (!(threshold > 0)) throw new IllegalArgumentException("threshold must be > 0");
        if (baselineDecisions < 1) throw new IllegalArgumentException("baselineDecisions must be >= 1");
        if (maxExplore.isNegative() || maxExplore.isZero()) throw new IllegalArgumentException("maxExplore must be > 0");
        if (maxPending < 1) throw new IllegalArgumentException("maxPending must be >= 1");
    }

    public DriftGuardSettings withHorizon(Duration h) {
        return new DriftGuardSettings(enabled, h, drop, threshold, baselineDecisions, maxExplore, maxPending);
    }

    public DriftGuardSettings withEnabled(boolean on) {
        return new DriftGuardSettings(on, horizon, drop, threshold, baselineDecisions, maxExplore, maxPending);
    }
}
