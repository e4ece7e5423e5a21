package dev.eddy.tools.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JoinBenchmarkOptionsTest {

    @Test
    void roundsMustBePositiveAndCannotRepeatTheTakingInOfWaitingDecisions() {
        assertThatThrownBy(() -> new JoinBenchmark.Options(1_000, 0.3, 2, 2, 5, null, false, 0, 0))
                .hasMessage("rounds must be >= 1, was 0");
        assertThatThrownBy(() -> new JoinBenchmark.Options(1_000, 0.3, 2, 2, 5, null, false, 10, 3))
                .hasMessageContaining("rounds above 1 cannot be combined with waiting decisions");
        assertThat(new JoinBenchmark.Options(1_000, 0.3, 2, 2, 5, null, false, 10).rounds()).isEqualTo(1);
        assertThat(JoinBenchmark.Options.defaults().rounds()).isEqualTo(1);
    }

    @Test
    void theMedianOfAnOddCountIsTheMiddleOneAndOfAnEvenCountTheMeanOfTheTwo() {
        assertThat(JoinBenchmark.Rounds.median(new double[]{48.3, 35.5, 44.0})).isEqualTo(44.0);
        assertThat(JoinBenchmark.Rounds.median(new double[]{4.0, 1.0, 3.0, 2.0})).isEqualTo(2.5);
        assertThat(JoinBenchmark.Rounds.median(new double[]{7.0})).isEqualTo(7.0);
    }
}
