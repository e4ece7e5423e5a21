package dev.eddy.jobs.retrain;

import dev.eddy.events.event.ControlCommand;
import dev.eddy.events.event.DeadLetter;
import dev.eddy.events.json.EventJson;
import dev.eddy.jobs.join.KeyedBytes;
import dev.eddy.jobs.runtime.PublishedVersions;
import dev.eddy.recsys.lifecycle.BackgroundRetrain;
import dev.eddy.recsys.lifecycle.Gate;
import dev.eddy.recsys.lifecycle.IdTables;
import dev.eddy.recsys.lifecycle.ModelLifecycle;
import dev.eddy.recsys.lifecycle.RetrainOutcome;
import dev.eddy.recsys.lifecycle.RetrainTask;
import dev.eddy.recsys.lifecycle.Rollback;
import dev.eddy.recsys.lifecycle.SnapshotCopy;
import dev.eddy.recsys.lifecycle.VersionRecord;
import dev.eddy.recsys.lifecycle.WindowEntry;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
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

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The trainer (parallelism 1, keyed by the model name so that its state is keyed RocksDB state): the Flink side of
 * a {@link ModelLifecycle}, which decides — what the window holds, when a retrain has data enough, the gate, what
 * a retrain, fold-in or rollback publishes and which users and items wait for a fold-in. This operator keeps the
 * lifecycle's durable parts in state, runs the schedule on timers, publishes, and sends refused commands to a
 * side output.
 *
 * <p><b>State</b> (RocksDB, keyed by model): the window's users ({@code MapState}, mirrored from the lifecycle's
 * in-memory window before each barrier, only changed users, like the learner job's flush), the
 * {@link RetrainStatus}, the accepted versions ({@code MapState} version → {@link AcceptedVersion}, current + last N)
 * and the published scoring tables (the base of the next delta). The retrain interval timer is a keyed RocksDB timer.
 * The state classes keep their names and fields (they are in checkpoints); the lifecycle has its own records, and
 * the conversion happens here.
 *
 * <p><b>Asynchronous training and checkpoints.</b> A retrain copies what it needs on the task thread (the window's
 * entries, whose arrays are never mutated, the warm start, the published tables) and runs on a thread of its own
 * ({@link BackgroundRetrain}); the task thread goes on processing records and checkpoints meanwhile (the trainer's
 * state does not include the running training). A processing-time callback (run in the task's mailbox, so on the
 * task thread) polls for the result and applies it: gate, version, state, output — all between two records, so a
 * checkpoint sees either none or all of it. A checkpoint taken while a retrain runs records {@code inFlight=true};
 * after a restore from it the trainer starts the retrain again on the restored window (the same data, so with a
 * fixed seed the same model, up to interactions that arrived after the checkpoint). When the operator closes, the
 * running training is cancelled at its next step (the TrainingLock is released in the trainer's finally).
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
    private transient ModelLifecycle lifecycle;
    private transient RetrainStatus status;
    private transient boolean intervalTimerSet;
    private transient boolean foldInScheduled;

    private transient BackgroundRetrain training;
    private transient SnapshotCopy snapshots;
    private transient CheckpointTimes checkpoints;
    private transient RetrainMetrics metrics;

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
        training = new BackgroundRetrain("eddy-retrain-" + settings.model(), getRuntimeContext().getUserCodeClassLoader());
        checkpoints = new CheckpointTimes();
        snapshots = SnapshotCopy.open(settings.model(), settings.snapshotDir(), settings.keepVersions() + 1);
        metrics = new RetrainMetrics(getRuntimeContext().getMetricGroup(), training::isRunning, checkpoints::lastMs);
        // The trainer owns its one key (parallelism and max parallelism 1), so it can load at once: a retrain that
        // was running at the restored checkpoint starts again now, not only when the next interaction comes.
        load();
    }

    private void load() throws Exception {
        if (lifecycle != null) return;
        setCurrentKey(settings.model());
        Map<String, WindowEntry> entries = new HashMap<>();
        for (var e : windowState.entries()) entries.put(e.getKey(), e.getValue().entry());
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
        // State written before items were folded in has no such field: the POJO serializer leaves the default, and
        // null is read as none all the same.
        String[] pendingItems = status.foldInPendingItems == null ? new String[0] : status.foldInPendingItems;
        lifecycle = ModelLifecycle.restore(settings.lifecycle(), entries, List.of(status.foldInPending),
                List.of(pendingItems), published());
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
        boolean queued = lifecycle.update(u.userId, u.items, u.oldest, u.newest);
        status.sinceRetrain++;
        if (queued) scheduleFoldIn();
        maybeRetrain();
    }

    private void maybeRetrain() throws Exception {
        if (training.isRunning() || status.sinceRetrain == 0) return;
        if (settings.everyInteractions() > 0 && status.sinceRetrain >= settings.everyInteractions()) {
            startRetrain();
        } else if (positive(settings.interval()) && !intervalTimerSet) {
            intervalTimerSet = true;
            timers.registerProcessingTimeTimer(VoidNamespace.INSTANCE, now() + settings.interval().toMillis());
        }
    }

    @Override
    public void onProcessingTime(InternalTimer<String, VoidNamespace> timer) throws Exception {
        load();
        intervalTimerSet = false;
        if (!training.isRunning() && status.sinceRetrain > 0) startRetrain();
    }

    @Override
    public void onEventTime(InternalTimer<String, VoidNamespace> timer) {
        // The schedule is in processing time only.
    }

    private void startRetrain() throws Exception {
        AcceptedVersion current = currentVersion();
        Optional<RetrainTask> task = lifecycle.retrainTask(current == null ? null : current.kept(), published());
        // Too little data spends this trigger all the same: the next one (N more interactions, or the interval) tries again.
        status.sinceRetrain = 0;
        status.inFlight = task.isPresent();
        if (task.isEmpty()) return;
        metrics.retrains.inc();
        training.start(task.get());
        schedulePoll();
    }

    private void schedulePoll() {
        getProcessingTimeService().registerTimer(now() + POLL_MS, ts -> poll());
    }

    private void poll() throws Exception {
        if (!training.isRunning()) return;
        Optional<BackgroundRetrain.Finished> finished = training.poll();
        if (finished.isEmpty()) {
            schedulePoll();
            return;
        }
        setCurrentKey(settings.model());
        BackgroundRetrain.Finished f = finished.get();
        if (f.discarded()) {
            // A rollback replaced the version this retrain started from; it was cancelled (or had just finished).
            LOG.info("retrain of {} discarded: a rollback replaced its base version while it ran", settings.model());
        } else if (f.failure() != null) {
            status.inFlight = false;
            metrics.failures.inc();
            LOG.error("retrain of {} failed; the current version stays", settings.model(), f.failure());
        } else {
            status.inFlight = false;
            apply(f.outcome());
        }
        maybeRetrain();
    }

    private void apply(RetrainOutcome o) throws Exception {
        metrics.lastRetrainSeconds(o.trainSeconds());
        // Taken whether or not the gate accepts: the figures of each version cover the time since the last retrain.
        Map<String, Double> checkpointFigures = checkpoints.take();
        Gate.Decision d = lifecycle.gate(o);
        if (!d.accepted()) {
            status.rejections++;
            metrics.rejections.inc();
            LOG.warn("retrain of {} rejected by the gate, version {} stays: {}", settings.model(), status.lastVersion, d.reason());
            return;
        }
        ModelLifecycle.Accepted a = lifecycle.retrained(o, status.lastVersion + 1, now(), checkpointFigures);
        keep(a);
        LOG.info("retrain of {} accepted as version {} ({}; {} s training)", settings.model(), a.version().version(),
                d.reason(), String.format("%.1f", o.trainSeconds()));
        if (!snapshots.retrained(a, o)) metrics.failures.inc();
        // Users and items that came while the retrain ran and are still not in the model wait for the next fold-in.
        scheduleFoldIn();
    }

    /** Publishes an accepted version and makes it the current one; the oldest kept versions beyond the bound leave. */
    private void keep(ModelLifecycle.Accepted a) throws Exception {
        long version = a.version().version();
        publish(version, a.version().scoring(), a.record());
        versionsState.put(version, AcceptedVersion.of(a.version()));
        status.currentVersion = version;
        for (long old : lifecycle.prunable(keptVersions())) versionsState.remove(old);
    }

    /** Publishes {@code next} as the next version: a delta on the published tables (full when there are none). */
    private void publish(long version, IdTables next, VersionRecord record) throws Exception {
        IdTables base = published();
        var p = DeltaPublisher.publish(settings.model(), version, status.lastVersion, base, next, record,
                Instant.ofEpochMilli(now()), settings.blockBytes());
        for (KeyedBytes r : p.records()) output.collect(new StreamRecord<>(r));
        status.lastVersion = version;
        publishedState.update(ModelTables.of(next));
        metrics.published.inc();
        LOG.info("published {} version {} ({} of {} user rows, {} of {} item rows{})", settings.model(), version,
                p.userRows(), next.userIds().length, p.itemRows(), next.itemIds().length,
                base == null ? ", full" : ", delta on " + (version - 1));
    }

    private void scheduleFoldIn() {
        if (foldInScheduled || !lifecycle.foldInWaiting()) return;
        foldInScheduled = true;
        getProcessingTimeService().registerTimer(now() + settings.foldInInterval().toMillis(), ts -> foldIn());
    }

    /**
     * Publishes folded-in vectors of the waiting users and items that the published version lacks, as one delta of
     * new user and item rows (the lifecycle's round: users, then items from their adopters, then the users whose
     * items were all new). Items not due yet wait for a later round.
     */
    private void foldIn() throws Exception {
        foldInScheduled = false;
        setCurrentKey(settings.model());
        IdTables base = published();
        AcceptedVersion current = currentVersion();
        // Nothing to fold into yet: the waiting users wait for the first version, whose publication schedules a round.
        if (base == null || current == null) return;
        Optional<ModelLifecycle.FoldedIn> folded = lifecycle.foldIn(base, current.kept(), now());
        scheduleFoldIn();
        if (folded.isEmpty()) return;
        var round = folded.get().round();
        publish(status.lastVersion + 1, round.tables(), folded.get().record());
        metrics.foldedUsers.inc(round.users().size());
        metrics.foldedItems.inc(round.items().size());
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
        Rollback.Decision d = lifecycle.rollback(c.toVersion, status.currentVersion, keptVersions());
        if (!d.accepted()) {
            refuse(c, d.reason());
            return;
        }
        rollBack(versionsState.get(c.toVersion), c);
    }

    private void refuse(ControlInput c, String reason) {
        metrics.rollbacksRefused.inc();
        LOG.warn("control command {} at {} refused: {}", c.command, c.where(), reason);
        DeadLetter dl = DeadLetter.of(reason, ROLLBACK_STAGE, c.topic, c.partition, c.offset, c.raw);
        output.collect(DEAD_LETTERS, new StreamRecord<>(new KeyedBytes(null, EventJson.write(dl))));
    }

    /**
     * Publishes {@code target}'s tables as the next version, makes it the current accepted one (kept like a retrain,
     * snapshot store included), discards a running retrain; the window's users and items that the tables lack wait
     * for a fold-in, so that users and items that arrived after {@code target} do not stay without a vector until
     * the next retrain.
     */
    private void rollBack(AcceptedVersion target, ControlInput c) throws Exception {
        if (training.isRunning()) {
            training.discard();
            status.inFlight = false;
        }
        long replaced = status.currentVersion;
        ModelLifecycle.Accepted a = lifecycle.rolledBack(target.kept(), status.lastVersion + 1, replaced, now(),
                c.reason, c.requestedAt);
        keep(a);
        metrics.rollbacks.inc();
        LOG.info("{} rolled back to the tables of version {}: published as version {}, replacing {} (command at {}{})",
                settings.model(), target.version, a.version().version(), replaced, c.where(),
                c.reason == null ? "" : ": " + c.reason);
        if (!snapshots.rolledBack(a)) metrics.failures.inc();
        scheduleFoldIn();
    }

    private AcceptedVersion currentVersion() throws Exception {
        return status.currentVersion == 0 ? null : versionsState.get(status.currentVersion);
    }

    /** The published scoring tables; null when nothing was published. */
    private IdTables published() throws Exception {
        ModelTables p = publishedState.value();
        return p == null ? null : p.idTables();
    }

    private List<Long> keptVersions() throws Exception {
        List<Long> kept = new ArrayList<>();
        for (Long k : versionsState.keys()) kept.add(k);
        kept.sort(null);
        return kept;
    }

    private long now() {
        return getProcessingTimeService().getCurrentProcessingTime();
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        checkpoints.barrier(checkpointId, training.isRunning());
        if (lifecycle == null) return;
        Object key = getCurrentKey();
        setCurrentKey(settings.model());
        for (String user : lifecycle.window().drainDirty()) {
            WindowEntry w = lifecycle.window().get(user);
            if (w == null) windowState.remove(user);
            else windowState.put(user, WindowUser.of(w));
        }
        status.foldInPending = lifecycle.pendingUsers();
        status.foldInPendingItems = lifecycle.pendingItems();
        statusState.update(status);
        if (key != null) setCurrentKey(key);
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        super.notifyCheckpointComplete(checkpointId);
        checkpoints.completed(checkpointId);
    }

    private static boolean positive(Duration d) {
        return !d.isZero() && !d.isNegative();
    }

    @Override
    public void close() throws Exception {
        if (training != null) training.close();
        if (snapshots != null) snapshots.close();
        super.close();
    }
}
