package dev.eddy.bandits.encode;

import dev.eddy.bandits.core.BanditRound;
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
    void rejectsAContextOfTheWrongSize() {
        assertThatThrownBy(() -> new DisjointEncoder(3, 2).encode(new float[2])).hasMessageContaining("expected 3");
    }
}
