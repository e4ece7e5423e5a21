package dev.eddy.tools.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

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
}
