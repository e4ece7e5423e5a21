package dev.eddy.tools.bench.load;

/**
 * Latency of the requests whose scheduled start fell into one interval of the measured run (so a slow spell is
 * charged to when it began, not to when its requests finally completed).
 *
 * @param startSeconds     offset of the interval from the start of the measured run
 * @param startEpochMillis the same instant in wall-clock time, to line up with e.g. when a model was published
 * @param failed           non-2xx answers, errors and timeouts among them
 */
public record Interval(double startSeconds, long startEpochMillis, long count, double p50, double p99, double max,
                       long failed) {}
