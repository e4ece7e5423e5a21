package dev.eddy.jobs.retrain;

/**
 * An accepted (published) trained version in the trainer's RocksDB state: the current one and the last
 * {@code retrain.keep-versions} before it, each with its held-out metrics, for rollback and warm starts.
 */
public class AcceptedVersion {
    public long version;
    public long createdAt;
    public double recall;
    public double ndcg;
    public int holdoutUsers;
    public long interactions;
    /** Layer-0 parameters: what the next retrain warm-starts from. */
    public ModelTables parameters;
    /** Scoring tables when they differ from the parameters (LightGCN); null for MF. */
    public ModelTables representations;

    public AcceptedVersion() {}

    ModelTables scoring() {
        return representations == null ? parameters : representations;
    }
}
