package dev.eddy.events.model;

import dev.eddy.events.event.Candidate;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * The MF score of a (user, item) pair in one embedding version, exactly as serving scores a request's candidates:
 * the inner product of the user's query vector (their row, or the mean user row for a user the version does not know)
 * with the item's row, float products summed in double; NaN for an unknown item. Serving ranks by it, and a replay
 * of serving's MF policies scores logged candidates with it, so both rank alike. Serializable, so that a replay can
 * ship it to its tasks; the rows are shared with the {@link EmbeddingModel}, not copied, and must not change.
 */
public final class EmbeddingScorer implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String model;
    private final long version;
    private final int dim;
    private final Map<String, float[]> users;
    private final Map<String, float[]> items;
    private final float[] meanUser;

    private EmbeddingScorer(String model, long version, int dim, Map<String, float[]> users, Map<String, float[]> items) {
        this.model = model;
        this.version = version;
        this.dim = dim;
        this.users = users;
        this.items = items;
        this.meanUser = mean(users.values(), dim);
    }

    public static EmbeddingScorer of(EmbeddingModel m) {
        return new EmbeddingScorer(m.model(), m.version(), m.dim(), m.users(), m.items());
    }

    public String model() {
        return model;
    }

    public long version() {
        return version;
    }

    /**
     * The query for a user: their vector, or for a user the model does not know yet (cold, or null) the mean user
     * vector, which ranks what the population as a whole prefers. Not a copy: do not modify.
     */
    public float[] queryFor(String userId) {
        float[] v = userId == null ? null : users.get(userId);
        return v != null ? v : meanUser;
    }

    /** The inner product of {@code query} with the item's vector; NaN for an unknown item. */
    public double score(float[] query, String itemId) {
        float[] v = items.get(itemId);
        if (v == null) return Double.NaN;
        double s = 0;
        for (int i = 0; i < dim; i++) s += query[i] * v[i];
        return s;
    }

    /** Each candidate's score for the user, in candidate order. */
    public double[] scores(String userId, List<Candidate> candidates) {
        float[] query = queryFor(userId);
        double[] out = new double[candidates.size()];
        for (int i = 0; i < out.length; i++) out[i] = score(query, candidates.get(i).id());
        return out;
    }

    private static float[] mean(Iterable<float[]> vectors, int dim) {
        double[] sum = new double[dim];
        long n = 0;
        for (float[] v : vectors) {
            for (int i = 0; i < dim; i++) sum[i] += v[i];
            n++;
        }
        float[] out = new float[dim];
        for (int i = 0; i < dim && n > 0; i++) out[i] = (float) (sum[i] / n);
        return out;
    }
}
