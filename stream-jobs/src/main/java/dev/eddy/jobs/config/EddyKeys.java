package dev.eddy.jobs.config;

import dev.eddy.events.config.ConfigKey;
import dev.eddy.events.config.KafkaKeys;
import dev.eddy.recsys.train.TrainingConfig;
import org.apache.flink.configuration.MemorySize;

import java.time.Duration;
import java.util.List;

import static dev.eddy.events.config.ConfigKey.bool;
import static dev.eddy.events.config.ConfigKey.choice;
import static dev.eddy.events.config.ConfigKey.duration;
import static dev.eddy.events.config.ConfigKey.integer;
import static dev.eddy.events.config.ConfigKey.number;
import static dev.eddy.events.config.ConfigKey.string;

/** Every configuration key Eddy's jobs understand; docs/configuration.md lists the same. */
public final class EddyKeys {
    private EddyKeys() {}

    /** Where keyed timers live. */
    public enum TimerService { ROCKSDB, HEAP }

    /** How rewards of one decision combine into the example's reward. */
    public enum RewardAggregation { SUM, FIRST, MAX }

    public static final ConfigKey<Integer> PARALLELISM = integer("job.parallelism", 2, 1, 4096, "parallelism of the job");
    public static final ConfigKey<String> CHECKPOINT_DIR = string("checkpoint.dir", "file:///tmp/eddy/checkpoints",
            "where checkpoints go (file://, s3://, hdfs://...)");
    public static final ConfigKey<Duration> CHECKPOINT_INTERVAL = duration("checkpoint.interval", "5s",
            "checkpoint interval; exactly-once sinks commit at each checkpoint, so this is also the output latency");
    public static final ConfigKey<Boolean> CHECKPOINT_INCREMENTAL = bool("checkpoint.incremental", true,
            "incremental RocksDB checkpoints");
    public static final ConfigKey<TimerService> TIMER_SERVICE = choice("state.timer-service", TimerService.ROCKSDB,
            TimerService.class, "where keyed timers live: rocksdb (checkpointed incrementally and asynchronously with "
                    + "the state) or heap (cheaper to register and fire, but Flink writes every live timer "
                    + "synchronously at each checkpoint, which stalls jobs with many timers such as the join's "
                    + "dedup retention)");
    public static final ConfigKey<Boolean> BLOOM_FILTER = bool("state.rocksdb.bloom-filter", true,
            "RocksDB bloom filters (10 bits per key): a read of a key that is not there skips the files without it; "
            + "the join reads one such key per new decision");
    public static final ConfigKey<String> ROCKSDB_MEMORY_PER_SLOT = new ConfigKey<>("state.rocksdb.memory-per-slot", "",
            "memory RocksDB may use per task slot for its block cache and write buffers, e.g. 700mb (Flink's "
            + "state.backend.rocksdb.memory.fixed-per-slot); empty: the slot's share of Flink's managed memory",
            s -> s.isBlank() ? "" : MemorySize.parse(s.trim()).toString(), "empty or a memory size such as 512mb, 2gb");
    public static final ConfigKey<List<RocksDbCompression>> ROCKSDB_COMPRESSION = new ConfigKey<>(
            "state.rocksdb.compression", "none,none,lz4",
            "compression of RocksDB's files per level, from L0 (the last applies to every level below): none, lz4 or "
            + "snappy. Flushes and compactions compress, reads of a block not in the cache decompress. The default "
            + "leaves the two newest levels uncompressed, where the join's short-lived decisions are written and read "
            + "back, and compresses the rest with LZ4",
            RocksDbCompression::parseLevels, "a comma-separated list of none, lz4, snappy, one per level from L0");
    public static final ConfigKey<String> RESTORE_FROM = string("job.restore-from", "",
            "checkpoint or savepoint path to restore from (empty: start fresh)");

    public static final ConfigKey<Duration> JOIN_WINDOW = duration("join.window", "10m",
            "attribution window: rewards up to this long after the decision (event time) count");
    public static final ConfigKey<RewardAggregation> JOIN_AGGREGATION = choice("join.aggregation", RewardAggregation.SUM,
            RewardAggregation.class, "how several rewards of one decision combine");
    public static final ConfigKey<Double> JOIN_DEFAULT_REWARD = number("join.default-reward", 0.0,
            "reward of an example whose window closed without any reward");
    public static final ConfigKey<Duration> JOIN_DEDUP_RETENTION = duration("join.dedup-retention", "10m",
            "how long (wall-clock time) after its example went out a decision is remembered, to drop redelivered copies and "
            + "tell duplicates from late rewards; a late reward starts it again");
    public static final ConfigKey<Duration> JOIN_OUT_OF_ORDERNESS = duration("join.max-out-of-orderness", "5s",
            "how far event time may go backwards between records of one partition");
    public static final ConfigKey<Duration> JOIN_IDLENESS = duration("join.idleness", "30s",
            "a partition without records for this long stops holding the watermark back");

    public static final ConfigKey<String> LEARNER_MODELS = string("learner.models", "",
            "which learner each model name uses: NAME=LEARNER[:k=v,...] separated by ';', e.g. "
                    + "'prod=neufastcb:lr=0.05;variant-b=linucb:mode=shared,alpha=0.5' (learners: neufastcb, neusquarecb, "
                    + "squarecb-linear, epsilon-greedy, uniform, and linucb with mode=shared); a model name is the decision's variant, else its policy");
    public static final ConfigKey<String> LEARNER_DEFAULT = string("learner.default", "neufastcb",
            "learner (LEARNER[:k=v,...]) of model names that learner.models does not list, or 'none' to leave them unlearned (counted)");
    public static final ConfigKey<Integer> LEARNER_HASHING_BITS = integer("learner.hashing-bits", 10, 1, 30,
            "joint feature dimension 2^bits of every learner; NeuCB's first layer has 2^bits x width weights, so the snapshot grows with it");
    public static final ConfigKey<String> LEARNER_HASHING_CROSSES = string("learner.hashing-crosses", "",
            "namespace crosses of the joint features, comma separated, e.g. 'user:item', or '*:*' for every pair of "
                    + "namespaces (VW's -q ::)");
    public static final ConfigKey<Integer> LEARNER_SEED = integer("learner.seed", 42, 0, Integer.MAX_VALUE,
            "seed of every learner's initialisation and perturbations");
    public static final ConfigKey<Integer> LEARNER_PUBLISH_EVERY = integer("learner.publish-every-updates", 1000, 0,
            Integer.MAX_VALUE, "publish a model's new version after this many updates (0: only by time)");
    public static final ConfigKey<Duration> LEARNER_PUBLISH_INTERVAL = duration("learner.publish-interval", "1s",
            "publish a model that has new updates at most this long after its first unpublished update (0s: only by count)");
    public static final ConfigKey<Boolean> LEARNER_PUBLISH_ON_CHECKPOINT = bool("learner.publish-on-checkpoint", true,
            "also publish every model with unpublished updates just before each checkpoint, so that the versions a "
                    + "checkpoint makes visible hold every update before it");
    public static final ConfigKey<Integer> LEARNER_BLOCK_BYTES = integer("learner.block-bytes", 512 * 1024, 1024,
            700_000, "bytes of snapshot per model block record, a multiple of 4; base64 in JSON makes a record 4/3 "
                    + "as large, and it must stay below the producer's max.request.size (1 MiB)");

    public static final ConfigKey<String> LEARNER_SESSION_MODELS = string("learner.session-models", "",
            "models learned per session, not per example: NAME=POLICY[:k=v,...] separated by ';' (policies: "
                    + "ftrl-logbarrier, epsilon-greedy-q, linucb-per-step, uniform); their examples need a sessionId");
    public static final ConfigKey<Duration> LEARNER_SESSION_GAP = duration("learner.session-gap", "30m",
            "a session ends when no example of it came for this long (event time of the decisions)");
    public static final ConfigKey<Integer> LEARNER_SESSION_HORIZON = integer("learner.session-horizon", 10, 1, 1000,
            "H: steps of a session a session policy learns from (later steps are cut off)");
    public static final ConfigKey<Integer> LEARNER_SESSION_HASHING_BITS = integer("learner.session-hashing-bits", 4, 1, 10,
            "dimension 2^bits of the dense features of session policies (log-barrier FTRL keeps H x d x d matrices)");
    public static final ConfigKey<Integer> LEARNER_SESSION_EPISODES = integer("learner.session-episodes", 10_000, 1,
            Integer.MAX_VALUE, "K: the number of sessions the session policies' step-size schedules are set for");
    public static final ConfigKey<Duration> LEARNER_OUT_OF_ORDERNESS = duration("learner.max-out-of-orderness", "5s",
            "how far decision time may go backwards within a partition of the examples topic (session windows)");
    public static final ConfigKey<Duration> LEARNER_IDLENESS = duration("learner.idleness", "30s",
            "a partition of the examples topic without records for this long stops holding sessions open");

    public static final ConfigKey<String> RETRAIN_MODEL = string("retrain.model", "recs",
            "name of the recommender model the retrain job publishes (to eddy.models and the snapshot store)");
    public static final ConfigKey<Duration> RETRAIN_INTERVAL = duration("retrain.interval", "10m",
            "retrain at most this long (processing time) after the first interaction not yet trained on (0s: only by count)");
    public static final ConfigKey<Integer> RETRAIN_EVERY_INTERACTIONS = integer("retrain.every-interactions", 50_000, 0,
            Integer.MAX_VALUE, "retrain after this many new interactions (0: only by time)");
    public static final ConfigKey<Integer> RETRAIN_MIN_INTERACTIONS = integer("retrain.min-interactions", 100, 2,
            Integer.MAX_VALUE, "a retrain needs at least this many interactions in the training window");
    public static final ConfigKey<Integer> RETRAIN_HISTORY_MAX_ITEMS = integer("retrain.history-max-items", 200, 1,
            100_000, "items kept per user history (the most recent; a repeated item counts once)");
    public static final ConfigKey<Duration> RETRAIN_HISTORY_MAX_AGE = duration("retrain.history-max-age", "30d",
            "items older than this (event time, relative to the user's newest interaction) leave the user's history");
    public static final ConfigKey<Integer> RETRAIN_WINDOW_SIZE = integer("retrain.window-size", 1_000_000, 2,
            100_000_000, "training window: at most this many (user, item) interactions, from the most recently active users");
    public static final ConfigKey<String> RETRAIN_METHOD = string("retrain.method", "pld",
            "training method: bpr, pld, tce or rce (as eddy recsys-eval --method)");
    public static final ConfigKey<String> RETRAIN_BACKBONE = string("retrain.backbone", "mf", "model: mf or lightgcn");
    public static final ConfigKey<Integer> RETRAIN_EPOCHS = integer("retrain.epochs", TrainingConfig.DEFAULT_EPOCHS, 1,
            10_000, "most epochs of each retrain (warm-started from the current version); it stops earlier when "
                    + "validation Recall@20 stops improving (retrain.patience)");
    public static final ConfigKey<Integer> RETRAIN_WARMUP_EPOCHS = integer("retrain.warmup-epochs",
            TrainingConfig.DEFAULT_WARMUP_EPOCHS, 0, 10_000,
            "PLD: fewest warm-up epochs of plain BPR; the warm-up goes on until validation recall stops improving");
    public static final ConfigKey<Integer> RETRAIN_EVAL_EVERY = integer("retrain.eval-every", TrainingConfig.DEFAULT_EVAL_EVERY,
            1, 10_000, "validate every this many epochs (on each user's item before the held-out one)");
    public static final ConfigKey<Integer> RETRAIN_PATIENCE = integer("retrain.patience", TrainingConfig.DEFAULT_PATIENCE,
            0, 10_000, "stop a retrain after this many validations without improvement (0: never stop early)");
    public static final ConfigKey<Integer> RETRAIN_DIM = integer("retrain.dim", 64, 1, 4096, "embedding dimension");
    public static final ConfigKey<Integer> RETRAIN_BATCH_SIZE = integer("retrain.batch-size", TrainingConfig.DEFAULT_BATCH_SIZE,
            1, 1 << 20, "training batch size");
    public static final ConfigKey<Double> RETRAIN_LEARNING_RATE = number("retrain.learning-rate", 1e-3,
            "AdamW learning rate (> 0)");
    public static final ConfigKey<Integer> RETRAIN_SEED = integer("retrain.seed", 1, 0, Integer.MAX_VALUE,
            "seed of initialisation, sampling and PLD's draws");
    public static final ConfigKey<String> RETRAIN_DEVICE = string("retrain.device", "auto",
            "training device: auto (a GPU when DJL sees one), cpu, gpu or gpu:N");
    public static final ConfigKey<Double> RETRAIN_GATE_TOLERANCE = number("retrain.gate-tolerance", 0.01,
            "a new version is published only if its held-out Recall@20 is at least the current version's minus this "
                    + "(on the same held-out slice); negative values demand an improvement");
    public static final ConfigKey<Integer> RETRAIN_KEEP_VERSIONS = integer("retrain.keep-versions", 3, 1, 100,
            "accepted versions kept in Flink state besides the current one, for rollback");
    public static final ConfigKey<Duration> RETRAIN_FOLD_IN_INTERVAL = duration("retrain.fold-in-interval", "1s",
            "between retrains, publish folded-in vectors of new users (mean of their items' vectors) at most this often (0s: no fold-in)");
    public static final ConfigKey<Duration> RETRAIN_ITEM_FOLD_IN_INTERVAL = duration("retrain.item-fold-in-interval", "5m",
            "fold new items in (mean of their known adopters' vectors) with the fold-in round at most this often (0s: in every round); "
                    + "a version that adds items makes serving rebuild an ANN catalogue (above serving.ann-threshold items) in the background");
    public static final ConfigKey<String> RETRAIN_SNAPSHOT_DIR = string("retrain.snapshot-dir", "",
            "local directory of the RocksDB model-snapshot store that accepted versions are also written to (empty: none)");
    public static final ConfigKey<Integer> RETRAIN_BLOCK_BYTES = integer("retrain.block-bytes", 512 * 1024, 1024, 700_000,
            "bytes per embedding block record, a multiple of 4 (base64 makes a record 4/3 as large; below 1 MiB)");

    public static final ConfigKey<String> EXPERIMENTS_FILE = string("experiments.file", "",
            "the experiments YAML the experiments job measures (the file serving reads as serving.experiments-file, "
                    + "see deploy/serving/experiments.yaml); required by the experiments job");
    public static final ConfigKey<Duration> EXPERIMENTS_EMIT_EVERY = duration("experiments.emit-every", "5s",
            "results of an experiment are written for every such step of event time that has data (the watermark "
                    + "passing a multiple of it), and once more when the experiment ends");
    public static final ConfigKey<Duration> EXPERIMENTS_CUPED_LOOKBACK = duration("experiments.cuped-lookback", "14d",
            "CUPED covariate: a user's interactions in this long before their first exposure");
    public static final ConfigKey<Integer> EXPERIMENTS_HISTORY_SIZE = integer("experiments.history-size", 100, 0,
            100_000, "recent interactions kept per user (the newest within experiments.cuped-lookback) for the "
                    + "covariate; a user with more counts this many");
    public static final ConfigKey<Duration> EXPERIMENTS_OUT_OF_ORDERNESS = duration("experiments.max-out-of-orderness",
            "5s", "how far event time may go backwards within a partition of the decisions, examples or interactions topic");
    public static final ConfigKey<Duration> EXPERIMENTS_IDLENESS = duration("experiments.idleness", "30s",
            "a partition without records for this long stops holding the experiments job's watermark back");

    public static final List<ConfigKey<?>> KAFKA = KafkaKeys.ALL;
    public static final List<ConfigKey<?>> RUNTIME = List.of(PARALLELISM, CHECKPOINT_DIR, CHECKPOINT_INTERVAL,
            CHECKPOINT_INCREMENTAL, TIMER_SERVICE, BLOOM_FILTER, ROCKSDB_MEMORY_PER_SLOT, ROCKSDB_COMPRESSION,
            RESTORE_FROM);
    public static final List<ConfigKey<?>> JOIN = List.of(JOIN_WINDOW, JOIN_AGGREGATION, JOIN_DEFAULT_REWARD,
            JOIN_DEDUP_RETENTION, JOIN_OUT_OF_ORDERNESS, JOIN_IDLENESS);

    public static final List<ConfigKey<?>> LEARNER = List.of(LEARNER_MODELS, LEARNER_DEFAULT, LEARNER_HASHING_BITS,
            LEARNER_HASHING_CROSSES, LEARNER_SEED, LEARNER_PUBLISH_EVERY, LEARNER_PUBLISH_INTERVAL, LEARNER_PUBLISH_ON_CHECKPOINT, LEARNER_BLOCK_BYTES,
            LEARNER_SESSION_MODELS, LEARNER_SESSION_GAP, LEARNER_SESSION_HORIZON, LEARNER_SESSION_HASHING_BITS,
            LEARNER_SESSION_EPISODES, LEARNER_OUT_OF_ORDERNESS, LEARNER_IDLENESS);

    public static final List<ConfigKey<?>> RETRAIN = List.of(RETRAIN_MODEL, RETRAIN_INTERVAL, RETRAIN_EVERY_INTERACTIONS,
            RETRAIN_MIN_INTERACTIONS, RETRAIN_HISTORY_MAX_ITEMS, RETRAIN_HISTORY_MAX_AGE, RETRAIN_WINDOW_SIZE,
            RETRAIN_METHOD, RETRAIN_BACKBONE, RETRAIN_EPOCHS, RETRAIN_WARMUP_EPOCHS, RETRAIN_EVAL_EVERY, RETRAIN_PATIENCE,
            RETRAIN_DIM, RETRAIN_BATCH_SIZE,
            RETRAIN_LEARNING_RATE, RETRAIN_SEED, RETRAIN_DEVICE, RETRAIN_GATE_TOLERANCE, RETRAIN_KEEP_VERSIONS,
            RETRAIN_FOLD_IN_INTERVAL, RETRAIN_ITEM_FOLD_IN_INTERVAL, RETRAIN_SNAPSHOT_DIR, RETRAIN_BLOCK_BYTES);

    public static final List<ConfigKey<?>> EXPERIMENTS = List.of(EXPERIMENTS_FILE, EXPERIMENTS_EMIT_EVERY,
            EXPERIMENTS_CUPED_LOOKBACK, EXPERIMENTS_HISTORY_SIZE, EXPERIMENTS_OUT_OF_ORDERNESS, EXPERIMENTS_IDLENESS);

    /**
     * Every key of the jobs (Kafka, topics, runtime, join, learner, retrain, experiments); serving has its own
     * (ServingKeys).
     */
    public static List<ConfigKey<?>> all() {
        return java.util.stream.Stream.of(KAFKA, RUNTIME, JOIN, LEARNER, RETRAIN, EXPERIMENTS).flatMap(List::stream)
                .toList();
    }

}
