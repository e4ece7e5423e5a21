package dev.eddy.bandits.parallel;

import dev.eddy.bandits.core.BanditRound;
import dev.eddy.bandits.eval.Policies;
import dev.eddy.bandits.neural.NeuCB;
import dev.eddy.bandits.neural.NeuCbConfig;
import dev.eddy.bandits.baseline.UniformRandom;
import dev.eddy.events.features.SparseVector;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ShardedBanditTest {
    private static final int DIM = 12;

    private record Example(BanditRound round, int action, double p, double reward) {}

    private static List<Example> examples(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Example> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<SparseVector> actions = new ArrayList<>();
            for (int a = 0; a < 3; a++) {
                int i1 = r.nextInt(DIM / 2);
                int i2 = DIM / 2 + r.nextInt(DIM / 2);
                actions.add(new SparseVector(new int[] {i1, i2}, new float[] {1f, (float) r.nextDouble()}, DIM));
            }
            int action = r.nextInt(3);
            out.add(new Example(new BanditRound(actions), action, 1.0 / 3, r.nextDouble() < 0.3 ? 1 : 0));
        }
        return out;
    }

    private static NeuCB neu(long seed) {
        return new NeuCB(NeuCbConfig.fastCbDefaults(seed).withNetwork(1, 8), DIM);
    }

    private static ShardedBandit sharded(int shards, int every) {
        List<NeuCB> l = new ArrayList<>();
        for (int i = 0; i < shards; i++) l.add(neu(5 + i));
        return new ShardedBandit(l, every);
    }

    private static float[] params(NeuCB b) {
        // The snapshot's θ block: after the 20-byte header, as big-endian floats.
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(b.snapshot());
        buf.position(16);
        float[] theta = new float[buf.getInt()];
        for (int i = 0; i < theta.length; i++) theta[i] = buf.getFloat();
        return theta;
    }

    @Test
    void aPeriodIsEachShardLearningItsRoundRobinShareThenTheMeanOfTheShards() {
        List<Example> ex = examples(6, 1); // 2 shards × 3 = one whole period
        ShardedBandit s = sharded(2, 3);
        // By hand: both shards start from shard 0's weights (and anchor), each learns its share, then the mean.
        NeuCB a = neu(5);
        NeuCB b = neu(6);
        b.averageFrom(List.of(a));
        for (int i = 0; i < 6; i++) {
            Example e = ex.get(i);
            (i % 2 == 0 ? a : b).learn(e.round, e.action, e.p, e.reward);
        }
        float[] pa = params(a);
        float[] pb = params(b);
        for (int i = 0; i < 5; i++) s.learn(ex.get(i).round, ex.get(i).action, ex.get(i).p, ex.get(i).reward);
        assertThat(s.pending()).isEqualTo(5);
        assertThat(params((NeuCB) s.merged())).containsExactly(params(neu(5))); // nothing learned before the period ends
        s.learn(ex.get(5).round, ex.get(5).action, ex.get(5).p, ex.get(5).reward);
        assertThat(s.pending()).isZero();
        assertThat(s.merges()).isEqualTo(1);
        float[] merged = params((NeuCB) s.merged());
        assertThat(merged).isNotEqualTo(params(neu(5)));
        for (int i = 0; i < merged.length; i++) {
            assertThat(merged[i]).isEqualTo((float) (((double) pa[i] + pb[i]) / 2));
        }
        assertThat(((NeuCB) s.merged()).rounds()).isEqualTo(3); // each shard took 3 steps
    }

    @Test
    void parallelShardsGiveTheSameModelAsSequentialOnes() {
        List<Example> ex = examples(400, 2);
        ShardedBandit seq = sharded(4, 10);
        ShardedBandit par = sharded(4, 10);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            par.useExecutor(pool);
            for (Example e : ex) {
                seq.learn(e.round, e.action, e.p, e.reward);
                par.learn(e.round, e.action, e.p, e.reward);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(par.merges()).isEqualTo(10);
        assertThat(par.snapshot()).isEqualTo(seq.snapshot());
    }

    @Test
    void aSnapshotTakenMidPeriodContinuesExactlyAndRefusesOtherShapes() {
        List<Example> ex = examples(300, 3);
        ShardedBandit whole = sharded(3, 7);
        for (Example e : ex) whole.learn(e.round, e.action, e.p, e.reward);

        ShardedBandit first = sharded(3, 7);
        for (Example e : ex.subList(0, 137)) first.learn(e.round, e.action, e.p, e.reward);
        assertThat(first.pending()).isEqualTo(137 % 21);
        ShardedBandit resumed = sharded(3, 7);
        resumed.restore(first.snapshot());
        assertThat(resumed.pending()).isEqualTo(137 % 21);
        for (Example e : ex.subList(137, 300)) resumed.learn(e.round, e.action, e.p, e.reward);
        assertThat(resumed.snapshot()).isEqualTo(whole.snapshot());

        assertThatThrownBy(() -> sharded(2, 7).restore(first.snapshot())).hasMessageContaining("3 shards");
        byte[] cut = java.util.Arrays.copyOf(first.snapshot(), 100);
        assertThatThrownBy(() -> sharded(3, 7).restore(cut)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void oneShardLearnsEveryExampleAtOnceLikeThePlainLearner() {
        List<Example> ex = examples(50, 4);
        ShardedBandit s = new ShardedBandit(List.of(neu(5)), 10);
        NeuCB plain = neu(5);
        for (Example e : ex) {
            s.learn(e.round, e.action, e.p, e.reward);
            plain.learn(e.round, e.action, e.p, e.reward);
            assertThat(s.pending()).isZero();
        }
        assertThat(s.merged().snapshot()).isEqualTo(plain.snapshot());
    }

    @Test
    void policiesBuildShardsFromParametersAndRejectBadOnes() {
        var b = Policies.standard().create("neufastcb", DIM, 3, 9, Map.of("shards", "2", "merge-every", "5", "width", "8"));
        assertThat(b).isInstanceOfSatisfying(ShardedBandit.class, s -> {
            assertThat(s.shardCount()).isEqualTo(2);
            assertThat(s.mergeEvery()).isEqualTo(5);
            // The merged model is a plain learner of the configured seed: serving restores it as one.
            NeuCB plain = (NeuCB) Policies.standard().create("neufastcb", DIM, 3, 9, Map.of("width", "8"));
            plain.restore(s.merged().snapshot());
        });
        assertThat(Policies.standard().create("neufastcb", DIM, 3, 9, Map.of("shards", "1"))).isInstanceOf(NeuCB.class);
        assertThatThrownBy(() -> Policies.standard().create("neufastcb", DIM, 3, 9, Map.of("shards", "0")))
                .hasMessageContaining("shards");
        assertThatThrownBy(() -> Policies.standard().create("neusquarecb", DIM, 3, 9, Map.of("merge-every", "0")))
                .hasMessageContaining("merge-every");
        assertThatThrownBy(() -> new ShardedBandit(List.of(new UniformRandom(), new UniformRandom()), 1))
                .hasMessageContaining("no parameter averaging");
    }

    /** A shard that fails on every update, to see what the caller gets. */
    private static final class Failing implements dev.eddy.bandits.core.ContextualBandit, ParameterAveraging {
        @Override public String name() { return "failing"; }
        @Override public dev.eddy.bandits.core.Choice choose(BanditRound round, SplittableRandom rng) { throw new UnsupportedOperationException(); }
        @Override public void learn(BanditRound round, int action, double probability, double reward) { throw new IllegalStateException("boom"); }
        @Override public byte[] snapshot() { return new byte[0]; }
        @Override public void restore(byte[] snapshot) {}
        @Override public void averageFrom(List<? extends ParameterAveraging> learners) {}
    }

    @Test
    void refusalsComeAtOnceAndAShardsFailureSurfacesUnwrapped() {
        Example e = examples(1, 6).get(0);
        ShardedBandit s = sharded(2, 2);
        assertThatThrownBy(() -> s.learn(e.round, e.action, e.p, 1.5)).hasMessageContaining("reward");
        assertThatThrownBy(() -> s.learn(e.round, 3, e.p, 1)).hasMessageContaining("action 3");
        assertThat(s.pending()).isZero();

        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            ShardedBandit failing = new ShardedBandit(List.of(new Failing(), new Failing()), 1).useExecutor(pool);
            failing.learn(e.round, e.action, e.p, e.reward);
            assertThatThrownBy(() -> failing.learn(e.round, e.action, e.p, e.reward))
                    .isInstanceOf(IllegalStateException.class).hasMessage("boom");
        } finally {
            pool.shutdownNow();
        }
    }
}
