package dev.eddy.tools.bench;

import dev.eddy.events.metrics.ThreadCpu;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.EnumMap;

/** CPU time of this JVM and of the calling thread, in nanoseconds: what the shared machine's load does not inflate. */
final class ProcessCpu {
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final ThreadCpu BY_THREAD = new ThreadCpu();

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
     * CPU time of this JVM's threads by {@link ThreadKind}, read from Linux's /proc (the JVM's thread bean hides the
     * JIT and GC threads, and RocksDB's are not Java threads), in clock ticks' resolution; empty where /proc cannot be
     * read. A short benchmark's "steady" part can still be mostly JIT work, which a long-running job pays once, and a
     * job's CPU is spread over several threads: this says where a figure's time went.
     */
    static EnumMap<ThreadKind, Long> byKind() {
        return BY_THREAD.byKind(ThreadKind.class, ThreadKind::of);
    }

    /**
     * What a thread of a benchmarked job does, told from the name Linux keeps for it (its first 15 characters): the
     * operator chain of a Flink task, Kafka's client threads, RocksDB's background threads, the JVM's own.
     */
    enum ThreadKind {
        JOIN_TASK("join task (state, timers, example sink)"),
        SOURCE_TASK("source task (parse; the passthrough's sink)"),
        KAFKA_FETCH("Kafka fetcher"),
        KAFKA_SEND("Kafka producer I/O"),
        ROCKSDB("RocksDB background and checkpoint upload"),
        JIT("JIT compiler"),
        GC("GC and VM"),
        MAIN("launcher and bench reader"),
        OTHER("other (Flink runtime, dead-letter sink)");

        final String label;

        ThreadKind(String label) {
            this.label = label;
        }

        static ThreadKind of(String name) {
            if (name.startsWith("join")) return JOIN_TASK;
            if (name.startsWith("Source: ")) return SOURCE_TASK;
            if (name.startsWith("Source Data Fet")) return KAFKA_FETCH;
            if (name.startsWith("kafka-producer")) return KAFKA_SEND;
            if (name.startsWith("rocksdb") || name.startsWith("Flink-RocksDB") || name.startsWith("AsyncOperations")) {
                return ROCKSDB;
            }
            if (name.contains("CompilerThre")) return JIT;
            if (name.startsWith("GC Thread") || name.startsWith("G1 ") || name.equals("VM Thread")) return GC;
            if (name.equals("java")) return MAIN;
            return OTHER;
        }
    }

}
