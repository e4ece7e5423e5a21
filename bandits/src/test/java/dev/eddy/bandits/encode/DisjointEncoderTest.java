package dev.eddy.bandits.encode;

import dev.eddy.bandits.core.BanditRound;
import dev.eddy.events.features.SparseVector;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DisjointEncoderTest {

    @Test
    void placesTheContextInTheActionsBlock() {
        DisjointEncoder enc = new DisjointEncoder(3, 4);
        BanditRound round = enc.encode(new float[] {1f, 0f, 2f});
        assertThat(round.size()).isEqualTo(4);
        assertThat(round.dimension()).isEqualTo(12);
        for (int a = 0; a < 4; a++) {
            assertThat(round.actions().get(a).indices()).containsExactly(3 * a, 3 * a + 2);
            assertThat(round.actions().get(a).values()).containsExactly(1f, 2f);
        }
    }

    @Test
    void withConstantEachBlockEndsWithTheActionsOwnOne() {
        DisjointEncoder enc = DisjointEncoder.withConstant(3, 2);
        assertThat(enc.blockDimension()).isEqualTo(4);
        BanditRound round = enc.encode(new float[] {1f, 0f, 2f});
        assertThat(round.dimension()).isEqualTo(8);
        for (int a = 0; a < 2; a++) {
            assertThat(round.actions().get(a).indices()).containsExactly(4 * a, 4 * a + 2, 4 * a + 3);
            assertThat(round.actions().get(a).values()).containsExactly(1f, 2f, 1f);
        }
        BanditRound sparse = enc.encode(new SparseVector(new int[] {0, 2}, new float[] {1f, 2f}, 3));
        for (int a = 0; a < 2; a++) {
            assertThat(sparse.actions().get(a).indices()).isEqualTo(round.actions().get(a).indices());
            assertThat(sparse.actions().get(a).values()).isEqualTo(round.actions().get(a).values());
        }
        assertThatThrownBy(() -> enc.encode(SparseVector.empty(4))).hasMessageContaining("expected 3");
    }

    @Test
    void rejectsAContextOfTheWrongSize() {
        assertThatThrownBy(() -> new DisjointEncoder(3, 2).encode(new float[2])).hasMessageContaining("expected 3");
    }
}
