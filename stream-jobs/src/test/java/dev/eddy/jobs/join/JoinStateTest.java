package dev.eddy.jobs.join;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class JoinStateTest {

    @Test
    void roundTripsEveryField() {
        JoinState s = new JoinState();
        s.decision = "{\"eventId\":\"a\"}".getBytes(StandardCharsets.UTF_8);
        s.decisionTime = 123;
        s.cleanupAt = 456;
        s.emitted = true;
        s.rewards.add(new JoinState.HeldReward("k1", 200, 1.5, "{}".getBytes(StandardCharsets.UTF_8), "rewards", 3, 99));
        s.rewards.add(new JoinState.HeldReward("k2", 300, -2, null, null, 0, 0));
        JoinState back = JoinState.fromBytes(s.toBytes());
        assertThat(back.decision).isEqualTo(s.decision);
        assertThat(back.decisionTime).isEqualTo(123);
        assertThat(back.cleanupAt).isEqualTo(456);
        assertThat(back.emitted).isTrue();
        assertThat(back.rewards).hasSize(2);
        assertThat(back.rewards.get(0).json()).isEqualTo("{}".getBytes(StandardCharsets.UTF_8));
        assertThat(back.rewards.get(0).topic()).isEqualTo("rewards");
        assertThat(back.rewards.get(0).offset()).isEqualTo(99);
        assertThat(back.rewards.get(1).json()).isNull();
        assertThat(back.hasReward("k2")).isTrue();
        assertThat(back.earliestRewardTime()).isEqualTo(200);
    }

    @Test
    void emptyStateReadsAsEmpty() {
        JoinState s = JoinState.fromBytes(null);
        assertThat(s.decision).isNull();
        assertThat(s.rewards).isEmpty();
        assertThat(s.emitted).isFalse();
    }
}
