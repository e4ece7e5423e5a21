package dev.eddy.serving.model;

import dev.eddy.bandits.eval.BanditModelSpec;
import dev.eddy.bandits.mdp.eval.SessionModelSpec;
import dev.eddy.events.json.EventJson;
import dev.eddy.events.json.InvalidEventException;
import dev.eddy.events.kafka.CommittedReader;
import dev.eddy.events.kafka.KafkaClientProperties;
import dev.eddy.events.model.EmbeddingModel;
import dev.eddy.events.model.EmbeddingModelAssembler;
import dev.eddy.events.model.EmbeddingRows;
import dev.eddy.events.model.ModelAssembler;
import dev.eddy.events.model.ModelVersion;
import dev.eddy.serving.retrieval.RetrievalSettings;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Follows the compacted models topic: reads it from the beginning, then keeps following it, on one background
 * thread. Parts are assembled into versions ({@link ModelAssembler}: block count and SHA-256 checked); embedding
 * versions are applied full or as deltas ({@link EmbeddingModelAssembler}), contextual-bandit and session-policy
 * versions restored. A version that is incomplete never gets in; one that is corrupt or cannot be applied is
 * rejected with one log line, and the model's previous version stays. Everything loaded from one poll goes into
 * the next {@link ServingModels} snapshot, which replaces the current one with one volatile write; the costly part
 * (copying a large catalogue, and for large ones the ANN index, built later on a background thread) happens before,
 * so requests never wait for a swap.
 */
public final class ModelFollower implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModelFollower.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final RetrievalSettings retrieval;
    private final ExecutorService annBuilds;
    private final Thread thread;
    private final List<Consumer<ServingModels>> listeners = new CopyOnWriteArrayList<>();
    private volatile java.util.function.BiConsumer<ServingModels, ServingModels> beforeSwap = (current, next) -> { };
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final AtomicLong loaded = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong unreadable = new AtomicLong();
    private final ModelVersionHistory history = new ModelVersionHistory(ModelVersionHistory.PER_MODEL);
    private final ModelAssembler parts = new ModelAssembler();
    private final EmbeddingModelAssembler embeddings = new EmbeddingModelAssembler();
    private final Map<String, EmbeddingModel> toIndex = new java.util.LinkedHashMap<>();
    private final Map<String, EmbeddingIndex> pending = new java.util.LinkedHashMap<>();
    /** Records at least this large (model blocks) are paced once serving; manifests and small deltas are not. */
    private static final int PACED_RECORD_BYTES = 64 * 1024;
    private volatile int pendingCount;
    private Map<TopicPartition, Long> endAtStart;
    private int assemblerRejectionsSeen;
    private volatile ServingModels current = ServingModels.EMPTY;
    private volatile boolean running = true;

    private ModelFollower(KafkaConsumer<String, byte[]> consumer, String topic, RetrievalSettings retrieval) {
        this.consumer = consumer;
        this.retrieval = retrieval;
        this.annBuilds = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "eddy-ann-build-" + topic);
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            return t;
        });
        this.thread = new Thread(this::run, "eddy-model-follower-" + topic);
        this.thread.setDaemon(true);
    }

    /**
     * Starts following {@code topic} from its beginning (committed records only).
     *
     * @throws IllegalArgumentException if the topic does not exist
     */
    public static ModelFollower start(KafkaClientProperties kafka, String topic, RetrievalSettings retrieval) {
        ModelFollower f = new ModelFollower(CommittedReader.fromBeginning(kafka, List.of(topic)), topic, retrieval);
        f.endAtStart = f.consumer.endOffsets(f.consumer.assignment());
        f.thread.start();
        return f;
    }

    /** The models loaded so far; read it once per request. */
    public ServingModels current() {
        return current;
    }

    /** Whether the topic has been read up to the end offsets it had when the follower started. */
    public boolean caughtUp() {
        return caughtUp.getCount() == 0;
    }

    /** Waits until {@link #caughtUp()}; false on timeout. */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Versions that passed every check and were swapped in. */
    public long versionsLoaded() {
        return loaded.get();
    }

    /** Versions rejected: checksum or block count wrong, a delta without its base, a snapshot that did not restore. */
    public long versionsRejected() {
        return rejected.get();
    }

    /** Complete versions of a model type serving does not load. */
    public long versionsSkipped() {
        return skipped.get();
    }

    /** Records that were not a model part at all. */
    public long unreadableRecords() {
        return unreadable.get();
    }

    /** The versions loaded so far with their manifests' metrics (the newest per model). */
    public ModelVersionHistory history() {
        return history;
    }

    /**
     * Calls {@code hook} on the follower thread with the served snapshot and the next one, before the next one becomes
     * current: serving warms a new version there, while the old one answers.
     */
    public void beforeSwap(java.util.function.BiConsumer<ServingModels, ServingModels> hook) {
        beforeSwap = hook;
    }

    /** Calls {@code listener} on the follower thread with every new snapshot, after it became current. */
    public void onSwap(Consumer<ServingModels> listener) {
        listeners.add(listener);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(TimeUnit.SECONDS.toMillis(30));
        annBuilds.shutdownNow();
    }

    private void run() {
        try (consumer) {
            while (running) {
                ServingModels next = current;
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    long t0 = System.nanoTime();
                    next = accept(r, next);
                    paceAfter(r, System.nanoTime() - t0);
                }
                // While catching up, only the newest version of each embedding model is worth indexing.
                if (caughtUp() || reachedStartEnd()) next = indexEmbeddings(next);
                pendingCount = pending.size();
                noteRejections();
                if (next != current) swap(next);
                if (!caughtUp() && reachedStartEnd()) {
                    caughtUp.countDown();
                    LOG.info("models caught up: {} loaded, {} rejected, {} skipped; serving {}", loaded.get(),
                            rejected.get(), skipped.get(), current.versions());
                }
            }
        } catch (WakeupException e) {
            if (running) LOG.error("model follower woken up while running", e);
        } catch (RuntimeException e) {
            LOG.error("model follower stopped: the last models stay in place", e);
        }
    }

    /**
     * Once serving, decoding a large version's blocks (tens of MB of base64 JSON for a 100k-item catalogue) would take
     * a whole core for seconds, in a burst that starves requests on a small machine: after each large record the
     * follower pauses as long as the record took, so it uses about half a core and the version arrives a little later.
     */
    private void paceAfter(ConsumerRecord<String, byte[]> r, long tookNanos) {
        if (!caughtUp() || r.value() == null || r.value().length < PACED_RECORD_BYTES) return;
        try {
            Thread.sleep(tookNanos / 1_000_000, (int) (tookNanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private ServingModels accept(ConsumerRecord<String, byte[]> r, ServingModels models) {
        try {
            var version = parts.accept(EventJson.parseModelPart(r.value()));
            return version.isEmpty() ? models : load(version.get(), models);
        } catch (InvalidEventException e) {
            unreadable.incrementAndGet();
            LOG.warn("models record {} at {}-{}/{} is not a model part, skipped: {}", r.key(), r.topic(),
                    r.partition(), r.offset(), e.getMessage());
            return models;
        }
    }

    private ServingModels load(ModelVersion v, ServingModels models) {
        try {
            ServingModels next;
            if (EmbeddingRows.isEmbeddingRows(v)) {
                // Indexed once per poll, for the newest version only: catching up over many deltas copies the
                // catalogue once, not once per delta.
                EmbeddingModel m = embeddings.apply(v);
                toIndex.put(m.model(), m);
                next = models;
            } else if (BanditModelSpec.MODEL_TYPE.equals(v.manifest().modelType())) {
                next = models.with(BanditPolicy.restore(v));
            } else if (SessionModelSpec.MODEL_TYPE.equals(v.manifest().modelType())) {
                next = models.with(SessionPolicyModel.restore(v));
            } else {
                skipped.incrementAndGet();
                LOG.info("{}/{}: model type '{}' is not served, skipped", v.model(), v.version(), v.manifest().modelType());
                return models;
            }
            loaded.incrementAndGet();
            history.record(v.manifest(), java.time.Instant.now());
            return next;
        } catch (RuntimeException e) {
            rejected.incrementAndGet();
            LOG.warn("{}/{} rejected, the previous version stays: {}", v.model(), v.version(), e.getMessage());
            return models;
        }
    }

    /**
     * Indexes the newest version of each embedding model read in this poll. A version whose catalogue needs an ANN
     * index that is not built yet, of a model whose served version already answers from its ANN index, waits in
     * {@code pending} while the ANN index is built (paced, in the background); the served version answers meanwhile, and
     * the new one is swapped in whole once ready. Swapping it in at once would make every request scan the whole
     * catalogue until then. Other versions are swapped in at once.
     *
     * <p>A newer version with other item vectors replaces a pending one only while the pending one's build has not
     * begun. Once it has, it cannot be stopped: the pending version is swapped in when it is built, and the newest
     * version waits in {@code toIndex} until then (still replaced by newer ones). Replacing it would throw its ANN index
     * away and queue another build behind it, so versions that change items faster than an ANN index builds (the retrain
     * job folds new items in every {@code retrain.fold-in-interval}) would never be swapped in at all.
     */
    private ServingModels indexEmbeddings(ServingModels models) {
        ServingModels next = models;
        // First the versions whose ANN index is ready, so that a version waiting behind one is indexed in this poll.
        for (var it = pending.entrySet().iterator(); it.hasNext(); ) {
            EmbeddingIndex index = it.next().getValue();
            if (index.retrieverReady().isDone()) {
                it.remove();
                next = next.with(index);
            }
        }
        for (var it = toIndex.values().iterator(); it.hasNext(); ) {
            EmbeddingModel m = it.next();
            EmbeddingIndex building = pending.get(m.model());
            if (building != null && building.buildUnderWay() && !building.sameItemsAs(m)) continue;
            it.remove();
            pending.remove(m.model());
            EmbeddingIndex served = next.embeddings().get(m.model());
            EmbeddingIndex index = EmbeddingIndex.of(m, buildSettings(), annBuilds, building != null ? building : served);
            // Once serving (or behind a served version), a version that wants an ANN index waits for it: requests would
            // otherwise scan the whole catalogue, which cannot carry the load. Only the first version read while
            // catching up is put in at once, for readiness to wait on (/readyz says 503 until its ANN index is built).
            if ((served != null || caughtUp()) && !index.usesAnn() && index.wantsAnn(retrieval)) {
                pending.put(m.model(), index);
                LOG.info("{}/{}: building its ANN index in the background; {} until it is ready", m.model(),
                        m.version(), served == null ? "the model is not served" : "version " + served.version() + " answers");
            } else {
                next = next.with(index);
            }
        }
        return next;
    }

    /**
     * While catching up nothing is served yet (readiness waits for these ANN indexes), so the versions read at start build
     * their indexes on every core: on 2 cores that about halves the time to ready. Once serving, one thread, which leaves the
     * other cores to requests.
     */
    private RetrievalSettings buildSettings() {
        if (caughtUp()) return retrieval;
        return retrieval.withAnnBuildThreads(Math.max(retrieval.annBuildThreads(), Runtime.getRuntime().availableProcessors()));
    }

    /** Versions waiting for their ANN index before they are swapped in. */
    public int pendingVersions() {
        return pendingCount;
    }

    private void noteRejections() {
        List<ModelAssembler.Rejected> all = parts.rejected();
        for (int i = assemblerRejectionsSeen; i < all.size(); i++) {
            ModelAssembler.Rejected r = all.get(i);
            rejected.incrementAndGet();
            LOG.warn("{}/{} rejected, the previous version stays: {}", r.model(), r.version(), r.reason());
        }
        assemblerRejectionsSeen = all.size();
    }

    private void swap(ServingModels next) {
        try {
            beforeSwap.accept(current, next);
        } catch (RuntimeException e) {
            LOG.error("warming the next models failed; they are served anyway", e);
        }
        current = next;
        LOG.info("models now {}", next.versions());
        for (Consumer<ServingModels> l : listeners) {
            try {
                l.accept(next);
            } catch (RuntimeException e) {
                LOG.error("a model swap listener failed", e);
            }
        }
    }

    private boolean reachedStartEnd() {
        for (var e : endAtStart.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) return false;
        }
        return true;
    }
}
