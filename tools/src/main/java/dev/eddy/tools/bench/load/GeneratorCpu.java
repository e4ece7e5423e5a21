package dev.eddy.tools.bench.load;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU time of the load generator's own threads (named with {@link #THREAD_PREFIX}: the scheduling thread and the HTTP
 * client's pool), and of the whole process. Per thread so that the figure stays the generator's own when a test runs
 * the server in the same JVM. A pool thread that ends between two samples loses its time, so the client's pool keeps
 * its threads for the whole run.
 */
final class GeneratorCpu {
    static final String THREAD_PREFIX = "eddy-load";

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private Map<Long, Long> startByThread = Map.of();
    private long startProcess;
    private long startWall;

    /** Cores used since {@link #start()}: by the generator's threads, by the process. */
    record Usage(double generatorCores, double processCores) {}

    void start() {
        startByThread = sample();
        startProcess = processCpuNanos();
        startWall = System.nanoTime();
    }

    Usage stop() {
        long wall = Math.max(1, System.nanoTime() - startWall);
        long generator = 0;
        for (var e : sample().entrySet()) generator += e.getValue() - startByThread.getOrDefault(e.getKey(), 0L);
        long process = processCpuNanos() - startProcess;
        return new Usage((double) generator / wall, processCpuNanos() < 0 ? Double.NaN : (double) process / wall);
    }

    private Map<Long, Long> sample() {
        Map<Long, Long> out = new HashMap<>();
        if (!threads.isThreadCpuTimeSupported()) return out;
        for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (t == null || !t.getThreadName().startsWith(THREAD_PREFIX)) continue;
            long cpu = threads.getThreadCpuTime(t.getThreadId());
            if (cpu >= 0) out.put(t.getThreadId(), cpu);
        }
        return out;
    }

    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
    }
}
