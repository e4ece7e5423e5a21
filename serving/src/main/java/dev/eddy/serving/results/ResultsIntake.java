package dev.eddy.serving.results;

import dev.eddy.events.event.ExperimentResults;
import dev.eddy.events.json.EventJson;
import dev.eddy.events.json.InvalidEventException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What a record of the experiments topic does to the {@link ResultsStore}: a valid read-out is stored, a tombstone
 * (null value) forgets the experiment's read-outs, anything else is counted and skipped. Only the first record
 * skipped is logged, with its reason: a job writing a format serving cannot read would otherwise log a line every
 * few seconds per experiment; the count is a metric.
 */
final class ResultsIntake {
    private static final Logger LOG = LoggerFactory.getLogger(ResultsIntake.class);

    private final ResultsStore store;
    private final AtomicLong readOuts = new AtomicLong();
    private final AtomicLong unreadable = new AtomicLong();

    ResultsIntake(ResultsStore store) {
        this.store = store;
    }

    /**
     * @param key   the record's key (the experiment id), may be null
     * @param value the record's value; null for a tombstone
     * @param where where the record is, for the log (topic-partition/offset)
     */
    void accept(String key, byte[] value, String where) {
        if (value == null) {
            if (key != null) store.forget(key);
            return;
        }
        try {
            ExperimentResults results = EventJson.parseExperimentResults(value);
            store.accept(results);
            readOuts.incrementAndGet();
        } catch (InvalidEventException | RuntimeException e) {
            // Not only InvalidEventException: nothing a producer writes may stop the follower.
            if (unreadable.incrementAndGet() == 1) {
                LOG.warn("experiments record {} at {} is not a valid read-out, skipped; further ones are only counted "
                        + "(eddy_experiments_results_unreadable): {}", key, where, e.getMessage());
            }
        }
    }

    long readOuts() {
        return readOuts.get();
    }

    long unreadable() {
        return unreadable.get();
    }
}
