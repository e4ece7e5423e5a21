package dev.eddy.events.metrics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time of this JVM's threads by name, read from Linux's /proc: the JVM's thread bean hides its JIT and GC
 * threads, and native threads (RocksDB's) are not Java threads at all. A process's CPU is spread over many threads;
 * this says which kind of work took it (request handling, logging, JIT, GC) without a profiler.
 */
public final class ThreadCpu {

    /** USER_HZ: 100 on every Linux this runs on (the kernel's ABI, not its timer frequency). */
    private static final long CLOCK_TICKS = 100;

    private ThreadCpu() {}

    /**
     * User plus system CPU time of every live thread, in nanoseconds (clock ticks' resolution), summed by the name
     * Linux keeps for it (its first 15 characters); empty where /proc cannot be read (not Linux). Threads that have
     * ended are not counted: compare two readings only over threads that live through both.
     */
    public static Map<String, Long> byName() {
        Map<String, Long> nanos = new HashMap<>();
        try (Stream<Path> threads = Files.list(Path.of("/proc/self/task"))) {
            for (Path dir : (Iterable<Path>) threads::iterator) {
                String stat;
                try {
                    stat = Files.readString(dir.resolve("stat"));
                } catch (IOException gone) {
                    continue; // the thread ended since the listing
                }
                int open = stat.indexOf('('), close = stat.lastIndexOf(')');
                if (open < 0 || close < open) continue;
                // After the name: state is field 3, utime and stime fields 14 and 15.
                String[] f = stat.substring(close + 2).split(" ");
                long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
                nanos.merge(stat.substring(open + 1, close), ticks * 1_000_000_000L / CLOCK_TICKS, Long::sum);
            }
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
        return nanos;
    }
}
