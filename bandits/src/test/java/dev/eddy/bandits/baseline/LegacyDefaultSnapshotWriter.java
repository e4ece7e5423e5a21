package dev.eddy.bandits.baseline;

import dev.eddy.bandits.core.BanditRound;
import dev.eddy.bandits.core.Choice;
import dev.eddy.bandits.core.ContextualBandit;
import dev.eddy.bandits.encode.DisjointEncoder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Writes the snapshots of {@code squarecb-linear} and {@code epsilon-greedy} at their defaults after {@link #ROUNDS}
 * seeded rounds, as {@code snapshots/<learner>-<tag>.bin}. The files of tag 5f8613b were written by the code of that
 * commit, when the defaults were AdaGrad at 0.1 ({@link LegacyDefaultSnapshotTest} restores them into today's code);
 * never regenerate them. Uses only API that commit had.
 *
 * <pre>java -cp bandits/target/test-classes:bandits/target/classes:... dev.eddy.bandits.baseline.LegacyDefaultSnapshotWriter DIR TAG</pre>
 */
public final class LegacyDefaultSnapshotWriter {
    static final int CONTEXT = 4;
    static final int K = 3;
    static final int ROUNDS = 300;

    private LegacyDefaultSnapshotWriter() {}

    static BanditRound round(SplittableRandom rng) {
        float[] c = new float[CONTEXT];
        for (int i = 0; i < CONTEXT - 1; i++) c[i] = (float) (rng.nextDouble() * 2 - 1);
        c[CONTEXT - 1] = 1f;
        return new DisjointEncoder(CONTEXT, K).encode(c);
    }

    /** Plays {@code rounds} seeded rounds (reward 1 for action (round mod K), else 0) from the round {@code from}. */
    static void play(ContextualBandit learner, int from, int rounds) {
        SplittableRandom rng = new SplittableRandom(42 + from);
        for (int t = from; t < from + rounds; t++) {
            BanditRound r = round(rng);
            Choice c = learner.choose(r, rng);
            double reward = c.action() == t % K ? 1 : 0;
            learner.learn(r, c.action(), c.probability(), reward);
        }
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        String tag = args[1];
        int dim = CONTEXT * K;
        write(dir.resolve("squarecb-linear-" + tag + ".bin"), new LinearSquareCb(LinearSquareCb.Config.of(dim)));
        write(dir.resolve("epsilon-greedy-" + tag + ".bin"), new EpsilonGreedy(EpsilonGreedy.Config.of(dim)));
    }

    private static void write(Path file, ContextualBandit learner) throws IOException {
        if (Files.exists(file)) throw new IllegalStateException(file + " exists; never regenerate a snapshot of earlier code");
        play(learner, 0, ROUNDS);
        Files.write(file, learner.snapshot());
    }
}
