package dev.eddy.tools.demo;

import java.util.Random;
import java.util.SplittableRandom;

/**
 * The random source of one simulated request, seeded by the run's seed and the request's number so that a run does
 * not depend on thread timing. The two are mixed (SplitMix64) before they seed {@link Random}: java.util.Random's
 * first draws from consecutive seeds are strongly correlated, so seeding it with {@code seed * c + n} directly made
 * whole runs without a single malformed request (seed 2) and tied the users' order to the request number.
 */
final class PerRequestRandom {
    private PerRequestRandom() {
    }

    /** {@code stream} keeps two kinds of traffic of one run (single requests, sessions) apart. */
    static Random of(long seed, long stream, long n) {
        long runKey = new SplittableRandom(seed * 31 + stream).nextLong();
        return new Random(new SplittableRandom(runKey + n).nextLong());
    }
}
