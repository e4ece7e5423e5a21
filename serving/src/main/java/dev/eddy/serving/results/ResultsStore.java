package dev.eddy.serving.results;

import dev.eddy.events.event.ExperimentResults;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Per experiment, the newest read-out of the experiments job and a bounded history of them ({@link ThinnedHistory}),
 * in the order they arrived. Written by the {@link ExperimentResultsFollower}'s thread, read by requests.
 */
public final class ResultsStore {
    private final int historyCapacity;
    private final Map<String, ThinnedHistory<ExperimentResults>> byExperiment = new HashMap<>();

    /** @param historyCapacity the most read-outs kept per experiment (serving.results-history), at least 2 */
    public ResultsStore(int historyCapacity) {
        if (historyCapacity < 2) throw new IllegalArgumentException("results history must be >= 2, was " + historyCapacity);
        this.historyCapacity = historyCapacity;
    }

    /** One experiment's read-outs as of one moment. */
    public record Snapshot(ExperimentResults latest, List<ExperimentResults> history, long readOuts) {}

    public synchronized void accept(ExperimentResults r) {
        byExperiment.computeIfAbsent(r.experimentId(), id -> new ThinnedHistory<>(historyCapacity)).add(r);
    }

    /** Drops an experiment's read-outs (a tombstone on the compacted topic deleted them). */
    public synchronized void forget(String experimentId) {
        byExperiment.remove(experimentId);
    }

    public synchronized Optional<Snapshot> get(String experimentId) {
        ThinnedHistory<ExperimentResults> h = byExperiment.get(experimentId);
        return h == null ? Optional.empty() : Optional.of(new Snapshot(h.newest(), h.items(), h.added()));
    }

    /** Experiments with read-outs. */
    public synchronized int experiments() {
        return byExperiment.size();
    }
}
