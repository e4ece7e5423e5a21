package dev.eddy.serving.retrieval;

/**
 * Keeps a background build on the calling thread to about {@code cpuShare} of one core: after each step the caller
 * reports, it sleeps in proportion to the time it has been busy since the last pause. A rebuild behind a version
 * that is already served must not take the cores requests need. A share of 1 never sleeps.
 */
final class Pacer {
    private static final long PAUSE_EVERY_NANOS = 2_000_000;
    private final double cpuShare;
    private long busySince = System.nanoTime();

    Pacer(double cpuShare) {
        if (!(cpuShare > 0 && cpuShare <= 1)) throw new IllegalArgumentException("cpuShare must be in (0, 1], was " + cpuShare);
        this.cpuShare = cpuShare;
    }

    /** Whether this pacer ever pauses (a share below one core). */
    boolean paced() {
        return cpuShare < 1;
    }

    /** Called between small steps of the build; pauses once at least 2 ms of work have been done since the last. */
    void step() {
        if (cpuShare >= 1) return;
        long busy = System.nanoTime() - busySince;
        if (busy < PAUSE_EVERY_NANOS) return;
        long pause = (long) (busy * (1 - cpuShare) / cpuShare);
        try {
            Thread.sleep(pause / 1_000_000, (int) (pause % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("index build interrupted", e);
        }
        busySince = System.nanoTime();
    }
}
