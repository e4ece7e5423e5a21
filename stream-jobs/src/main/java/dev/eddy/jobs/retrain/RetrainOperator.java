package dev.eddy.jobs.retrain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.eddy.events.event.ControlCommand;
import dev.eddy.events.event.DeadLetter;
import dev.eddy.events.json.EventJson;
import dev.eddy.jobs.join.KeyedBytes;
import dev.eddy.jobs.runtime.PublishedVersions;
import dev.eddy.recsys.snapshot.ModelSnapshotStore;
import dev.eddy.recsys.train.Backbone;
import dev.eddy.recsys.train.TrainedModel;
import dev.eddy.recsys.train.TrainingConfig;
import dev.eddy.recsys.train.WarmStart;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The trainer (parallelism 1, keyed by the model name so that its state is keyed RocksDB state): keeps the training
 * window, retrains asynchronously on a schedule, gates, publishes deltas, folds new users and items in between
 * retrains.
 *
 * <p><b>State</b> (RocksDB, keyed by model): the window's users ({@code MapState}, mirrored from an in-memory
 * {@link TrainingWindow} before each barrier, only changed users, like the learner job's flush), the
 * {@link RetrainStatus}, the accepted versions ({@code MapState} version → {@link AcceptedVersion}, current + last N)
 * and the published scoring tables (the base of the next delta). The retrain interval timer is a keyed RocksDB timer.
 *
 * <p><b>Asynchronous training and checkpoints.</b> A retrain copies what it needs on the task thread (the window's
 * entries, whose arrays are never mutated, the warm start, the published tables) and runs on a single executor
 * thread; the task thread goes on processing records and checkpoints meanwhile (the trainer's state does not
 * include the running training). A processing-time callback (run in the task's mailbox, so on the task thread) polls
 * the future and applies the result: gate, version, state, output — all between two records, so a checkpoint sees
 * either none or all of it. A checkpoint taken while a retrain runs records {@code inFlight=true}; after a restore
 * from it the trainer starts the retrain again on the restored window (the same data, so with a fixed seed the same
 * model, up to interactions that arrived after the checkpoint). When the operator closes, the running training is
 * cancelled at its next step (the TrainingLock is released in the trainer's finally).
 *
 * <p><b>Rollback</b> (second input: commands of the control topic for this model, keyed by it). A rollback to a
 * kept version V publishes a new version whose scoring tables are V's, as a delta on the published tables, with V's
 * held-out metrics; it becomes the current accepted version (warm start and gate base of the next retrain). Applied
 * on the task thread between two records, like a retrain's result, so a checkpoint has all of it or none. A retrain
 * running at that moment was warm-started from, and will be gated against, a version that is no longer current: it
 * is cancelled and its result discarded, and the state no longer records it as running (a restore does not start
 * it again). A command the trainer cannot carry out goes to the dead letters (side output {@link #DEAD_LETTERS}).
 * Checkpoints of the one-input trainer that came before restore into it: same uid, same state (the fields added to
 * {@link AcceptedVersion} since are migrated by Flink's POJO serializer; RetrainOperatorTest restores one).
 */
final class RetrainOperator extends AbstractStreamOperator<KeyedBytes>
        implements TwoInputStreamOperator<HistoryUpdate, ControlInput, KeyedBytes>, Triggerable<String, VoidNamespace> {
    private static final Logger LOG = LoggerFactory.getLogger(RetrainOperator.class);
    private static final long POLL_MS = 100;
    static final String ROLLBACK_STAGE = "retrain/rollback";
    /** Commands the trainer could not carry out, as dead-letter JSON. */
    static final OutputTag<KeyedBytes> DEAD_LETTERS = new OutputTag<>("retrain-control-dead-letters",
            TypeInformation.of(KeyedBytes.class));

    private final RetrainSettings settings;
    private final PublishedVersions publishedVersions;

    private transient MapState<String, WindowUser> windowState;
    private transient ValueState<RetrainStatus> statusState;
    private transient MapState<Long, AcceptedVersion> versionsState;
    private transient ValueState<ModelTables> publishedState;
    private transient InternalTimerService<VoidNamespace> timers;

    // Live copies of the state, loaded in open() with the model's key set.
    private transient TrainingWindow window;
    private transient RetrainStatus status;
    private transient Set<String> foldInPending;
    private transient Set<String> foldInPendingItems;
    private transient boolean intervalTimerSet;
    private transient boolean foldInScheduled;
    /** Processing time of the last fold-in round that took items (not state: after a restore items may go at once). */
    private transient long lastItemFoldIn;

    private transient ExecutorService executor;
    private transient Future<RetrainOutcome> inFlight;
    private transient AtomicBoolean cancel;
    /** The running retrain's base was replaced by a rollback: its result is not applied. */
    private transient boolean discardInFlight;
    private transient CheckpointTimes checkpoints;
    private transient ModelSnapshotStore store;

    private transient Counter retrains;
    private transient Counter rejections;
    private transient Counter published;
    private transient Counter foldedUsers;
    private transient Counter foldedItems;
    private transient Counter failures;
    private transient Counter rollbacks;
    private transient Counter rollbacksRefused;
    private transient volatile double lastRetrainSeconds;

    RetrainOperator(RetrainSettings settings, PublishedVersions publishedVersions) {
        this.settings = settings;
        this.publishedVersions = publishedVersions;
    }

    @Override
    public void open() throws Exception {
        super.open();
        windowState = getPartitionedState(new MapStateDescriptor<>("window", Types.STRING, TypeInformation.of(WindowUser.class)));
        statusState = getPartitionedState(new ValueStateDescriptor<>("status", TypeInformation.of(RetrainStatus.class)));
        versionsState = getPartitionedState(new MapStateDescriptor<>("versions", Types.LONG, TypeInformation.of(AcceptedVersion.class)));
        publishedState = getPartitionedState(new ValueStateDescriptor<>("published", TypeInformation.of(ModelTables.class)));
        timers = getInternalTimerService("retrain", VoidNamespaceSerializer.INSTANCE, this);
        ClassLoader userCode = getRuntimeContext().getUserCodeClassLoader();
        executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "eddy-retrain-" + settings.model());
            t.setDaemon(true);
            t.setContextClassLoader(userCode);
            return t;
        });
        cancel = new AtomicBoolean();
        lastItemFoldIn = Long.MIN_VALUE / 2;
        checkpoints = new CheckpointTimes();
        if (!settings.snapshotDir().isBlank()) {
            store = ModelSnapshotStore.open(Path.of(settings.snapshotDir()), settings.keepVersions() + 1);
        }
        var metrics = getRuntimeContext().getMetricGroup().addGroup("retrain");
        retrains = metrics.counter("retrains");
        rejections = metrics.counter("rejections");
        published = metrics.counter("versionsPublished");
        foldedUsers = metrics.counter("foldedInUsers");
        foldedItems = metrics.counter("foldedInItems");
        failures = metrics.counter("failures");
        rollbacks = metrics.counter("rollbacks");
        rollbacksRefused = metrics.counter("rollbacksRefused");
        metrics.gauge("lastRetrainSeconds", () -> lastRetrainSeconds);
        metrics.gauge("training", () -> inFlight != null ? 1 : 0);
        metrics.gauge("lastCheckpointMs", () -> checkpoints.lastMs());
        // The trainer owns its one key (parallelism and max parallelism 1), so it can load at once: a retrain that
        // was running at the restored checkpoint starts again now, not only when the next interaction comes.
        load();
    }

    private void load() throws Exception {
        if (window != null) return;
        setCurrentKey(settings.model());
        Map<String, WindowUser> entries = new HashMap<>();
        for (var e : windowState.entries()) entries.put(e.getKey(), e.getValue());
        window = TrainingWindow.restore(settings.windowSize(), entries);
        status = statusState.value();
        if (status == null) {
            status = new RetrainStatus();
            // No state (a fresh start without a checkpoint): continue above what earlier runs published, so that
            // versions keep increasing and their keys do not overwrite older parts. The first version is then full.
            status.lastVersion = publishedVersions.highest().getOrDefault(settings.model(), 0L);
            if (status.lastVersion > 0) {
                LOG.info("{} starts without state: its versions continue above {}", settings.model(), status.lastVersion);
            }
        }
        foldInPending = new LinkedHashSet<>(List.of(status.foldInPending));
        // State written before items were folded in has no such field: the POJO serializer leaves the default, and
        // null is read as none all the same.
        foldInPendingItems = new LinkedHashSet<>(status.foldInPendingItems == null ? List.of() : List.of(status.foldInPendingItems));
        if (status.inFlight) {
            LOG.info("retrain of {} was running at the restored checkpoint: starting it again on the restored window", settings.model());
            startRetrain();
        }
        scheduleFoldIn();
    }

    @Override
    public void processElement1(StreamRecord<HistoryUpdate> element) throws Exception {
        load();
        HistoryUpdate u = element.getValue();
        window.update(u);
        status.sinceRetrain++;
        if (positive(settings.foldInInterval())) {
            boolean queued = false;
            if (!publishedUsers().contains(u.userId)) queued = foldInPending.add(u.userId);
            queued |= queueNewItems(u.items);
            if (queued) scheduleFoldIn();
        }
        maybeRetrain();
    }

    /**
     * Queues for fold-in the items that the published tables lack. Nothing is queued before the first publication:
     * there are no tables to fold into, and the first retrain trains on every item of the window.
     */
    private boolean queueNewItems(String[] items) throws Exception {
        Set<String> known = publishedItems();
        if (known == null) return false;
        boolean queued = false;
        for (String item : items) if (!known.contains(item)) queued |= foldInPendingItems.add(item);
        return queued;
    }

    private transient Set<String> publishedUsers;

    private Set<String> publishedUsers() throws Exception {
        if (publishedUsers == null) {
            ModelTables p = publishedState.value();
            publishedUsers = p == null ? Set.of() : Set.of(p.userIds);
        }
        return publishedUsers;
    }

    private transient Set<String> publishedItems;

    /** The published tables' items; null when nothing was published. */
    private Set<String> publishedItems() throws Exception {
        if (publishedItems == null) {
            ModelTables p = publishedState.value();
            if (p != null) publishedItems = Set.of(p.itemIds);
        }
        return publishedItems;
    }

    private void maybeRetrain() throws Exception {
        if (inFlight != null || status.sinceRetrain == 0) return;
        if (settings.everyInteractions() > 0 && status.sinceRetrain >= settings.everyInteractions()) {
            startRetrain();
        } else if (positive(settings.interval()) && !intervalTimerSet) {
            intervalTimerSet = true;
            timers.registerProcessingTimeTimer(VoidNamespace.INSTANCE,
                    getProcessingTimeService().getCurrentProcessingTime() + settings.interval().toMillis());
        }
    }

    @Override
    public void onProcessingTime(InternalTimer<String, VoidNamespace> timer) throws Exception {
        load();
        intervalTimerSet = false;
        if (inFlight == null && status.sinceRetrain > 0) startRetrain();
    }

    @Override
    public void onEventTime(InternalTimer<String, VoidNamespace> timer) {
        // The schedule is in processing time only.
    }

    private void startRetrain() throws Exception {
        if (window.size() < settings.minInteractions() || window.users() == 0) {
            // Too little data: this trigger is spent, the next one (N more interactions, or the interval) tries again.
            LOG.info("retrain of {} skipped: {} interactions in the window, retrain.min-interactions is {}",
                    settings.model(), window.size(), settings.minInteractions());
            status.inFlight = false;
            status.sinceRetrain = 0;
            return;
        }
        AcceptedVersion current = status.currentVersion == 0 ? null : versionsState.get(status.currentVersion);
        WarmStart warm = current == null ? null
                : new WarmStart(current.parameters.userIndex(), current.parameters.itemIndex(), current.parameters.tables());
        TrainingConfig config = settings.trainingConfig();
        List<Map.Entry<String, WindowUser>> copy = new ArrayList<>(window.entries().entrySet());
        ModelTables base = publishedState.value();
        status.sinceRetrain = 0;
        status.inFlight = true;
        cancel.set(false);
        retrains.inc();
        LOG.info("retrain of {} started: {} interactions of {} users, warm start from version {}", settings.model(),
                window.size(), window.users(), current == null ? "none" : current.version);
        inFlight = executor.submit(new RetrainTask(copy, config, warm, base, cancel));
        schedulePoll();
    }

    private void schedulePoll() {
        getProcessingTimeService().registerTimer(getProcessingTimeService().getCurrentProcessingTime() + POLL_MS,
                ts -> poll());
    }

    private void poll() throws Exception {
        if (inFlight == null) return;
        if (!inFlight.isDone()) {
            schedulePoll();
            return;
        }
        Future<RetrainOutcome> done = inFlight;
        inFlight = null;
        setCurrentKey(settings.model());
        if (discardInFlight) {
            // A rollback replaced the version this retrain started from; it was cancelled (or had just finished).
            discardInFlight = false;
            LOG.info("retrain of {} discarded: a rollback replaced its base version while it ran", settings.model());
            maybeRetrain();
            return;
        }
        status.inFlight = false;
        try {
            apply(done.get());
        } catch (ExecutionException | CancellationException e) {
            failures.inc();
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            LOG.error("retrain of {} failed; the current version stays", settings.model(), cause);
        }
        maybeRetrain();
    }

    private void apply(RetrainOutcome o) throws Exception {
        lastRetrainSeconds = o.trainSeconds();
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("recall@20", o.candidate().recall());
        metrics.put("ndcg@20", o.candidate().ndcg());
        metrics.put("popularity.recall@20", o.popularityRecall());
        // What the gate compares with: shows in the version itself which published version it was measured against.
        if (o.current() != null) metrics.put("published.recall@20", o.current().recall());
        metrics.put("holdoutUsers", (double) o.holdoutUsers());
        metrics.put("interactions", (double) o.window().interactions());
        metrics.put("trainSeconds", o.trainSeconds());
        metrics.put("retrainSeconds", o.totalSeconds());
        metrics.putAll(checkpoints.take());
        Gate.Decision d = Gate.decide(o.candidate(), o.current(), o.holdoutUsers(), settings.gateTolerance());
        if (!d.accepted()) {
            status.rejections++;
            rejections.inc();
            LOG.warn("retrain of {} rejected by the gate, version {} stays: {}", settings.model(), status.lastVersion, d.reason());
            return;
        }
        TrainedModel m = o.model();
        AcceptedVersion v = new AcceptedVersion();
        v.version = status.lastVersion + 1;
        v.createdAt = getProcessingTimeService().getCurrentProcessingTime();
        v.recall = o.candidate().recall();
        v.ndcg = o.candidate().ndcg();
        v.holdoutUsers = o.holdoutUsers();
        v.interactions = o.window().interactions();
        v.parameters = ModelTables.of(m.users(), m.items(), m.parameters());
        v.representations = m.config().backbone() == Backbone.MF ? null : ModelTables.of(m.users(), m.items(), m.representations());
        v.trainedVersion = v.version;
        v.dataFrom = o.window().from().toEpochMilli();
        v.dataTo = o.window().to().toEpochMilli();
        v.trainingConfig = EventJson.writeString(m.config().asMap());
        Map<String, String> params = new LinkedHashMap<>(m.config().asMap());
        params.put("kind", "retrain");
        params.put("trainedVersion", Long.toString(v.version));
        params.put("dataFrom", o.window().from().toString());
        params.put("dataTo", o.window().to().toString());
        publish(v.version, v.scoring(), m.config().backbone().label(), metrics, params);
        versionsState.put(v.version, v);
        status.currentVersion = v.version;
        pruneVersions();
        LOG.info("retrain of {} accepted as version {} ({}; {} s training)", settings.model(), v.version, d.reason(),
                String.format("%.1f", o.trainSeconds()));
        if (store != null) {
            try {
                store.save(settings.model(), m, metrics, o.window());
            } catch (RuntimeException e) {
                // The store is a local side copy; eddy.models and Flink state are the record. Say so loudly, go on.
                failures.inc();
                LOG.error("could not write version {} of {} to the snapshot store at {}", v.version, settings.model(),
                        settings.snapshotDir(), e);
            }
        }
        // Users and items that came while the retrain ran and are still not in the model wait for the next fold-in.
        Set<String> known = publishedUsers();
        foldInPending.removeIf(known::contains);
        foldInPendingItems.removeIf(publishedItems()::contains);
        // Items that came while it ran are not in it: before the first publication they were not queued.
        if (positive(settings.foldInInterval())) for (WindowUser w : window.entries().values()) queueNewItems(w.items);
        scheduleFoldIn();
    }

    /** Publishes {@code next} as the next version: a delta on the published tables (full when there are none). */
    private void publish(long version, ModelTables next, String modelType, Map<String, Double> metrics,
                         Map<String, String> params) throws Exception {
        ModelTables base = publishedState.value();
        var p = DeltaPublisher.publish(settings.model(), version, status.lastVersion, base, next, modelType, metrics,
                params, Instant.ofEpochMilli(getProcessingTimeService().getCurrentProcessingTime()), settings.blockBytes());
        for (KeyedBytes r : p.records()) output.collect(new StreamRecord<>(r));
        status.lastVersion = version;
        publishedState.update(next);
        publishedUsers = Set.of(next.userIds);
        publishedItems = Set.of(next.itemIds);
        published.inc();
        LOG.info("published {} version {} ({} of {} user rows, {} of {} item rows{})", settings.model(), version,
                p.userRows(), next.userIds.length, p.itemRows(), next.itemIds.length,
                base == null ? ", full" : ", delta on " + (version - 1));
    }

    private void pruneVersions() throws Exception {
        List<Long> all = keptVersions();
        for (int i = 0; i < all.size() - (settings.keepVersions() + 1); i++) versionsState.remove(all.get(i));
    }

    private void scheduleFoldIn() {
        if (foldInScheduled || (foldInPending.isEmpty() && foldInPendingItems.isEmpty())
                || !positive(settings.foldInInterval())) {
            return;
        }
        foldInScheduled = true;
        getProcessingTimeService().registerTimer(
                getProcessingTimeService().getCurrentProcessingTime() + settings.foldInInterval().toMillis(),
                ts -> foldIn());
    }

    /**
     * Publishes folded-in vectors of the pending users and items that the published version lacks, as one delta of
     * new user and item rows ({@link FoldInRound}: users, then items from their adopters, then the users whose items
     * were all new). Both pending sets are emptied: a user or item that could not be folded (no known item, no known
     * adopter) is queued again by the next history update that names it, or by the next retrain or rollback, which
     * are the only ways it can become foldable — so dropping it loses nothing and bounds the sets by what one
     * interval brings.
     */
    private void foldIn() throws Exception {
        foldInScheduled = false;
        setCurrentKey(settings.model());
        ModelTables base = publishedState.value();
        AcceptedVersion current = status.currentVersion == 0 ? null : versionsState.get(status.currentVersion);
        if (base == null || current == null || (foldInPending.isEmpty() && foldInPendingItems.isEmpty())) return;
        // Items only every item-fold-in-interval: each version that adds items costs serving a rebuild of an ANN
        // catalogue, and new users (the cheap, frequent part) must not wait for that.
        long now = getProcessingTimeService().getCurrentProcessingTime();
        boolean itemsDue = now - lastItemFoldIn >= settings.itemFoldInInterval().toMillis();
        FoldInRound round = FoldInRound.of(base, window.entries(), foldInPending,
                itemsDue ? foldInPendingItems : Set.of());
        foldInPending.clear();
        if (itemsDue && !foldInPendingItems.isEmpty()) {
            foldInPendingItems.clear();
            lastItemFoldIn = now;
        } else if (!foldInPendingItems.isEmpty()) {
            scheduleFoldIn();
        }
        if (round.isEmpty()) return;
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("recall@20", current.recall);
        metrics.put("ndcg@20", current.ndcg);
        metrics.put("foldedInUsers", (double) round.users().size());
        metrics.put("foldedInItems", (double) round.items().size());
        Map<String, String> params = new LinkedHashMap<>();
        params.put("kind", "fold-in");
        params.put("trainedVersion", Long.toString(current.trainedFrom()));
        publish(status.lastVersion + 1, round.tables(), settings.trainingConfig().backbone().label(), metrics, params);
        foldedUsers.inc(round.users().size());
        foldedItems.inc(round.items().size());
    }

    /** A command of the control topic for this model (the job's split dropped other models' commands). */
    @Override
    public void processElement2(StreamRecord<ControlInput> element) throws Exception {
        load();
        ControlInput c = element.getValue();
        if (!ControlCommand.ROLLBACK.equals(c.command)) {
            // Parsing admits only known commands; one known elsewhere but not here must still not vanish.
            refuse(c, "control command " + c.command + " is not one the retrain job carries out");
            return;
        }
        Rollback.Decision d = Rollback.decide(settings.model(), c.toVersion, status.currentVersion, keptVersions());
        if (!d.accepted()) {
            refuse(c, d.reason());
            return;
        }
        rollBack(versionsState.get(c.toVersion), c);
    }

    private void refuse(ControlInput c, String reason) {
        rollbacksRefused.inc();
        LOG.warn("control command {} at {} refused: {}", c.command, c.where(), reason);
        DeadLetter dl = DeadLetter.of(reason, ROLLBACK_STAGE, c.topic, c.partition, c.offset, c.raw);
        output.collect(DEAD_LETTERS, new StreamRecord<>(new KeyedBytes(null, EventJson.write(dl))));
    }

    private List<Long> keptVersions() throws Exception {
        List<Long> kept = new ArrayList<>();
        for (Long k : versionsState.keys()) kept.add(k);
        kept.sort(null);
        return kept;
    }

    /**
     * Publishes {@code target}'s tables as the next version, makes it the current accepted one (kept like a retrain,
     * snapshot store included), discards a running retrain, and queues the window's users and items that the tables
     * lack for fold-in, so that users and items that arrived after {@code target} do not stay without a vector until
     * the next retrain.
     */
    private void rollBack(AcceptedVersion target, ControlInput c) throws Exception {
        if (inFlight != null) {
            cancel.set(true);
            discardInFlight = true;
            status.inFlight = false;
        }
        long replaced = status.currentVersion;
        long now = getProcessingTimeService().getCurrentProcessingTime();
        AcceptedVersion v = target.republishedAs(status.lastVersion + 1, now);
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("recall@20", v.recall);
        metrics.put("ndcg@20", v.ndcg);
        metrics.put("holdoutUsers", (double) v.holdoutUsers);
        metrics.put("interactions", (double) v.interactions);
        Map<String, String> params = new LinkedHashMap<>(trainingParams(target));
        params.put("kind", "rollback");
        params.put("trainedVersion", Long.toString(v.trainedVersion));
        params.put("rolledBackFrom", Long.toString(target.version));
        params.put("replacedVersion", Long.toString(replaced));
        if (c.reason != null) params.put("reason", c.reason);
        if (c.requestedAt != null) params.put("requestedAt", c.requestedAt);
        if (v.dataTo != 0) {
            params.put("dataFrom", Instant.ofEpochMilli(v.dataFrom).toString());
            params.put("dataTo", Instant.ofEpochMilli(v.dataTo).toString());
        }
        String modelType = (v.representations == null ? Backbone.MF : Backbone.LIGHTGCN).label();
        publish(v.version, v.scoring(), modelType, metrics, params);
        versionsState.put(v.version, v);
        status.currentVersion = v.version;
        pruneVersions();
        rollbacks.inc();
        LOG.info("{} rolled back to the tables of version {}: published as version {}, replacing {} (command at {}{})",
                settings.model(), target.version, v.version, replaced, c.where(), c.reason == null ? "" : ": " + c.reason);
        if (store != null) {
            try {
                store.save(settings.model(), v.parameters.userIndex(), v.parameters.itemIndex(), v.scoring().tables(),
                        v.parameters.tables(), modelType, metrics, storeParams(params, v));
            } catch (RuntimeException e) {
                failures.inc();
                LOG.error("could not write version {} of {} to the snapshot store at {}", v.version, settings.model(),
                        settings.snapshotDir(), e);
            }
        }
        if (positive(settings.foldInInterval())) {
            // V may predate users and items of the window: they go out as a fold-in on V's tables.
            Set<String> known = publishedUsers();
            for (var e : window.entries().entrySet()) {
                if (!known.contains(e.getKey())) foldInPending.add(e.getKey());
                queueNewItems(e.getValue().items);
            }
            scheduleFoldIn();
        }
    }

    private static final TypeReference<LinkedHashMap<String, String>> STRING_MAP = new TypeReference<>() {};

    /** The training configuration {@code v} was trained with, when its state recorded it. */
    private static Map<String, String> trainingParams(AcceptedVersion v) {
        if (v.trainingConfig == null) return Map.of();
        try {
            return EventJson.mapper().readValue(v.trainingConfig, STRING_MAP);
        } catch (JsonProcessingException e) {
            LOG.warn("training configuration of version {} is unreadable, left out: {}", v.version, e.getOriginalMessage());
            return Map.of();
        }
    }

    /** The snapshot store numbers its versions itself: it gets the published number as a param. */
    private static Map<String, String> storeParams(Map<String, String> published, AcceptedVersion v) {
        Map<String, String> p = new LinkedHashMap<>(published);
        p.put("publishedVersion", Long.toString(v.version));
        p.put("interactions", Long.toString(v.interactions));
        return p;
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        checkpoints.barrier(checkpointId, inFlight != null);
        if (window == null) return;
        Object key = getCurrentKey();
        setCurrentKey(settings.model());
        for (String user : window.drainDirty()) {
            WindowUser w = window.get(user);
            if (w == null) windowState.remove(user);
            else windowState.put(user, w);
        }
        status.foldInPending = foldInPending.toArray(String[]::new);
        status.foldInPendingItems = foldInPendingItems.toArray(String[]::new);
        statusState.update(status);
        if (key != null) setCurrentKey(key);
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        super.notifyCheckpointComplete(checkpointId);
        checkpoints.completed(checkpointId);
    }

    private static boolean positive(java.time.Duration d) {
        return !d.isZero() && !d.isNegative();
    }

    @Override
    public void close() throws Exception {
        if (cancel != null) cancel.set(true);
        if (executor != null) executor.shutdownNow();
        if (store != null) store.close();
        super.close();
    }
}
