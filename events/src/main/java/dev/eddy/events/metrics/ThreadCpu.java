package dev.eddy.events.metrics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * CPU time of this JVM's threads by name, read from Linux's /proc: the JVM's thread bean hides its JIT and GC
 * threads, and native threads (RocksDB's) are not Java threads at all. A process's CPU is spread over many threads;
 * this says which kind of work took it (request handling, logging, JIT, GC) without a profiler.
 *
 * <p>The totals never go down: a thread that has ended keeps, under its name, the CPU time it had when it was last
 * read (what it used after that is lost). Otherwise the end of a busy thread (an HTTP client's, once its client is
 * collected) would show as negative CPU between two readings.
 */
public final class ThreadCpu {

    /** USER_HZ: 100 on every Linux this runs on (the kernel's ABI, not its timer frequency). */
    private static final long CLOCK_TICKS = 100;

    private record Seen(String name, long nanos) {}

    private Map<Integer, Seen> live = new HashMap<>();
    private final Map<String, Long> ended = new HashMap<>();

    /**
     * User plus system CPU time of this JVM's threads, in nanoseconds (clock ticks' resolution), summed by the name
     * Linux keeps for a thread (its first 15 characters), ended threads included as said above; empty where /proc
     * cannot be read (not Linux).
     */
    public synchronized Map<String, Long> byName() {
        Map<Integer, Seen> now = read();
        if (now.isEmpty()) return Map.of();
        live.forEach((tid, seen) -> {
            Seen still = now.get(tid);
            // Gone, or its id reused by a thread of another name.
            if (still == null || !still.name().equals(seen.name())) ended.merge(seen.name(), seen.nanos(), Long::sum);
        });
        live = now;
        Map<String, Long> totals = new HashMap<>(ended);
        now.values().forEach(s -> totals.merge(s.name(), s.nanos(), Long::sum));
        return totals;
    }

    /** {@link #byName()} summed by the kind {@code kindOf} tells from each name. */
    public <K extends Enum<K>> EnumMap<K, Long> byKind(Class<K> kinds, Function<String, K> kindOf) {
        return group(byName(), kinds, kindOf);
    }

    /** CPU times by thread name, summed by the kind {@code kindOf} tells from each name. */
    public static <K extends Enum<K>> EnumMap<K, Long> group(Map<String, Long> byName, Class<K> kinds,
                                                            Function<String, K> kindOf) {
        EnumMap<K, Long> out = new EnumMap<>(kinds);
        byName.forEach((name, cpu) -> out.merge(kindOf.apply(name), cpu, Long::sum));
        return out;
    }

    private static Map<Integer, Seen> read() {
        Map<Integer, Seen> threads = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path dir : (Iterable<Path>) tasks::iterator) {
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
                threads.put(Integer.parseInt(dir.getFileName().toString()),
                        new Seen(stat.substring(open + 1, close), ticks * 1_000_000_000L / CLOCK_TICKS));
            }
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
        return threads;
    }
}
