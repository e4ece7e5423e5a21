package dev.eddy.tools.bench;

import dev.eddy.tools.bench.ProcessCpu.ThreadKind;
import org.junit.jupiter.api.Test;

import java.util.EnumMap;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessCpuTest {

    @Test
    void threadsAreToldApartByTheFifteenCharactersLinuxKeepsOfTheirNames() {
        assertThat(ThreadKind.of("join -> example")).isEqualTo(ThreadKind.JOIN_TASK);
        assertThat(ThreadKind.of("Source: decisio")).isEqualTo(ThreadKind.SOURCE_TASK);
        assertThat(ThreadKind.of("Source Data Fet")).isEqualTo(ThreadKind.KAFKA_FETCH);
        assertThat(ThreadKind.of("kafka-producer-")).isEqualTo(ThreadKind.KAFKA_SEND);
        assertThat(ThreadKind.of("rocksdb:low")).isEqualTo(ThreadKind.ROCKSDB);
        assertThat(ThreadKind.of("Flink-RocksDBSt")).isEqualTo(ThreadKind.ROCKSDB);
        assertThat(ThreadKind.of("C2 CompilerThre")).isEqualTo(ThreadKind.JIT);
        assertThat(ThreadKind.of("C1 CompilerThre")).isEqualTo(ThreadKind.JIT);
        assertThat(ThreadKind.of("GC Thread#1")).isEqualTo(ThreadKind.GC);
        assertThat(ThreadKind.of("G1 Conc#0")).isEqualTo(ThreadKind.GC);
        assertThat(ThreadKind.of("java")).isEqualTo(ThreadKind.MAIN);
        assertThat(ThreadKind.of("flink-pekko.act")).isEqualTo(ThreadKind.OTHER);
    }

    @Test
    void overAnIntervalThisJvmsThreadsAddUpToAboutItsProcessCpu() {
        // Over an interval, not in total: the process's total holds threads that ended before the first reading
        // (other tests' in this JVM), which /proc no longer lists.
        EnumMap<ThreadKind, Long> kindsBefore = ProcessCpu.byKind();
        long before = ProcessCpu.process();
        long spin = System.nanoTime() + 300_000_000L;
        double sink = 0;
        while (System.nanoTime() < spin) sink += Math.sqrt(sink + 1);
        EnumMap<ThreadKind, Long> kindsAfter = ProcessCpu.byKind();
        long process = ProcessCpu.process() - before;
        assertThat(sink).isPositive();
        long sum = 0;
        for (ThreadKind k : ThreadKind.values()) sum += kindsAfter.getOrDefault(k, 0L) - kindsBefore.getOrDefault(k, 0L);
        // /proc counts in 10 ms ticks per thread, the JVM in nanoseconds: close, not equal.
        assertThat(process).isGreaterThan(250_000_000L);
        assertThat(sum).isBetween(process - 150_000_000L, process + 50_000_000L);
        // This thread is the launcher's ("java" to Linux) and did most of it.
        assertThat(kindsAfter.get(ThreadKind.MAIN) - kindsBefore.get(ThreadKind.MAIN)).isGreaterThan(200_000_000L);
    }
}
