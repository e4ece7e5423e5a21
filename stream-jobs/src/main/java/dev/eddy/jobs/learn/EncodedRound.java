package dev.eddy.jobs.learn;

import dev.eddy.bandits.core.BanditRound;
import dev.eddy.bandits.encode.JointEncoder;
import dev.eddy.events.event.Decision;
import dev.eddy.events.event.JoinedExample;
import dev.eddy.events.features.SparseVector;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A joined example as {@link OnlineLearnerOperator} uses it, taken out of its JSON by the job's source: the round's
 * joint feature vectors, the first slot's action and propensity, the reward, the weight, and the decision's id, time
 * and {@code skipLearn}. The source parses every example anyway (to validate it and name its model); handing the
 * learner this instead of the JSON spares the learner's task thread, the one that limits a model's rate, a second
 * parse and the hashing (issue #18). A Flink POJO of primitive arrays, so shipping it is a few array copies.
 *
 * <p>Candidate {@code a}'s nonzeros are {@code indices[starts[a] .. starts[a + 1])} with their {@code values}. A
 * {@code skipLearn} example carries no vectors (nothing learns from it).
 */
public class EncodedRound {
    public String eventId;
    /** The decision's time in epoch ms. */
    public long decidedAt;
    public boolean skipLearn;
    /** The number of candidates. */
    public int actions;
    /** The first slot's action and the probability with which it was shown there. */
    public int chosen;
    public double probability;
    /** The example's reward as joined (the default reward when none was observed), not yet clipped. */
    public double reward;
    public double weight;
    public int dimension;
    public int[] starts;
    public int[] indices;
    public float[] values;

    public EncodedRound() {}

    /** The example's round hashed by {@code encoder}, the learner job's one encoding for all its models. */
    static EncodedRound of(JoinedExample example, JointEncoder encoder) {
        Decision d = example.decision();
        EncodedRound r = new EncodedRound();
        r.eventId = d.eventId();
        r.decidedAt = d.timestamp().toEpochMilli();
        r.skipLearn = d.skipLearn();
        r.actions = d.candidates().size();
        r.chosen = d.chosen().get(0);
        r.probability = d.chosenProbability();
        r.reward = example.reward();
        r.weight = d.weight();
        r.dimension = encoder.dimension();
        if (r.skipLearn) return r;
        List<SparseVector> vectors = encoder.encode(d).actions();
        r.starts = new int[vectors.size() + 1];
        for (int a = 0; a < vectors.size(); a++) r.starts[a + 1] = r.starts[a] + vectors.get(a).indices().length;
        r.indices = new int[r.starts[vectors.size()]];
        r.values = new float[r.indices.length];
        for (int a = 0; a < vectors.size(); a++) {
            SparseVector v = vectors.get(a);
            System.arraycopy(v.indices(), 0, r.indices, r.starts[a], v.indices().length);
            System.arraycopy(v.values(), 0, r.values, r.starts[a], v.values().length);
        }
        return r;
    }

    /** The round as the learners take it. */
    BanditRound round() {
        if (starts == null) throw new IllegalStateException("example " + eventId + " is skipLearn and holds no round");
        List<SparseVector> vectors = new ArrayList<>(actions);
        for (int a = 0; a < actions; a++) {
            vectors.add(new SparseVector(Arrays.copyOfRange(indices, starts[a], starts[a + 1]),
                    Arrays.copyOfRange(values, starts[a], starts[a + 1]), dimension));
        }
        return new BanditRound(vectors);
    }
}
