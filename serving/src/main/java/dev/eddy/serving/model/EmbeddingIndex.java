package dev.eddy.serving.model;

import dev.eddy.events.model.EmbeddingModel;
import dev.eddy.events.model.EmbeddingScorer;
import dev.eddy.serving.retrieval.ExactTopK;
import dev.eddy.serving.retrieval.ItemRetriever;
import dev.eddy.serving.retrieval.RetrievalSettings;
import dev.eddy.serving.retrieval.Retrievers;
import dev.eddy.serving.retrieval.ScoredItem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * One version of an embedding model, ready to serve: user and item vectors by id, and top-K retrieval over the
 * items. The exact scan answers from the start; for a catalogue above {@link RetrievalSettings#exactUpTo()} an ANN
 * index is built on a background executor and, once built, replaces the scan with one atomic reference swap. Both
 * answer for the same version, so a request never mixes versions, only speeds. Thread-safe.
 */
public final class EmbeddingIndex {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddingIndex.class);

    private final String model;
    private final long version;
    private final int dim;
    private final Map<String, float[]> users;
    private final Map<String, float[]> items;
    private final EmbeddingScorer scorer;
    private final AtomicReference<ItemRetriever> retriever;
    private final CompletableFuture<ItemRetriever> finalRetriever = new CompletableFuture<>();
    private final AtomicBoolean cancelled = new AtomicBoolean();
    /**
     * The background build of this index's ANN index has begun (it can no longer be cancelled). Shared with an index
     * that reuses this one's retriever, whose ANN index is the same build.
     */
    private final AtomicBoolean buildStarted;

    private EmbeddingIndex(EmbeddingModel m, ItemRetriever initial, AtomicBoolean buildStarted) {
        this.model = m.model();
        this.version = m.version();
        this.dim = m.dim();
        this.users = m.users();
        this.items = m.items();
        this.scorer = EmbeddingScorer.of(m);
        this.retriever = new AtomicReference<>(initial);
        this.buildStarted = buildStarted;
    }

    /**
     * The index of {@code m}, a newer version of {@code previous}'s model (null: none): {@code previous}'s retriever
     * (exact scan or ANN index) is reused when {@code m} has the very same item vectors — a delta that only changed
     * users, such as the retrain job's fold-in of new users every second, must not rebuild a catalogue's ANN index each
     * time. Otherwise an ANN index is built for {@code m}, at {@link RetrievalSettings#rebuildCpuShare()} of a core when
     * {@code previous} answers from its ANN index already (else at full speed), and
     * {@code previous}'s build is cancelled if it has not started.
     */
    public static EmbeddingIndex of(EmbeddingModel m, RetrievalSettings settings, Executor background,
                                    EmbeddingIndex previous) {
        if (previous == null) return of(m, settings, background);
        if (!sameItems(previous, m)) {
            previous.cancelBackgroundBuild();
            // Paced only behind a version that answers fast already; otherwise requests wait on the full scan.
            return build(m, settings, background, previous.usesAnn() ? settings.rebuildCpuShare() : 1.0);
        }
        EmbeddingIndex index = new EmbeddingIndex(m, previous.retriever(), previous.buildStarted);
        previous.finalRetriever.whenComplete((r, e) -> {
            if (e != null) {
                index.finalRetriever.completeExceptionally(e);
            } else {
                index.retriever.set(r);
                index.finalRetriever.complete(r);
            }
        });
        return index;
    }

    /** Whether {@code m} has this index's very item vectors, so that an index of it would share this retriever. */
    boolean sameItemsAs(EmbeddingModel m) {
        return sameItems(this, m);
    }

    /** Same item ids with the same vector arrays (the assembler keeps unchanged rows' arrays). */
    private static boolean sameItems(EmbeddingIndex previous, EmbeddingModel m) {
        if (previous.dim != m.dim() || previous.items.size() != m.items().size()) return false;
        for (Map.Entry<String, float[]> e : m.items().entrySet()) {
            if (previous.items.get(e.getKey()) != e.getValue()) return false;
        }
        return true;
    }

    /** Queries an inverted file is calibrated on. */
    static final int CALIBRATION_QUERIES = 200;

    /**
     * {@link #CALIBRATION_QUERIES} queries where the catalogue allows: user vectors spread over the model's users (the
     * queries this version will serve), all-zero ones left out (every answer is as good for them; a new user may start
     * so), topped up with item vectors spread over the items when there are fewer users, so that a young model's
     * handful of users do not decide the probes alone.
     */
    private float[][] calibrationQueries() {
        List<float[]> users = this.users.values().stream().filter(EmbeddingIndex::pointsSomewhere).toList();
        List<float[]> out = new ArrayList<>(spread(users, CALIBRATION_QUERIES));
        out.addAll(spread(List.copyOf(items.values()), CALIBRATION_QUERIES - out.size()));
        return out.toArray(float[][]::new);
    }

    /** Up to {@code n} of {@code from}, evenly spaced. */
    private static List<float[]> spread(List<float[]> from, int n) {
        int take = Math.min(Math.max(0, n), from.size());
        List<float[]> out = new ArrayList<>(take);
        for (int i = 0; i < take; i++) out.add(from.get((int) ((long) i * from.size() / take)));
        return out;
    }

    private static boolean pointsSomewhere(float[] v) {
        for (float x : v) if (x != 0) return true;
        return false;
    }

    /** Whether this index will answer from an ANN index once its background build is done. */
    public boolean wantsAnn(RetrievalSettings settings) {
        return Retrievers.wantsAnn(items.size(), settings.exactUpTo());
    }

    /**
     * The index of {@code m}: the exact scan now, and an ANN index built on {@code background} when the catalogue is
     * larger than {@code settings.exactUpTo()}.
     */
    public static EmbeddingIndex of(EmbeddingModel m, RetrievalSettings settings, Executor background) {
        return build(m, settings, background, 1.0);
    }

    private static EmbeddingIndex build(EmbeddingModel m, RetrievalSettings settings, Executor background, double cpuShare) {
        String[] ids = m.items().keySet().toArray(String[]::new);
        float[] rows = new float[ids.length * m.dim()];
        int r = 0;
        for (float[] v : m.items().values()) {
            System.arraycopy(v, 0, rows, r * m.dim(), m.dim());
            r++;
        }
        EmbeddingIndex index = new EmbeddingIndex(m, new ExactTopK(ids, rows, m.dim()), new AtomicBoolean());
        if (Retrievers.wantsAnn(ids.length, settings.exactUpTo())) {
            background.execute(() -> index.buildAnn(ids, rows, settings, cpuShare));
        } else {
            index.finalRetriever.complete(index.retriever.get());
        }
        return index;
    }

    private void buildAnn(String[] ids, float[] rows, RetrievalSettings settings, double cpuShare) {
        if (cancelled.get()) {
            finalRetriever.cancel(false);
            return;
        }
        buildStarted.set(true);
        long start = System.nanoTime();
        ForkJoinPool pool = new ForkJoinPool(settings.annBuildThreads());
        try {
            RetrievalSettings.BuiltIndex built = settings.buildIndex(ids, rows, dim, calibrationQueries(), pool, cpuShare);
            retriever.set(built.retriever());
            finalRetriever.complete(built.retriever());
            LOG.info("{}/{}: ANN index over {} items ready after {} ms ({})", model, version, ids.length,
                    (System.nanoTime() - start) / 1_000_000, built.description());
        } catch (RuntimeException | Error e) {
            // The exact scan keeps answering: slower, still correct.
            LOG.error("{}/{}: building the ANN index failed, the exact scan keeps answering: {}", model, version, e.toString());
            finalRetriever.completeExceptionally(e);
        } finally {
            pool.shutdown();
        }
    }

    public String model() {
        return model;
    }

    public long version() {
        return version;
    }

    public int dim() {
        return dim;
    }

    public int users() {
        return users.size();
    }

    public int items() {
        return items.size();
    }

    /** A copy of the user's vector; empty for an unknown user. */
    public Optional<float[]> userVector(String userId) {
        float[] v = users.get(userId);
        return v == null ? Optional.empty() : Optional.of(v.clone());
    }

    /**
     * The query for a user: their vector, or for a user the model does not know yet (cold) the mean user vector,
     * which ranks what the population as a whole prefers. Not a copy: do not modify.
     */
    public float[] queryFor(String userId) {
        return scorer.queryFor(userId);
    }

    /** The inner product of {@code query} with the item's vector; NaN for an unknown item ({@link EmbeddingScorer}). */
    public double score(float[] query, String itemId) {
        return scorer.score(query, itemId);
    }

    /** A copy of the item's vector; empty for an unknown item. */
    public Optional<float[]> itemVector(String itemId) {
        float[] v = items.get(itemId);
        return v == null ? Optional.empty() : Optional.of(v.clone());
    }

    /** The retriever answering now: the exact scan, or the ANN index once built. */
    public ItemRetriever retriever() {
        return retriever.get();
    }

    /** Whether the approximate index answers now. */
    public boolean usesAnn() {
        return !(retriever.get() instanceof ExactTopK);
    }

    /**
     * Whether the retriever this version ends up with answers now: its ANN index is built (or its build failed and
     * the exact scan stays), or the catalogue is small enough for the scan.
     */
    public boolean retrieverBuilt() {
        return finalRetriever.isDone();
    }

    /** Up to {@code n} user ids of this version (the warm-up's synthetic users). */
    public List<String> someUsers(int n) {
        return users.keySet().stream().limit(n).toList();
    }

    /** Up to {@code n} item ids of this version. */
    public List<String> someItems(int n) {
        return items.keySet().stream().limit(n).toList();
    }

    /** Completes with the retriever this version ends up with (at once for small catalogues). */
    public CompletableFuture<ItemRetriever> retrieverReady() {
        return finalRetriever.copy();
    }

    /** Top-k items for a query vector; see {@link ItemRetriever#topK}. */
    public List<ScoredItem> topK(float[] query, int k, Predicate<String> exclude) {
        return retriever.get().topK(query, k, exclude);
    }

    /** Top-k items for a known user by their vector; empty for an unknown user. */
    public Optional<List<ScoredItem>> recommend(String userId, int k, Predicate<String> exclude) {
        float[] u = users.get(userId);
        return u == null ? Optional.empty() : Optional.of(retriever.get().topK(u, k, exclude));
    }

    /** Whether the background build has begun and not ended: cancelling it now would not stop it. */
    boolean buildUnderWay() {
        return buildStarted.get() && !finalRetriever.isDone();
    }

    /** Skips the background build if it has not started: a newer version replaced this one. */
    void cancelBackgroundBuild() {
        cancelled.set(true);
    }

    @Override
    public String toString() {
        return model + "/" + version + " (" + users.size() + " users, " + items.size() + " items, dim " + dim
                + (usesAnn() ? ", ANN" : ", exact") + ")";
    }

}
