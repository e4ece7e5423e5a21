package dev.eddy.recsys.train;

import java.util.concurrent.locks.ReentrantLock;

/**
 * Serializes training in this JVM: DJL's PyTorch engine keeps one autograd recording state per process, so two
 * trainings at once would record into each other's graphs. Inside Flink, DJL and recsys sit on the parent
 * classpath (house plan), so this class, and its lock, exists once per JVM there as well.
 */
public final class TrainingLock {
    private static final ReentrantLock LOCK = new ReentrantLock(true);

    private TrainingLock() {}

    static ReentrantLock lock() {
        return LOCK;
    }

    /** Whether a training holds the lock now (for monitoring and tests). */
    public static boolean isTraining() {
        return LOCK.isLocked();
    }
}
