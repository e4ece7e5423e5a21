package dev.eddy.serving.http;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WarmUpPassTest {
    @Test
    void admitsItsOwnSecretOnlyWhileOpen() {
        WarmUpPass pass = WarmUpPass.random();
        assertThat(pass.secret()).hasSize(32);
        assertThat(pass.admits(pass.secret())).isTrue();
        assertThat(pass.admits(null)).isFalse();
        assertThat(pass.admits("")).isFalse();
        assertThat(pass.admits(WarmUpPass.random().secret())).as("another process's secret").isFalse();

        pass.close();
        assertThat(pass.admits(pass.secret())).isFalse();
    }

    @Test
    void aClosedPassAdmitsNothing() {
        WarmUpPass closed = WarmUpPass.closed();
        assertThat(closed.admits(closed.secret())).isFalse();
        assertThat(closed.admits("")).isFalse();
    }
}
