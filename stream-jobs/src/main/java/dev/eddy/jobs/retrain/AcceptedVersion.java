package dev.eddy.jobs.retrain;

/**
 * An accepted (published) trained version in the trainer's RocksDB state: the current one and the last
 * {@code retrain.keep-versions} before it, each with its held-out metrics, for rollback and warm starts. A rollback
 * keeps the version it made here as well: a copy of the version it went back to, under its new number.
 *
 * <p>Fields added after the first release ({@code trainedVersion}, {@code rolledBackFrom}, {@code dataFrom},
 * {@code dataTo}, {@code trainingConfig}) are 0 or null in versions restored from older checkpoints (Flink's POJO
 * serializer migrates the state); the methods below read them with that in mind.
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
    /** The retrain whose training made these tables (this version, or for a rollback the retrain it went back to). */
    public long trainedVersion;
    /** For a rollback: the kept version whose tables it republished; 0 for a retrain. */
    public long rolledBackFrom;
    /** Event-time range of the training data, epoch ms; 0 when not known. */
    public long dataFrom;
    public long dataTo;
    /** The training configuration ({@code TrainingConfig.asMap}) as a JSON object of strings; null when not known. */
    public String trainingConfig;

    public AcceptedVersion() {}

    ModelTables scoring() {
        return representations == null ? parameters : representations;
    }

    /** The retrain these tables come from (older state did not record it: then this version is that retrain). */
    long trainedFrom() {
        return trainedVersion == 0 ? version : trainedVersion;
    }

    /** This version's tables and held-out metrics again, as version {@code newVersion}: what a rollback keeps. */
    AcceptedVersion republishedAs(long newVersion, long now) {
        AcceptedVersion v = new AcceptedVersion();
        v.version = newVersion;
        v.createdAt = now;
        v.recall = recall;
        v.ndcg = ndcg;
        v.holdoutUsers = holdoutUsers;
        v.interactions = interactions;
        // Shared, not copied: state tables are never changed in place (a new version always brings new arrays).
        v.parameters = parameters;
        v.representations = representations;
        v.trainedVersion = trainedFrom();
        v.rolledBackFrom = version;
        v.dataFrom = dataFrom;
        v.dataTo = dataTo;
        v.trainingConfig = trainingConfig;
        return v;
    }
}
