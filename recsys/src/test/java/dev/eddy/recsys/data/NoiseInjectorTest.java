package dev.eddy.recsys.data;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NoiseInjectorTest {
    private static final ImplicitDataset DATA = new SyntheticData(300, 400, 10, 40, 4, 3.0, 0.5).generate(3);

    @Test
    void splitIsPerUser701020AndDropsSmallUsers() {
        int[][] lists = {range(0, 9), range(0, 10), range(5, 25)};
        ImplicitDataset small = new ImplicitDataset(IdIndex.of(java.util.List.of("a", "b", "c")), IdIndex.sequential(30), UserItems.of(lists));
        DataSplit split = Splitter.split(small, 0.7, 0.1, 10, 1);
        assertThat(split.users().ids()).containsExactly("b", "c");
        assertThat(split.train().count(0)).isEqualTo(7);
        assertThat(split.valid().count(0)).isEqualTo(1);
        assertThat(split.test().count(0)).isEqualTo(2);
        assertThat(split.train().count(1)).isEqualTo(14);
        assertThat(split.valid().count(1)).isEqualTo(2);
        assertThat(split.test().count(1)).isEqualTo(4);
        for (int u = 0; u < 2; u++) {
            Set<Integer> all = new HashSet<>();
            for (int i : split.train().of(u)) assertThat(all.add(i)).isTrue();
            for (int i : split.valid().of(u)) assertThat(all.add(i)).isTrue();
            for (int i : split.test().of(u)) assertThat(all.add(i)).isTrue();
            assertThat(all).hasSize(small.byUser().count(u + 1));
        }
    }

    @Test
    void noiseGoesIntoTrainingOnlyAndNeverOnKnownItems() {
        DataSplit clean = Splitter.split(DATA, 0.7, 0.1, 10, 5);
        DataSplit noisy = NoiseInjector.inject(clean, 0.4, 9);

        assertThat(noisy.valid()).isEqualTo(clean.valid());
        assertThat(noisy.test()).isEqualTo(clean.test());
        assertThat(noisy.valid().items()).containsExactly(clean.valid().items());
        assertThat(noisy.test().items()).containsExactly(clean.test().items());
        int injected = 0;
        for (int u = 0; u < clean.numUsers(); u++) {
            int expected = (int) Math.round(0.4 * clean.train().count(u));
            assertThat(noisy.train().count(u)).isEqualTo(clean.train().count(u) + expected);
            int flagged = 0;
            for (int e = noisy.train().start(u); e < noisy.train().start(u) + noisy.train().count(u); e++) {
                int item = noisy.train().items()[e];
                if (noisy.trainNoise()[e]) {
                    flagged++;
                    assertThat(clean.train().contains(u, item)).isFalse();
                    assertThat(clean.valid().contains(u, item)).isFalse();
                    assertThat(clean.test().contains(u, item)).isFalse();
                } else {
                    assertThat(clean.train().contains(u, item)).isTrue();
                }
            }
            assertThat(flagged).isEqualTo(expected);
            injected += flagged;
        }
        assertThat(noisy.noiseCount()).isEqualTo(injected).isPositive();
    }

    @Test
    void sameSeedSameNoiseAndZeroRatioIsIdentity() {
        DataSplit clean = Splitter.split(DATA, 0.7, 0.1, 10, 5);
        assertThat(NoiseInjector.inject(clean, 0.2, 1).train().items()).containsExactly(NoiseInjector.inject(clean, 0.2, 1).train().items());
        assertThat(NoiseInjector.inject(clean, 0.0, 1)).isSameAs(clean);
        assertThatThrownBy(() -> NoiseInjector.inject(clean, -0.1, 1)).hasMessageContaining("noise ratio");
    }

    private static int[] range(int from, int to) {
        return java.util.stream.IntStream.range(from, to).toArray();
    }
}
