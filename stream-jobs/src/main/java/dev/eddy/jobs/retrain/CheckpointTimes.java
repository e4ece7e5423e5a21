package dev.eddy.jobs.retrain;

import java.util.HashMap;
import java.util.Map;

/**
 * How long checkpoints took as the trainer saw them: from the barrier reaching the trainer
 * (prepareSnapshotPreBarrier) to the checkpoint's completion notice, split by whether a retrain was running at the
 * barrier. What the issue asks to show: that a running retrain does not hold checkpoints up for its duration.
 */
final class CheckpointTimes {
    private final Map<Long, long[]> open = new HashMap<>(); // id → {start ns, training 0/1}
    private long duringCount;
    private double duringMaxMs;
    private double duringSumMs;
    private double lastMs = Double.NaN;

    void barrier(long checkpointId, boolean training) {
        open.put(checkpointId, new long[] {System.nanoTime(), training ? 1 : 0});
    }

    void completed(long checkpointId) {
        // Subsumed checkpoints never complete; drop them.
        long[] s = open.remove(checkpointId);
        open.keySet().removeIf(id -> id < checkpointId);
        if (s == null) return;
        lastMs = (System.nanoTime() - s[0]) / 1e6;
        if (s[1] == 1) {
            duringCount++;
            duringSumMs += lastMs;
            duringMaxMs = Math.max(duringMaxMs, lastMs);
        }
    }

    /** The figures since the last reset, for a version's manifest; then starts over for the next retrain. */
    Map<String, Double> takeDuringTraining() {
        Map<String, Double> m = Map.of("checkpointsDuringTraining", (double) duringCount,
                "checkpointMaxMsDuringTraining", duringMaxMs,
                "checkpointMeanMsDuringTraining", duringCount == 0 ? 0.0 : duringSumMs / duringCount);
        duringCount = 0;
        duringMaxMs = 0;
        duringSumMs = 0;
        return m;
    }

    double lastMs() {
        return lastMs;
    }
}
