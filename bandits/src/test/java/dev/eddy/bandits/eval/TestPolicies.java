package dev.eddy.bandits.eval;

import dev.eddy.bandits.baseline.UniformRandom;
import dev.eddy.bandits.core.BanditRound;
import dev.eddy.bandits.core.Choice;
import dev.eddy.bandits.core.ContextualBandit;
import dev.eddy.events.features.SparseVector;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Test scaffolding for the harness: policies whose regret is known in advance, so that the harness's arithmetic
 * can be checked without any real learner.
 */
final class TestPolicies {

    private TestPolicies() {}

    /** "uniform", "first" (always action 0) and "oracle" (looks up the true label of the context). */
    static Policies registry(SupervisedToBandit problem) {
        return Policies.empty()
                .register("uniform", (dim, k, seed, params) -> new UniformRandom())
                .register("first", (dim, k, seed, params) -> new Fixed(0))
                .register("oracle", (dim, k, seed, params) -> new Oracle(problem));
    }

    private abstract static class Stateless implements ContextualBandit {
        @Override
        public void learn(BanditRound round, int action, double probability, double reward) {}

        @Override
        public byte[] snapshot() {
            return new byte[0];
        }

        @Override
        public void restore(byte[] snapshot) {}
    }

    static final class Fixed extends Stateless {
        private final int action;

        Fixed(int action) {
            this.action = action;
        }

        @Override
        public String name() {
            return "first";
        }

        @Override
        public Choice choose(BanditRound round, SplittableRandom rng) {
            double[] p = new double[round.size()];
            p[action] = 1;
            return new Choice(action, 1, p);
        }
    }

    /**
     * Cheats: it reads the context back out of action 0's block of the disjoint encoding and looks the label up,
     * which is an upper bound for any learner (regret 0). Needs distinct contexts per label.
     */
    static final class Oracle extends Stateless {
        private final Map<List<Float>, Integer> labels = new HashMap<>();
        private final int d;

        Oracle(SupervisedToBandit problem) {
            d = problem.contextDimension();
            for (int i = 0; i < problem.examples(); i++) {
                Integer previous = labels.put(key(problem.context(i)), problem.label(i));
                if (previous != null && previous != problem.label(i)) {
                    throw new IllegalArgumentException("example " + i + ": the same context has two labels");
                }
            }
        }

        private static List<Float> key(float[] context) {
            Float[] boxed = new Float[context.length];
            for (int i = 0; i < context.length; i++) boxed[i] = context[i];
            return List.of(boxed);
        }

        @Override
        public String name() {
            return "oracle";
        }

        @Override
        public Choice choose(BanditRound round, SplittableRandom rng) {
            SparseVector first = round.actions().get(0);
            float[] context = new float[d];
            // Block 0 holds the context, then the per-action constant, which is no part of the context.
            for (int j = 0; j < first.indices().length; j++) {
                if (first.indices()[j] < d) context[first.indices()[j]] = first.values()[j];
            }
            int label = labels.get(key(context));
            double[] p = new double[round.size()];
            p[label] = 1;
            return new Choice(label, 1, p);
        }
    }
}
