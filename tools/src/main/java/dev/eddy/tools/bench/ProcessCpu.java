package dev.eddy.tools.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** CPU time of this JVM and of the calling thread, in nanoseconds: what the shared machine's load does not inflate. */
final class ProcessCpu {
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private ProcessCpu() {}

    /** CPU time of all this JVM's threads (JIT and GC included) since it started. */
    static long process() {
        return OS.getProcessCpuTime();
    }

    /** CPU time of the calling thread. */
    static long thread() {
        return THREADS.getCurrentThreadCpuTime();
    }

    /**
     * CPU time of this JVM's JIT compiler threads, read from Linux's /proc (the JVM hides them from its thread bean),
     * in clock ticks' resolution; -1 where /proc cannot be read. A short benchmark's "steady" part can still be mostly
     * JIT work, which a long-running job pays once: this says how much of a figure it is.
     */
    static long compiler() {
        long ticks = 0;
        try (Stream<Path> threads = Files.list(Path.of("/proc/self/task"))) {
            for (Path dir : (Iterable<Path>) threads::iterator) {
                String stat;
                try {
                    stat = Files.readString(dir.resolve("stat"));
                } catch (IOException gone) {
                    continue; // the thread ended since the listing
                }
                int open = stat.indexOf('('), close = stat.lastIndexOf(')');
                if (open < 0 || close < open || !stat.substring(open + 1, close).contains("CompilerThre")) continue;
                // After the name: state is field 3, utime and stime fields 14 and 15.
                String[] f = stat.substring(close + 2).split(" ");
                ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return ticks * 1_000_000_000L / CLOCK_TICKS;
    }

    /** USER_HZ: 100 on every Linux this runs on (the kernel's ABI, not its timer frequency). */
    private static final long CLOCK_TICKS = 100;
}
