package dev.eddy.events.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eddy.events.features.HashingConfig.Cross;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class HashingConfigTest {

    @Test
    void bitsOutOfRangeNameTheField() {
        assertThatThrownBy(() -> HashingConfig.ofBits(31))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("hashing.bits must be in 1..30, was 31");
        assertThatThrownBy(() -> HashingConfig.ofBits(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("hashing.bits must be in 1..30, was 0");
        assertThat(HashingConfig.ofBits(1).dimension()).isEqualTo(2);
        assertThat(HashingConfig.ofBits(30).dimension()).isEqualTo(1 << 30);
    }

    @Test
    void defaultsAreVowpalWabbits() {
        HashingConfig d = HashingConfig.defaults();
        assertThat(d.bits()).isEqualTo(18);
        assertThat(d.seed()).isZero();
        assertThat(d.signed()).isFalse();
        assertThat(d.bias()).isTrue();
        assertThat(d.crosses()).isEmpty();
        assertThat(new HashingConfig(10, 0, false, null, false).crosses()).isEmpty();
    }

    @Test
    void crossesAreValidated() {
        assertThat(HashingConfig.defaults().withCrosses("user:item", "user:user").crosses())
                .containsExactly(new Cross("user", "item"), new Cross("user", "user"));
        assertThatThrownBy(() -> HashingConfig.defaults().withCrosses("user:item", "user:item"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("hashing.crosses[1] repeats user:item");
        List<Cross> withNull = new ArrayList<>(Arrays.asList(new Cross("a", "b"), null));
        assertThatThrownBy(() -> HashingConfig.defaults().withCrosses(withNull))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("hashing.crosses[1] must not be null");
        assertThatThrownBy(() -> Cross.parse("useritem"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("hashing.crosses entry must be \"left:right\", was \"useritem\"");
        assertThatThrownBy(() -> Cross.parse("a:b:c")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Cross("", "item"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("hashing.crosses.left must name a namespace, was \"\"");
        assertThatThrownBy(() -> new Cross("user", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("hashing.crosses.right must name a namespace, was null");
        assertThatThrownBy(() -> Cross.parse("*:item"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the only wildcard is *:* (all pairs)");
    }

    @Test
    void allPairsIsTheOneWildcardAndStandsAlone() {
        assertThat(Cross.parse("*:*")).isEqualTo(Cross.ALL_PAIRS);
        assertThat(Cross.ALL_PAIRS.allPairs()).isTrue();
        assertThat(Cross.parse("user:item").allPairs()).isFalse();
        assertThat(HashingConfig.defaults().withCrosses("*:*").crosses()).containsExactly(Cross.ALL_PAIRS);
        assertThatThrownBy(() -> HashingConfig.defaults().withCrosses("*:*", "user:item"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("*:* already crosses every pair");
    }

    @Test
    void crossListIsCopied() {
        List<Cross> list = new ArrayList<>(List.of(new Cross("a", "b")));
        HashingConfig c = HashingConfig.defaults().withCrosses(list);
        list.add(new Cross("b", "a"));
        assertThat(c.crosses()).hasSize(1);
    }
}
