package dev.eddy.recsys.lifecycle;

import dev.eddy.events.json.EventJson;
import dev.eddy.recsys.train.Backbone;
import dev.eddy.recsys.train.TrainedModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A recommender model's life between retrains, without the machinery that runs it: the training window, when a
 * retrain has enough data and what it trains from, the gate, the versions a retrain, a fold-in or a rollback make
 * (their tables and their {@link VersionRecord}), which users and items wait for a fold-in, and which kept versions
 * a rollback may go back to. The retrain job's trainer keeps what must survive a restart (the window's entries, the
 * waiting users and items, the kept versions, the published tables) in its state, publishes, and schedules; this
 * class decides. Not thread-safe: one owner thread.
 *
 * <p>Each method that makes a version also takes its tables as the published ones for the fold-in queue: the owner
 * publishes the version it returns before anything else happens to the lifecycle.
 */
public final class ModelLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(ModelLifecycle.class);

    /** A version to publish and keep: a retrain's, or a rollback's republication of a kept one. */
    public record Accepted(KeptVersion version, VersionRecord record) {}

    /** A fold-in to publish (not kept: it is the version it extends plus rows of new users and items). */
    public record FoldedIn(FoldInRound round, VersionRecord record) {}

    private final LifecycleSettings settings;
    private final TrainingWindow window;
    private final FoldInQueue queue;

    private ModelLifecycle(LifecycleSettings settings, TrainingWindow window, FoldInQueue queue) {
        this.settings = settings;
        this.window = window;
        this.queue = queue;
    }

    /**
     * The lifecycle as its owner kept it (all empty and null for a fresh start).
     *
     * @param window       the window's entries
     * @param pendingUsers users waiting for a fold-in
     * @param pendingItems items waiting for a fold-in
     * @param published    the published scoring tables, null when nothing is published
     */
    public static ModelLifecycle restore(LifecycleSettings settings, Map<String, WindowEntry> window,
                                         List<String> pendingUsers, List<String> pendingItems, IdTables published) {
        FoldInQueue queue = new FoldInQueue(settings.foldsIn(), settings.itemFoldInInterval(), pendingUsers, pendingItems);
        if (published != null) queue.published(published);
        return new ModelLifecycle(settings, TrainingWindow.restore(settings.windowSize(), window), queue);
    }

    /** The training window (its owner mirrors the entries that {@link TrainingWindow#drainDirty()} names). */
    public TrainingWindow window() {
        return window;
    }

    /**
     * A user's bounded history changed: it replaces the user's window entry, and the user and items the published
     * tables lack wait for a fold-in. True when one of them was not waiting yet.
     */
    public boolean update(String user, String[] items, long oldest, long newest) {
        window.update(user, items, oldest, newest);
        return queue.offer(user, items);
    }

    /**
     * A retrain of the current window, warm-started from {@code current} and to be gated against {@code published};
     * empty when the window holds too little to train on (that trigger is spent: the next one tries again).
     *
     * @param current   the current accepted version, null when there is none
     * @param published the published scoring tables, null when nothing is published
     */
    public Optional<RetrainTask> retrainTask(KeptVersion current, IdTables published) {
        if (window.size() < settings.minInteractions() || window.users() == 0) {
            LOG.info("retrain of {} skipped: {} interactions in the window, retrain.min-interactions is {}",
                    settings.model(), window.size(), settings.minInteractions());
            return Optional.empty();
        }
        LOG.info("retrain of {} started: {} interactions of {} users, warm start from version {}", settings.model(),
                window.size(), window.users(), current == null ? "none" : current.version());
        return Optional.of(new RetrainTask(new ArrayList<>(window.entries().entrySet()), settings.trainingConfig(),
                current == null ? null : current.warmStart(), published));
    }

    /** Whether the retrain's model may replace the published one. */
    public Gate.Decision gate(RetrainOutcome o) {
        return Gate.decide(o.candidate(), o.current(), o.holdoutUsers(), settings.gateTolerance());
    }

    /**
     * A retrain the gate accepted, as version {@code version} accepted at {@code now} (epoch ms); {@code figures}
     * go into its metrics as they are.
     */
    public Accepted retrained(RetrainOutcome o, long version, long now, Map<String, Double> figures) {
        TrainedModel m = o.model();
        KeptVersion v = new KeptVersion(version, now, o.candidate().recall(), o.candidate().ndcg(), o.holdoutUsers(),
                o.window().interactions(), IdTables.of(m.users(), m.items(), m.parameters()),
                m.config().backbone() == Backbone.MF ? null : IdTables.of(m.users(), m.items(), m.representations()),
                version, 0, o.window().from().toEpochMilli(), o.window().to().toEpochMilli(),
                EventJson.writeString(m.config().asMap()));
        queue.published(v.scoring());
        queue.retrained(window.entries());
        return new Accepted(v, VersionRecord.retrain(v, o, figures));
    }

    /**
     * A fold-in round at processing time {@code now} (epoch ms) on the published tables of {@code current}: takes
     * the waiting users (and items, when due), and folds in those it can. Empty when it folded none.
     */
    public Optional<FoldedIn> foldIn(IdTables published, KeptVersion current, long now) {
        FoldInQueue.Round r = queue.take(now);
        FoldInRound round = FoldInRound.of(published, window.entries(), r.users(), r.items());
        if (round.isEmpty()) return Optional.empty();
        queue.published(round.tables());
        // The configured backbone: a fold-in's tables are the current version's, which it trained with.
        return Optional.of(new FoldedIn(round,
                VersionRecord.foldIn(current, round, settings.trainingConfig().backbone().label())));
    }

    /** Whether users or items wait for a fold-in round. */
    public boolean foldInWaiting() {
        return queue.waiting();
    }

    /**
     * Whether a rollback to {@code toVersion} can be carried out.
     *
     * @param current the current accepted version, 0 when there is none
     * @param kept    the kept versions, ascending
     */
    public Rollback.Decision rollback(long toVersion, long current, List<Long> kept) {
        return Rollback.decide(settings.model(), toVersion, current, kept);
    }

    /**
     * The rollback to {@code target}: its tables and metrics again as version {@code version}, accepted at
     * {@code now}, replacing version {@code replaced}; users and items of the window that its tables lack wait for
     * a fold-in on them. {@code reason} and {@code requestedAt} as the command gave them (null when absent).
     */
    public Accepted rolledBack(KeptVersion target, long version, long replaced, long now, String reason,
                               String requestedAt) {
        KeptVersion v = target.republishedAs(version, now);
        queue.published(v.scoring());
        queue.rolledBack(window.entries());
        return new Accepted(v, VersionRecord.rollback(v, replaced, reason, requestedAt));
    }

    /** Which of the kept versions (ascending) leave: all but the newest {@code keepVersions + 1}. */
    public List<Long> prunable(List<Long> kept) {
        return List.copyOf(kept.subList(0, Math.max(0, kept.size() - (settings.keepVersions() + 1))));
    }

    /** The users waiting for a fold-in, for the owner's state. */
    public String[] pendingUsers() {
        return queue.users();
    }

    /** The items waiting for a fold-in, for the owner's state. */
    public String[] pendingItems() {
        return queue.items();
    }
}
