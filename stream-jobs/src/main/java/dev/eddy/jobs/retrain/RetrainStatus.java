package dev.eddy.jobs.retrain;

/** The trainer's counters and flags in RocksDB state (one per model). A Flink POJO. */
public class RetrainStatus {
    /** Last version number published to eddy.models (retrains and fold-ins share one sequence). */
    public long lastVersion;
    /** The current accepted trained version (0: none yet). */
    public long currentVersion;
    public long retrains;
    public long rejections;
    /** New interactions (history changes) since the last retrain started. */
    public long sinceRetrain;
    /**
     * A retrain was running when this state was written. Its result is not in the state (it was not done): after a
     * restore from such a checkpoint the trainer starts the retrain again, on the restored window.
     */
    public boolean inFlight;
    /** Users waiting for a fold-in publication (written before each checkpoint barrier). */
    public String[] foldInPending = new String[0];
    /**
     * Items waiting for a fold-in publication (written before each checkpoint barrier). Added after the first
     * release: Flink's POJO serializer restores older state with this default (RetrainOperatorTest restores one).
     */
    public String[] foldInPendingItems = new String[0];

    public RetrainStatus() {}
}
