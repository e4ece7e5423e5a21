package dev.eddy.serving.warmup;

import javax.management.JMException;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * How much work C2 has left: the methods it is compiling now and those in its queue, read from HotSpot's
 * {@code Compiler.queue} diagnostic command (what {@code jcmd PID Compiler.queue} prints) through the platform MBean
 * server. Compilation time alone, the other signal ({@link JitActivity}), counts a compilation only once it has
 * finished: on a busy machine one long compilation in progress looks like a quiet compiler, and the methods queued
 * behind it were compiled beside the first real requests (3.6 of 20.9 s of C2 time in the first 30 s after ready
 * went to methods that had been compiled by C2 before, the rest to Jetty's request path seen for the first time).
 */
final class CompileQueue {
    private static final String DIAGNOSTIC_COMMAND = "com.sun.management:type=DiagnosticCommand";

    private CompileQueue() {}

    /** C2's backlog now, -1 when this JVM does not say. */
    static int c2Backlog() {
        try {
            Object out = ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName(DIAGNOSTIC_COMMAND),
                    "compilerQueue", new Object[]{null}, new String[]{String[].class.getName()});
            return out instanceof String s ? c2Backlog(s) : -1;
        } catch (JMException | RuntimeException e) {
            return -1;
        }
    }

    /** C2's backlog in {@code Compiler.queue}'s output: its compiler threads' current compiles and its queue. */
    static int c2Backlog(String queue) {
        int backlog = 0;
        String section = "";
        for (String line : queue.split("\n")) {
            String l = line.strip();
            if (l.isEmpty()) continue;
            if (l.endsWith(":")) {
                section = l;
            } else if (section.startsWith("Current compiles")) {
                if (l.startsWith("C2 ")) backlog++;
            } else if (section.startsWith("C2 compile queue") && !l.equals("Empty")) {
                backlog++;
            }
        }
        return backlog;
    }

    /**
     * Sends nothing and waits until C2 has had nothing left to do at two looks {@code every} apart, or {@code limit}
     * has passed; true if it had. A JVM that does not say counts as done.
     */
    static boolean awaitDrained(Duration every, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        int emptyLooks = 0;
        while (true) {
            int backlog = c2Backlog();
            if (backlog <= 0) emptyLooks++;
            else emptyLooks = 0;
            if (backlog < 0 || emptyLooks >= 2) return true;
            if (System.nanoTime() >= deadline) return false;
            TimeUnit.NANOSECONDS.sleep(every.toNanos());
        }
    }
}
