package dev.eddy.jobs.retrain;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

import java.util.function.BooleanSupplier;
import java.util.function.DoubleSupplier;

/** The trainer's metrics (group {@code retrain}): what it did, counted, and what it is doing, as gauges. */
final class RetrainMetrics {
    final Counter retrains;
    final Counter rejections;
    final Counter published;
    final Counter foldedUsers;
    final Counter foldedItems;
    final Counter failures;
    final Counter rollbacks;
    final Counter rollbacksRefused;
    private volatile double lastRetrainSeconds;

    /**
     * @param training         whether a retrain is running now
     * @param lastCheckpointMs how long the trainer's last completed checkpoint took
     */
    RetrainMetrics(MetricGroup operator, BooleanSupplier training, DoubleSupplier lastCheckpointMs) {
        MetricGroup g = operator.addGroup("retrain");
        retrains = g.counter("retrains");
        rejections = g.counter("rejections");
        published = g.counter("versionsPublished");
        foldedUsers = g.counter("foldedInUsers");
        foldedItems = g.counter("foldedInItems");
        failures = g.counter("failures");
        rollbacks = g.counter("rollbacks");
        rollbacksRefused = g.counter("rollbacksRefused");
        g.gauge("lastRetrainSeconds", () -> lastRetrainSeconds);
        g.gauge("training", () -> training.getAsBoolean() ? 1 : 0);
        g.gauge("lastCheckpointMs", () -> lastCheckpointMs.getAsDouble());
    }

    void lastRetrainSeconds(double seconds) {
        lastRetrainSeconds = seconds;
    }
}
