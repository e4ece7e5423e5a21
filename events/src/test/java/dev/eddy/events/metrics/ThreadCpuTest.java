package dev.eddy.events.metrics;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ThreadCpuTest {

    @Test
    void aThreadThatEndedKeepsTheCpuItHadWhenLastRead() throws Exception {
        assumeTrue(System.getProperty("os.name").startsWith("Linux"), "reads Linux's /proc");
        ThreadCpu cpu = new ThreadCpu();
        Thread busy = new Thread(() -> {
            long until = System.nanoTime() + 300_000_000L;
            double sink = 0;
            while (System.nanoTime() < until) sink += Math.sqrt(sink + 1);
            if (sink < 0) System.out.println(sink);
            try {
                Thread.sleep(300); // read while alive, after its work
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "threadcpu-busy");
        busy.start();
        Thread.sleep(450);
        long whileAlive = cpu.byName().getOrDefault("threadcpu-busy", 0L);
        busy.join();
        Map<String, Long> afterEnd = cpu.byName();

        assertThat(whileAlive).isGreaterThanOrEqualTo(200_000_000L);
        assertThat(afterEnd).containsEntry("threadcpu-busy", whileAlive);
        assertThat(afterEnd.values().stream().mapToLong(Long::longValue).sum()).isPositive();
    }
}
