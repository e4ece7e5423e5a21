package dev.eddy.jobs.retrain;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How long checkpoints took as the trainer saw them: from the barrier reaching the trainer
 * (prepareSnapshotPreBarrier) to the checkpoint's completion notice, split by whether a retrain was running at the
 * barrier. What the issue asks to show: that a running retrain does not hold checkpoints up for its duration (the
 * checkpoints outside retrains are the comparison).
 */
final class CheckpointTimes {
    private final Map<Long, long[]> open = new HashMap<>(); // id → {start ns, training 0/1}
    private final Stats during = new Stats();
    private final Stats outside = new Stats();
    private double lastMs = Double.NaN;

    private static final class Stats {
        long count;
        double sumMs;
        double maxMs;

        void add(double ms) {
            count++;
            sumMs += ms;
            maxMs = Math.max(maxMs, ms);
        }

        void put(Map<String, Double> m, String suffix) {
            m.put("checkpoints" + suffix, (double) count);
            m.put("checkpointMeanMs" + suffix, count == 0 ? 0.0 : sumMs / count);
            m.put("checkpointMaxMs" + suffix, maxMs);
            count = 0;
            sumMs = 0;
            maxMs = 0;
        }
    }

    void barrier(long checkpointId, boolean training) {
        open.put(checkpointId, new long[] {System.nanoTime(), training ? 1 : 0});
    }

    void completed(long checkpointId) {
        // Subsumed checkpoints never complete; drop them.
        long[] s = open.remove(checkpointId);
        open.keySet().removeIf(id -> id < checkpointId);
        if (s == null) return;
        lastMs = (System.nanoTime() - s[0]) / 1e6;
        (s[1] == 1 ? during : outside).add(lastMs);
    }

    /** The figures since the last call, for a version's manifest; then both start over. */
    Map<String, Double> take() {
        Map<String, Double> m = new LinkedHashMap<>();
        during.put(m, "DuringTraining");
        outside.put(m, "OutsideTraining");
        return m;
    }

    double lastMs() {
        return lastMs;
    }
}
