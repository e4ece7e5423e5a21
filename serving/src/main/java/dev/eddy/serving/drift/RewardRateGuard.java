package dev.eddy.serving.drift;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Watches one model's decisions for a fall of their reward rate and says when its requests should be explored
 * instead of ranked by the model alone.
 *
 * <p>Each outcome (rewarded within the horizon or not) first builds a baseline rate p0 over
 * {@code baselineDecisions} decisions; then a one-sided Bernoulli CUSUM tests p0 against p1 = p0·(1 − drop) and
 * raises an alarm when its log-likelihood ratio reaches the threshold (Page 1954).
 *
 * <p>After an alarm the model's requests are explored ({@link ExplorationArms}): slot 1 holds the model's own pick
 * with probability {@link #modelShare}, else one of the other candidates drawn uniformly, and both are watched. The
 * alarm's evidence is about the model's picks, so the share starts low; it rises as the picks prove better than the
 * alternative. A model of the world before a change ranks worse than chance, the other candidates are then better
 * than chance, and the decisions, logged with their propensities, are the data the learner needs. Once serving holds
 * a version that learned from decisions made up to the alarm's evidence ({@link #explore}), that version's picks
 * start at par with the others' rate. Exploration ends when the model's picks are shown better than the others
 * ({@link ExplorationArms#modelProvenBetter}), or after {@code maxExplore}; then the baseline is built again.
 *
 * <p>{@link #observe} and {@link #observeOthers} are called from one thread; {@link #explore} and
 * {@link #modelShare} from request threads.
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
    /** Outcomes since the CUSUM last stood at zero: the decisions since the change it is testing for. */
    private long sinceZeroDecisions;
    private long sinceZeroRewarded;
    private ExplorationArms arms;
    /** Exploring: outcomes of the model's picks count from this decision time on (a new version's, after one came). */
    private long modelPicksSinceMs;
    private volatile boolean learnedVersionServed;
    private volatile double modelShare = 1;
    private volatile Phase phase = Phase.BASELINE;
    private volatile long alarmAtMs;
    private volatile long evidenceThroughMs;
    private final List<DriftGuards.Episode> episodes = new ArrayList<>();

    RewardRateGuard(String model, DriftGuardSettings settings) {
        this.model = model;
        this.settings = settings;
    }

    /**
     * The outcome, known {@code nowMs}, of a decision made at {@code decidedAtMs} whose slot 1 was the model's own
     * pick: whether a positive reward came within the horizon.
     */
    synchronized void observe(boolean rewarded, long decidedAtMs, long nowMs) {
        switch (phase) {
            case EXPLORING -> {
                if (decidedAtMs < modelPicksSinceMs) return;
                arms.model(rewarded);
                afterExploringOutcome(nowMs);
            }
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
                if (cusum == 0) {
                    sinceZeroDecisions = 0;
                    sinceZeroRewarded = 0;
                } else {
                    sinceZeroDecisions++;
                    if (rewarded) sinceZeroRewarded++;
                }
                if (cusum >= settings.threshold()) {
                    alarm(nowMs);
                } else {
                    p0 = Math.min(p0 + ((rewarded ? 1 : 0) - p0) / BASELINE_MEMORY, MAX_BASELINE);
                }
            }
        }
    }

    /** The outcome, known {@code nowMs}, of an exploring decision whose slot 1 was not the model's pick. */
    synchronized void observeOthers(boolean rewarded, long nowMs) {
        if (phase != Phase.EXPLORING) return;
        arms.others(rewarded);
        afterExploringOutcome(nowMs);
    }

    private void afterExploringOutcome(long nowMs) {
        modelShare = arms.modelShare();
        if (arms.modelProvenBetter()) {
            endExploring(nowMs, "its picks are rewarded more often than the other candidates");
        }
    }

    private void alarm(long nowMs) {
        alarmAtMs = nowMs;
        episodes.add(new DriftGuards.Episode(nowMs, Long.MIN_VALUE));
        // The outcomes that raised it are of decisions made a horizon ago.
        evidenceThroughMs = nowMs - settings.horizon().toMillis();
        arms = new ExplorationArms(sinceZeroRewarded, sinceZeroDecisions);
        modelPicksSinceMs = Long.MIN_VALUE;
        learnedVersionServed = false;
        modelShare = arms.modelShare();
        phase = Phase.EXPLORING;
        LOG.warn(String.format(Locale.ROOT, "model %s: its decisions' reward rate fell below %.3f (baseline %.3f, "
                        + "CUSUM %.1f, %d of the last %d decisions rewarded); its picks fill slot 1 of %.0f %% of its "
                        + "requests, other candidates the rest, until its picks prove better (a version that learned "
                        + "from decisions made up to %s starts afresh), at most %s", model,
                p0 * (1 - settings.drop()), p0, cusum, sinceZeroRewarded, sinceZeroDecisions, 100 * modelShare,
                Instant.ofEpochMilli(evidenceThroughMs), settings.maxExplore()));
    }

    private void endExploring(long nowMs, String why) {
        phase = Phase.BASELINE;
        episodes.set(episodes.size() - 1, new DriftGuards.Episode(alarmAtMs, nowMs));
        baselineDecisions = 0;
        baselineRewarded = 0;
        sinceZeroDecisions = 0;
        sinceZeroRewarded = 0;
        modelShare = 1;
        LOG.info("model {}: ranking with the model alone again, {} ms after the alarm: {}", model, nowMs - alarmAtMs,
                why);
    }

    /**
     * Whether a request for this model should be explored now, given the loaded version's {@code decided-through}
     * ({@link Long#MIN_VALUE} if unknown). The first version that learned from the alarm's decisions is judged
     * afresh from then on; the end of {@code maxExplore} ends the exploration and starts a new baseline.
     */
    boolean explore(long versionDecidedThroughMs, long nowMs) {
        if (phase != Phase.EXPLORING) return false;
        boolean learned = versionDecidedThroughMs >= evidenceThroughMs;
        boolean expired = nowMs - alarmAtMs >= settings.maxExplore().toMillis();
        if ((learnedVersionServed || !learned) && !expired) return true;
        synchronized (this) {
            if (phase != Phase.EXPLORING) return false;
            if (expired) {
                endExploring(nowMs, "its picks did not prove better within " + settings.maxExplore());
                return false;
            }
            if (!learnedVersionServed) {
                learnedVersionServed = true;
                modelPicksSinceMs = nowMs;
                arms.newModel();
                modelShare = arms.modelShare();
                LOG.info(String.format(Locale.ROOT, "model %s: a version that learned from the alarm's decisions is "
                        + "loaded, %d ms after the alarm; its picks start at par with the other candidates "
                        + "(slot 1 of %.0f %% of requests)", model, nowMs - alarmAtMs, 100 * modelShare));
            }
            return true;
        }
    }

    /** While exploring: the probability with which slot 1 holds the model's own pick. */
    double modelShare() {
        return modelShare;
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
