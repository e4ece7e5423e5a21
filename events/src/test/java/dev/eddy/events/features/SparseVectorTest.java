package dev.eddy.events.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SparseVectorTest {

    private final SparseVector v = new SparseVector(new int[] {1, 4, 6}, new float[] {2f, -1f, 0.5f}, 8);

    @Test
    void dotAddToAndNorms() {
        float[] w = {9, 1, 9, 9, 3, 9, 4, 9};
        assertThat(v.dot(w)).isEqualTo(2 * 1 - 3 + 0.5 * 4);
        float[] dense = new float[8];
        v.addTo(dense, 2f);
        assertThat(dense).containsExactly(0, 4, 0, 0, -2, 0, 1, 0);
        v.addTo(dense, -2f);
        assertThat(dense).containsOnly(0f);
        assertThat(v.squaredNorm()).isEqualTo(4 + 1 + 0.25);
        assertThat(v.norm()).isCloseTo(Math.sqrt(5.25), within(1e-12));
        assertThat(v.size()).isEqualTo(3);
        assertThat(v.get(4)).isEqualTo(-1f);
        assertThat(v.get(5)).isZero();
        assertThat(v.toDense()).containsExactly(0, 2, 0, 0, -1, 0, 0.5f, 0);
    }

    @Test
    void equalityIsByContent() {
        SparseVector same = new SparseVector(new int[] {1, 4, 6}, new float[] {2f, -1f, 0.5f}, 8);
        assertThat(same).isEqualTo(v).hasSameHashCodeAs(v);
        assertThat(new SparseVector(new int[] {1, 4, 6}, new float[] {2f, -1f, 0.25f}, 8)).isNotEqualTo(v);
        assertThat(new SparseVector(new int[] {1, 4, 7}, new float[] {2f, -1f, 0.5f}, 8)).isNotEqualTo(v);
        assertThat(new SparseVector(new int[] {1, 4, 6}, new float[] {2f, -1f, 0.5f}, 16)).isNotEqualTo(v);
        assertThat(SparseVector.empty(8)).isEqualTo(new SparseVector(new int[0], new float[0], 8));
        assertThat(v.toString()).isEqualTo("SparseVector[dim=8 {1:2.0, 4:-1.0, 6:0.5}]");
    }

    @Test
    void rejectsMalformedEntries() {
        assertThatThrownBy(() -> new SparseVector(new int[] {3, 1}, new float[] {1, 1}, 8))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("indices[1] = 1");
        assertThatThrownBy(() -> new SparseVector(new int[] {2, 2}, new float[] {1, 1}, 8))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("indices[1] = 2");
        assertThatThrownBy(() -> new SparseVector(new int[] {8}, new float[] {1}, 8))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("less than the dimension 8");
        assertThatThrownBy(() -> new SparseVector(new int[] {-1}, new float[] {1}, 8))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SparseVector(new int[] {1}, new float[] {1, 2}, 8))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("differ in length");
        assertThatThrownBy(() -> v.dot(new float[7]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("length 7, expected the dimension 8");
        assertThatThrownBy(() -> v.addTo(new float[9], 1f)).isInstanceOf(IllegalArgumentException.class);
    }
}
