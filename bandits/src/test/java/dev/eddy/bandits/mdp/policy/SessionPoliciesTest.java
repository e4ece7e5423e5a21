package dev.eddy.bandits.mdp.policy;

import dev.eddy.bandits.mdp.Episode;
import dev.eddy.bandits.mdp.SessionPolicy;
import dev.eddy.bandits.mdp.env.EpisodeRunner;
import dev.eddy.bandits.mdp.env.LatentLinearMdp;
import dev.eddy.bandits.mdp.env.StationaryLinearMdp;
import dev.eddy.bandits.mdp.env.UniformSessionPolicy;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SessionPoliciesTest {

    private static final LatentLinearMdp.Config SMALL = new LatentLinearMdp.Config(3, 4, 5, 3, 0.5, 7);

    private static List<Supplier<SessionPolicy>> policies() {
        return List.of(
                () -> new LogBarrierFtrlPolicy(LogBarrierFtrlPolicy.Config.forHorizon(3, 4, 5, 200)),
                () -> new LogBarrierFtrlPolicy(LogBarrierFtrlPolicy.Config.forHorizon(3, 4, 5, 200).withBonus(true)),
                () -> new MagnitudeReducedExpWeightsPolicy(
                        MagnitudeReducedExpWeightsPolicy.Config.forHorizon(3, 4, 5, 200, 9), simulator()),
                () -> new EpsilonGreedyLinearQPolicy(new EpsilonGreedyLinearQPolicy.Config(3, 4, 5, 0.1, 1.0)),
                () -> new PerStepLinUcbPolicy(5, 1.0, 0.5));
    }

    /** A separate copy of the environment as Algorithm 2's simulator (stationary: its losses are the real ones). */
    private static StationaryLinearMdp simulator() {
        StationaryLinearMdp sim = new StationaryLinearMdp(SMALL);
        EpisodeRunner.run(new UniformSessionPolicy(), sim, 0, new SplittableRandom(0)); // gives it a loss table
        return sim;
    }

    /** Plays and learns {@code n} episodes; returns them. */
    private static List<Episode> play(SessionPolicy p, StationaryLinearMdp env, int from, int n, SplittableRandom rng) {
        List<Episode> out = new ArrayList<>();
        for (int k = from; k < from + n; k++) {
            Episode e = EpisodeRunner.run(p, env, k, rng);
            p.learn(e);
            out.add(e);
        }
        return out;
    }

    @Test
    void distributionsArePositiveOrOneHotAndSumToOne() {
        for (Supplier<SessionPolicy> s : policies()) {
            SessionPolicy p = s.get();
            StationaryLinearMdp env = new StationaryLinearMdp(SMALL);
            List<Episode> eps = play(p, env, 0, 200, new SplittableRandom(1));
            double[] pi = new double[4];
            for (Episode e : eps.subList(150, 200)) {
                for (int h = 0; h < e.length(); h++) {
                    p.distribution(h, e.features()[h], pi);
                    double sum = 0;
                    for (double x : pi) {
                        if (p instanceof PerStepLinUcbPolicy) assertThat(x).isGreaterThanOrEqualTo(0);
                        else assertThat(x).as(p.name()).isGreaterThan(0);
                        sum += x;
                    }
                    assertThat(sum).as(p.name()).isCloseTo(1, within(1e-9));
                }
            }
        }
    }

    @Test
    void snapshotRestoreGivesTheSameDistributionsAndLearning() {
        for (Supplier<SessionPolicy> s : policies()) {
            SessionPolicy a = s.get();
            StationaryLinearMdp env = new StationaryLinearMdp(SMALL);
            play(a, env, 0, 70, new SplittableRandom(2)); // mid-batch: the batch in progress is part of the state
            SessionPolicy b = s.get();
            b.restore(a.snapshot());
            assertThat(b.snapshot()).as(a.name()).isEqualTo(a.snapshot());
            List<Episode> more = play(a, env, 70, 30, new SplittableRandom(3));
            for (Episode e : more) b.learn(e);
            double[] pa = new double[4];
            double[] pb = new double[4];
            for (Episode e : more) {
                for (int h = 0; h < e.length(); h++) {
                    a.distribution(h, e.features()[h], pa);
                    b.distribution(h, e.features()[h], pb);
                    assertThat(pb).as(a.name()).containsExactly(pa);
                }
            }
            assertThat(b.snapshot()).isEqualTo(a.snapshot());
        }
    }

    @Test
    void restoreRejectsAnotherConfiguration() {
        LogBarrierFtrlPolicy a = new LogBarrierFtrlPolicy(LogBarrierFtrlPolicy.Config.forHorizon(3, 4, 5, 200));
        LogBarrierFtrlPolicy b = new LogBarrierFtrlPolicy(LogBarrierFtrlPolicy.Config.forHorizon(3, 4, 5, 300));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> b.restore(a.snapshot()))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> b.restore(new UniformSessionPolicy().snapshot()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void seededRunsAreDeterministic() {
        for (Supplier<SessionPolicy> s : policies()) {
            SessionPolicy a = s.get();
            SessionPolicy b = s.get();
            play(a, new StationaryLinearMdp(SMALL), 0, 80, new SplittableRandom(5));
            play(b, new StationaryLinearMdp(SMALL), 0, 80, new SplittableRandom(5));
            assertThat(b.snapshot()).as(a.name()).isEqualTo(a.snapshot());
        }
    }

    @Test
    void ftrlLearningWithinABatchDoesNotDependOnOrder() {
        LogBarrierFtrlPolicy.Config c = new LogBarrierFtrlPolicy.Config(3, 4, 5, 0.3, 0.2, 0.01, true, 100, 0);
        LogBarrierFtrlPolicy warm = new LogBarrierFtrlPolicy(c);
        StationaryLinearMdp env = new StationaryLinearMdp(SMALL);
        play(warm, env, 0, 100, new SplittableRandom(8)); // one batch learned: non-trivial Θ, a non-uniform policy
        List<Episode> batch = new ArrayList<>();
        SplittableRandom rng = new SplittableRandom(9);
        for (int k = 100; k < 200; k++) batch.add(EpisodeRunner.run(warm, env, k, rng)); // the next whole batch
        LogBarrierFtrlPolicy x = new LogBarrierFtrlPolicy(c);
        LogBarrierFtrlPolicy y = new LogBarrierFtrlPolicy(c);
        x.restore(warm.snapshot());
        y.restore(warm.snapshot());
        for (Episode e : batch) x.learn(e);
        List<Episode> shuffled = new ArrayList<>(batch);
        Collections.shuffle(shuffled, new java.util.Random(3));
        for (Episode e : shuffled) y.learn(e);
        assertThat(x.theta(0)).isNotEqualTo(warm.theta(0));
        for (int h = 0; h < 3; h++) assertThat(y.theta(h)).containsExactly(x.theta(h), within(1e-9));
        double[] px = new double[4];
        double[] py = new double[4];
        for (Episode e : batch) {
            x.distribution(1, e.features()[1], px);
            y.distribution(1, e.features()[1], py);
            assertThat(py).containsExactly(px, within(1e-9));
        }
    }

    /**
     * On the stationary environment both FTRL policies close most of the gap between uniform play and the
     * best fixed policy within 2,000 episodes (measured: 0.08 of the gap for ftrl-logbarrier and 0.05 for
     * ftrl-expweights-mr over the last 500 episodes); ftrl-logbarrier before the batch fix stayed at ≈ 0.85 of it.
     */
    @Test
    void ftrlPoliciesLearnOnAStationaryLinearMdp() {
        int episodes = 2000;
        LatentLinearMdp.Config envConfig = LatentLinearMdp.Config.of(11);
        StationaryLinearMdp reference = new StationaryLinearMdp(envConfig);
        EpisodeRunner.run(new UniformSessionPolicy(), reference, 0, new SplittableRandom(0));
        double best = reference.bestFixedPolicyLoss(); // one episode's expected loss under the best fixed policy
        double uniform = lastLosses(new UniformSessionPolicy(), new StationaryLinearMdp(envConfig), episodes, 500);
        StationaryLinearMdp sim = new StationaryLinearMdp(envConfig);
        EpisodeRunner.run(new UniformSessionPolicy(), sim, 0, new SplittableRandom(0));
        List<SessionPolicy> learners = List.of(
                new LogBarrierFtrlPolicy(LogBarrierFtrlPolicy.Config.forHorizon(5, 10, 16, episodes)),
                new MagnitudeReducedExpWeightsPolicy(MagnitudeReducedExpWeightsPolicy.Config.forHorizon(5, 10, 16, episodes, 3), sim));
        for (SessionPolicy p : learners) {
            double loss = lastLosses(p, new StationaryLinearMdp(envConfig), episodes, 500);
            assertThat((loss - best) / (uniform - best)).as(p.name() + " share of uniform's gap").isLessThan(0.25);
        }
    }

    private static double lastLosses(SessionPolicy p, StationaryLinearMdp env, int episodes, int last) {
        SplittableRandom rng = new SplittableRandom(21);
        double total = 0;
        for (int k = 0; k < episodes; k++) {
            Episode e = EpisodeRunner.run(p, env, k, rng);
            p.learn(e);
            if (k >= episodes - last) total += e.lossToGo(0);
        }
        return total / last;
    }
}
