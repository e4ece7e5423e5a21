package dev.eddy.serving.warmup;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongSupplier;

/**
 * Whether the JIT has gone quiet: over the last {@code window} rounds of a warm-up, the JVM's compilers spent at most
 * {@code maxShare} of those rounds' wall time compiling. A flat CPU cost per request alone can be a plateau between
 * two tiers (C1 code waiting in C2's queue); a compiler that has nothing left to do means the hot path is in its final
 * form. A JVM that does not report compilation time counts as quiet.
 */
final class JitActivity {
    private final int window;
    private final double maxShare;
    private final LongSupplier compileMillis;
    private final Deque<long[]> rounds = new ArrayDeque<>();
    private long last;

    JitActivity(int window, double maxShare) {
        this(window, maxShare, compilerClock());
    }

    /** @param compileMillis total milliseconds the JVM has spent compiling so far, -1 if unknown */
    JitActivity(int window, double maxShare, LongSupplier compileMillis) {
        if (window < 1) throw new IllegalArgumentException("window must be >= 1, was " + window);
        this.window = window;
        this.maxShare = maxShare;
        this.compileMillis = compileMillis;
        this.last = compileMillis.getAsLong();
    }

    private static LongSupplier compilerClock() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        if (jit == null || !jit.isCompilationTimeMonitoringSupported()) return () -> -1;
        return jit::getTotalCompilationTime;
    }

    /** Records one round that took {@code wallNanos}. */
    void round(long wallNanos) {
        long now = compileMillis.getAsLong();
        rounds.addLast(new long[]{Math.max(0, now - last), wallNanos});
        last = now;
        if (rounds.size() > window) rounds.removeFirst();
    }

    boolean quiet() {
        if (maxShare >= 1 || last < 0) return true;
        if (rounds.size() < window) return false;
        long compiling = 0;
        long wall = 0;
        for (long[] r : rounds) {
            compiling += r[0];
            wall += r[1];
        }
        return compiling * 1_000_000.0 <= maxShare * wall;
    }
}
