package dev.eddy.serving.warmup;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class CompileQueueTest {
    @Test
    void countsC2sCurrentCompilesAndItsQueueButNotC1s() {
        String out = """
                Current compiles:\s
                C2 CompilerThread0  1384       4       java.lang.String::replace (42 bytes)
                C1 CompilerThread0  1390       3       java.lang.String::indexOf (10 bytes)

                C1 compile queue:
                1391       3       java.util.HashMap::get (19 bytes)

                C2 compile queue:
                1389       4       java.lang.StringUTF16::compress (50 bytes)
                1403       4       java.util.concurrent.ConcurrentHashMap::get (162 bytes)
                """;
        assertThat(CompileQueue.c2Backlog(out)).isEqualTo(3);
    }

    @Test
    void emptyQueuesAreNoBacklog() {
        String out = """
                Current compiles:\s

                C1 compile queue:
                Empty

                C2 compile queue:
                Empty
                """;
        assertThat(CompileQueue.c2Backlog(out)).isZero();
    }

    @Test
    void thisJvmSaysAndItsQueueDrains() throws InterruptedException {
        assertThat(CompileQueue.c2Backlog()).as("HotSpot answers Compiler.queue").isGreaterThanOrEqualTo(0);
        // A test JVM has little left to compile; on a busy machine it may take a while, which the limit allows.
        assertThat(CompileQueue.awaitDrained(Duration.ofMillis(50), Duration.ofSeconds(60))).isTrue();
    }
}
