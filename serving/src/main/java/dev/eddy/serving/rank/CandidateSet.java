package dev.eddy.serving.rank;

import dev.eddy.bandits.slate.SlateRequest;
import dev.eddy.events.event.Candidate;

import java.util.List;
import java.util.Map;

/**
 * The candidates of one request, in the order they came (retrieved ones best first), with their MF scores for the
 * user where the embedding model knows both (NaN where it does not).
 */
public record CandidateSet(List<Candidate> candidates, double[] mfScores) {
    public CandidateSet {
        if (candidates.isEmpty()) throw new IllegalArgumentException("no candidates");
        if (mfScores.length != candidates.size()) throw new IllegalArgumentException("one MF score per candidate");
    }

    /** The MF scores of the given candidates, in that order. */
    public double[] mfScores(int[] indices) {
        double[] out = new double[indices.length];
        for (int i = 0; i < indices.length; i++) out[i] = mfScores[indices[i]];
        return out;
    }

    /** What the variant's slate policy ranks for a request with this context and session step. */
    public SlateRequest request(Map<String, Map<String, Double>> context, Integer step) {
        return new SlateRequest(context, candidates, mfScores, step);
    }

    public int size() {
        return candidates.size();
    }
}
