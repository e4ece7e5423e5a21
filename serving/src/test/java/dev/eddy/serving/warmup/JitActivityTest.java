package dev.eddy.serving.warmup;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class JitActivityTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void quietOnlyOnceTheCompilersSpentLittleOfTheLastRounds() {
        AtomicLong compiled = new AtomicLong(5_000);
        JitActivity jit = new JitActivity(3, 0.1, compiled::get);
        // C2 busy: 400 ms of compiling per 1 s round.
        for (int i = 0; i < 3; i++) {
            compiled.addAndGet(400);
            jit.round(SECOND);
            assertThat(jit.quiet()).as("round %d", i).isFalse();
        }
        // Nearly done: 20 ms a round, but the busy round is still in the window.
        compiled.addAndGet(20);
        jit.round(SECOND);
        compiled.addAndGet(20);
        jit.round(SECOND);
        assertThat(jit.quiet()).as("400 + 20 + 20 ms of 3 s").isFalse();
        compiled.addAndGet(20);
        jit.round(SECOND);
        assertThat(jit.quiet()).as("60 ms of 3 s").isTrue();
    }

    @Test
    void notQuietBeforeAWholeWindow() {
        JitActivity jit = new JitActivity(3, 0.1, () -> 0);
        jit.round(SECOND);
        jit.round(SECOND);
        assertThat(jit.quiet()).isFalse();
        jit.round(SECOND);
        assertThat(jit.quiet()).isTrue();
    }

    @Test
    void aJvmWithoutCompilationTimeOrAShareOfOneIsNotAsked() {
        assertThat(new JitActivity(3, 0.1, () -> -1).quiet()).isTrue();
        assertThat(new JitActivity(3, 1.0, () -> 0).quiet()).isTrue();
    }
}
