package dev.eddy.serving.drift;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class DriftGuardsTest {
    private static final DriftGuardSettings SETTINGS = new DriftGuardSettings(true, Duration.ofMillis(1500), 0.5, 14, 500,
            Duration.ofMinutes(2), 10_000);
    /** 50 decisions a second, as one variant of the demo. */
    private static final long STEP_MS = 20;

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final DriftGuards guards = DriftGuards.manual(SETTINGS, now::get);
    private final SplittableRandom random = new SplittableRandom(7);
    private long sequence;

    /** One decision of {@code model} rewarded with probability p 300 ms later, then time moves on one step. */
    private void decide(String model, double p) {
        String id = "e" + sequence++;
        guards.decided(model, id);
        boolean click = random.nextDouble() < p;
        now.addAndGet(STEP_MS);
        if (click) guards.rewarded(id, 1.0);
        guards.settle(now.get());
    }

    private void run(String model, double p, int decisions) {
        for (int i = 0; i < decisions; i++) decide(model, p);
    }

    @Test
    void aSteadyRateRaisesNoAlarm() {
        // Twenty minutes at 50/s for each of a rare, a middling and a common reward: no false alarm.
        for (double p : new double[] {0.03, 0.3, 0.7}) {
            run("m" + p, p, 60_000);
            assertThat(guards.alarms()).as("alarms at rate " + p).isZero();
        }
        assertThat(guards.explore("m0.3", Long.MIN_VALUE)).isFalse();
    }

    @Test
    void aFallToWorseThanChanceIsCaughtWithinSeconds() {
        run("bandit", 0.33, 3_000);
        assertThat(guards.phase("bandit")).isEqualTo(RewardRateGuard.Phase.WATCHING);
        long changedAt = now.get();
        int after = 0;
        while (guards.phase("bandit") != RewardRateGuard.Phase.EXPLORING && after < 5_000) {
            decide("bandit", 0.05);
            after++;
        }
        assertThat(guards.alarms()).isEqualTo(1);
        // The horizon (1.5 s) before the first outcome, then about a second of misses.
        assertThat(now.get() - changedAt).isBetween(1_500L, 4_000L);
        assertThat(guards.explore("bandit", Long.MIN_VALUE)).isTrue();
    }

    @Test
    void aModestFallIsCaughtToo() {
        run("bandit", 0.3, 3_000);
        long changedAt = now.get();
        while (guards.phase("bandit") != RewardRateGuard.Phase.EXPLORING && now.get() - changedAt < 120_000) {
            decide("bandit", 0.15);
        }
        assertThat(guards.alarms()).isEqualTo(1);
        assertThat(now.get() - changedAt).isLessThan(15_000);
    }

    /**
     * One request of {@code model} while it is explored: slot 1 is its pick with the guard's share, rewarded with
     * probability {@code pModel}, else another candidate, rewarded with {@code pOthers}.
     */
    private void explored(String model, double pModel, double pOthers, long decidedThroughMs) {
        assertThat(guards.explore(model, decidedThroughMs)).isTrue();
        String id = "e" + sequence++;
        boolean pick = random.nextDouble() < guards.modelShare(model);
        if (pick) guards.decided(model, id);
        else guards.triedOther(model, id);
        boolean click = random.nextDouble() < (pick ? pModel : pOthers);
        now.addAndGet(STEP_MS);
        if (click) guards.rewarded(id, 1.0);
        guards.settle(now.get());
    }

    private void alarmAfterAFallTo(String model, double before, double after) {
        run(model, before, 1_000);
        while (guards.phase(model) != RewardRateGuard.Phase.EXPLORING) decide(model, after);
    }

    @Test
    void afterAnAlarmTheModelsPickIsTriedRarelyWhileTheOthersDoBetter() {
        alarmAfterAFallTo("bandit", 0.4, 0.02);
        // The alarm's own evidence is against the model's picks; of the others nothing is known yet.
        assertThat(guards.modelShare("bandit")).isBetween(ExplorationArms.MIN_SHARE, 0.15);
        // A stale model: its picks stay poor, the other candidates are rewarded at 0.2. Ten seconds of requests.
        for (int i = 0; i < 500; i++) explored("bandit", 0.02, 0.2, Long.MIN_VALUE);
        assertThat(guards.phase("bandit")).isEqualTo(RewardRateGuard.Phase.EXPLORING);
        assertThat(guards.modelShare("bandit")).isEqualTo(ExplorationArms.MIN_SHARE);
    }

    @Test
    void aVersionLearnedFromTheAlarmsDecisionsStartsAtParAndRanksAloneOnceItsPicksProveBetter() {
        alarmAfterAFallTo("bandit", 0.4, 0.02);
        long evidenceThrough = now.get() - SETTINGS.horizon().toMillis();
        for (int i = 0; i < 250; i++) explored("bandit", 0.02, 0.2, Long.MIN_VALUE);
        // A version that learned only from before the alarm's evidence changes nothing.
        for (int i = 0; i < 100; i++) explored("bandit", 0.02, 0.2, evidenceThrough - 1);
        assertThat(guards.modelShare("bandit")).isEqualTo(ExplorationArms.MIN_SHARE);
        // One that learned from it starts at par with the others ...
        assertThat(guards.explore("bandit", evidenceThrough)).isTrue();
        assertThat(guards.modelShare("bandit")).isCloseTo(0.5, within(1e-9));
        // ... and ranks alone once its picks prove better (0.4 against 0.2): within seconds.
        long learnedAt = now.get();
        while (guards.phase("bandit") == RewardRateGuard.Phase.EXPLORING && now.get() - learnedAt < 30_000) {
            explored("bandit", 0.4, 0.2, evidenceThrough);
        }
        assertThat(guards.phase("bandit")).isEqualTo(RewardRateGuard.Phase.BASELINE);
        assertThat(now.get() - learnedAt).isLessThan(6_000);
        assertThat(guards.explore("bandit", evidenceThrough)).isFalse();
        assertThat(guards.episodes("bandit")).hasSize(1);
        assertThat(guards.episodes("bandit").get(0).endedAtMs()).isEqualTo(now.get());
        // A new baseline at the new rate: no second alarm for the same level.
        run("bandit", 0.4, 5_000);
        assertThat(guards.alarms()).isEqualTo(1);
        assertThat(guards.phase("bandit")).isEqualTo(RewardRateGuard.Phase.WATCHING);
    }

    @Test
    void aLearnedVersionNoBetterThanTheOthersKeepsBeingExplored() {
        alarmAfterAFallTo("bandit", 0.4, 0.02);
        long evidenceThrough = now.get() - SETTINGS.horizon().toMillis();
        for (int i = 0; i < 250; i++) explored("bandit", 0.02, 0.2, Long.MIN_VALUE);
        // Its picks are worse than the others (0.1 against 0.2): its share falls from par to well below it.
        for (int i = 0; i < 1_000; i++) explored("bandit", 0.1, 0.2, evidenceThrough);
        assertThat(guards.phase("bandit")).isEqualTo(RewardRateGuard.Phase.EXPLORING);
        assertThat(guards.modelShare("bandit")).isLessThan(0.2);
    }

    @Test
    void whenTheModelsPicksWereNotWorseAfterAllExplorationEndsWithoutANewVersion() {
        // A false alarm (here a fall that passed): the picks, tried rarely, are rewarded far more than the others.
        alarmAfterAFallTo("bandit", 0.6, 0.02);
        long alarmAt = now.get();
        while (guards.phase("bandit") == RewardRateGuard.Phase.EXPLORING && now.get() - alarmAt < 60_000) {
            explored("bandit", 0.6, 0.1, Long.MIN_VALUE);
        }
        assertThat(guards.phase("bandit")).isEqualTo(RewardRateGuard.Phase.BASELINE);
        assertThat(now.get() - alarmAt).isLessThan(SETTINGS.maxExplore().toMillis());
    }

    @Test
    void explorationEndsAfterMaxExploreWithoutSuchAVersion() {
        run("bandit", 0.4, 1_000);
        while (guards.phase("bandit") != RewardRateGuard.Phase.EXPLORING) decide("bandit", 0.0);
        now.addAndGet(SETTINGS.maxExplore().toMillis() - 1);
        assertThat(guards.explore("bandit", Long.MIN_VALUE)).isTrue();
        now.addAndGet(1);
        assertThat(guards.explore("bandit", Long.MIN_VALUE)).isFalse();
        assertThat(guards.exploring()).isZero();
    }

    @Test
    void modelsAreWatchedApart() {
        run("a", 0.4, 1_000);
        run("b", 0.4, 1_000);
        while (guards.phase("a") != RewardRateGuard.Phase.EXPLORING) decide("a", 0.0);
        assertThat(guards.explore("a", Long.MIN_VALUE)).isTrue();
        assertThat(guards.explore("b", Long.MIN_VALUE)).isFalse();
        assertThat(guards.explore("never-served", Long.MIN_VALUE)).isFalse();
    }

    @Test
    void onlyPositiveRewardsWithinTheHorizonCount() {
        guards.decided("m", "late");
        guards.decided("m", "zero");
        guards.decided("m", "on-time");
        guards.rewarded("zero", 0.0);
        guards.rewarded("unknown", 1.0);
        now.addAndGet(1_000);
        guards.rewarded("on-time", 2.5);
        now.addAndGet(SETTINGS.horizon().toMillis());
        guards.rewarded("late", 1.0);
        RewardRateGuard.Phase before = guards.phase("m");
        guards.settle(now.get());
        assertThat(before).isEqualTo(RewardRateGuard.Phase.BASELINE);
        // Three outcomes, one rewarded: with a baseline of 3 decisions the rate is 1/3.
        DriftGuards small = DriftGuards.manual(new DriftGuardSettings(true, SETTINGS.horizon(), 0.5, 8, 3,
                SETTINGS.maxExplore(), 10), now::get);
        small.decided("m", "late");
        small.decided("m", "zero");
        small.decided("m", "on-time");
        small.rewarded("zero", -1.0);
        small.rewarded("on-time", 1.0);
        now.addAndGet(SETTINGS.horizon().toMillis() + 1);
        small.rewarded("late", 1.0);
        small.settle(now.get());
        assertThat(small.phase("m")).isEqualTo(RewardRateGuard.Phase.WATCHING);
        assertThat(small.baseline("m")).isEqualTo(1.0 / 3);
    }

    @Test
    void aModelNeverRewardedIsNotWatched() {
        run("silent", 0.0, 10_000);
        assertThat(guards.phase("silent")).isEqualTo(RewardRateGuard.Phase.BASELINE);
        assertThat(guards.alarms()).isZero();
    }

    @Test
    void atMostMaxPendingDecisionsAwaitTheirOutcome() {
        DriftGuards small = DriftGuards.manual(new DriftGuardSettings(true, SETTINGS.horizon(), 0.5, 8, 500,
                SETTINGS.maxExplore(), 3), now::get);
        for (int i = 0; i < 5; i++) small.decided("m", "e" + i);
        assertThat(small.unwatched()).isEqualTo(2);
        now.addAndGet(SETTINGS.horizon().toMillis());
        small.settle(now.get());
        small.decided("m", "again");
        assertThat(small.unwatched()).isEqualTo(2);
    }

    @Test
    void offWatchesNothing() {
        DriftGuards off = DriftGuards.off();
        off.decided("m", "e");
        off.rewarded("e", 1);
        assertThat(off.explore("m", Long.MIN_VALUE)).isFalse();
        assertThat(off.enabled()).isFalse();
        off.close();
    }
}
