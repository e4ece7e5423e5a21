package dev.eddy.jobs.retrain;

import dev.eddy.recsys.lifecycle.KeptVersion;

/**
 * An accepted (published) trained version in the trainer's RocksDB state (see {@link KeptVersion}, which is what
 * the lifecycle works with): the current one and the last {@code retrain.keep-versions} before it, each with its
 * held-out metrics, for rollback and warm starts. A rollback keeps the version it made here as well: a copy of the
 * version it went back to, under its new number.
 *
 * <p>A Flink POJO: its class name and fields are in checkpoints. Fields added after the first release
 * ({@code trainedVersion}, {@code rolledBackFrom}, {@code dataFrom}, {@code dataTo}, {@code trainingConfig}) are 0
 * or null in versions restored from older checkpoints (Flink's POJO serializer migrates the state);
 * {@link KeptVersion} reads them with that in mind.
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

    /** The state form of a kept version (tables shared, not copied). */
    static AcceptedVersion of(KeptVersion k) {
        AcceptedVersion v = new AcceptedVersion();
        v.version = k.version();
        v.createdAt = k.createdAt();
        v.recall = k.recall();
        v.ndcg = k.ndcg();
        v.holdoutUsers = k.holdoutUsers();
        v.interactions = k.interactions();
        v.parameters = ModelTables.of(k.parameters());
        v.representations = k.representations() == null ? null : ModelTables.of(k.representations());
        v.trainedVersion = k.trainedVersion();
        v.rolledBackFrom = k.rolledBackFrom();
        v.dataFrom = k.dataFrom();
        v.dataTo = k.dataTo();
        v.trainingConfig = k.trainingConfig();
        return v;
    }

    /** This version as the lifecycle keeps it (tables shared, not copied; unrecorded fields as they are). */
    KeptVersion kept() {
        return new KeptVersion(version, createdAt, recall, ndcg, holdoutUsers, interactions, parameters.idTables(),
                representations == null ? null : representations.idTables(), trainedVersion, rolledBackFrom, dataFrom,
                dataTo, trainingConfig);
    }
}
