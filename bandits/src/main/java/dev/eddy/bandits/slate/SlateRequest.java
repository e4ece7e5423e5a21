package dev.eddy.bandits.slate;

import dev.eddy.events.event.Candidate;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What a {@link SlatePolicy} ranks: one request's candidates in the order they came (with their features, for
 * contextual-bandit policies), the request's shared context, each candidate's MF score for the user (the embedding
 * model's user·item inner product; NaN where the model knows the candidate not, or no embedding model is at hand) for
 * the MF policies, and the session step (null: not given, step 0) for session policies. Arrays are taken as given.
 */
public record SlateRequest(Map<String, Map<String, Double>> context, List<Candidate> candidates, double[] mfScores,
                           Integer step) {
    public SlateRequest {
        if (candidates == null || candidates.isEmpty()) throw new IllegalArgumentException("candidates: at least one is needed");
        context = context == null ? Map.of() : context;
        if (mfScores == null) {
            mfScores = new double[candidates.size()];
            Arrays.fill(mfScores, Double.NaN);
        } else if (mfScores.length != candidates.size()) {
            throw new IllegalArgumentException("one MF score per candidate");
        }
    }

    /** A request without MF scores or session step. */
    public static SlateRequest of(Map<String, Map<String, Double>> context, List<Candidate> candidates) {
        return new SlateRequest(context, candidates, null, null);
    }

    public int size() {
        return candidates.size();
    }

    /** The MF scores of the given candidates, in that order. */
    public double[] mfScores(int[] indices) {
        double[] out = new double[indices.length];
        for (int i = 0; i < indices.length; i++) out[i] = mfScores[indices[i]];
        return out;
    }
}
