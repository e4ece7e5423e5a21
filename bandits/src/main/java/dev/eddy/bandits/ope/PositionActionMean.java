package dev.eddy.bandits.ope;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The context-free reward model: q̂(p, a) = (S_pa + m·μ_p) / (N_pa + m), the mean reward of action a at position p
 * shrunk towards the position's mean μ_p = (S_p + m·μ) / (N_p + m), itself shrunk towards the global mean μ.
 * Shrinkage m (pseudo-observations) keeps rarely logged pairs from predicting 0 or 1 from a handful of clicks,
 * which in DR would be multiplied by a large weight. Unseen pairs get μ_p, unseen positions μ.
 */
public final class PositionActionMean implements RewardModelLearner {

    private final double shrinkage;

    public PositionActionMean(double shrinkage) {
        if (!(shrinkage >= 0) || Double.isInfinite(shrinkage)) {
            throw new IllegalArgumentException("shrinkage must be finite and >= 0, was " + shrinkage);
        }
        this.shrinkage = shrinkage;
    }

    @Override
    public RewardModel fit(List<LoggedSample> training) {
        Map<Integer, double[]> byPosition = new HashMap<>();
        Map<Long, double[]> byPair = new HashMap<>();
        double sum = 0;
        for (LoggedSample s : training) {
            sum += s.reward();
            accumulate(byPosition.computeIfAbsent(s.position(), p -> new double[2]), s.reward());
            accumulate(byPair.computeIfAbsent(key(s.position(), s.loggedAction()), k -> new double[2]), s.reward());
        }
        double global = training.isEmpty() ? 0 : sum / training.size();
        Map<Integer, Double> positionMean = new HashMap<>();
        byPosition.forEach((p, sn) -> positionMean.put(p, shrunk(sn, global)));
        Map<Long, Double> pairMean = new HashMap<>();
        byPair.forEach((k, sn) -> pairMean.put(k, shrunk(sn, positionMean.get((int) (k >> 32)))));
        return (s, a) -> {
            Double q = pairMean.get(key(s.position(), a));
            if (q != null) return q;
            return positionMean.getOrDefault(s.position(), global);
        };
    }

    private double shrunk(double[] sumAndCount, double prior) {
        return (sumAndCount[0] + shrinkage * prior) / (sumAndCount[1] + shrinkage);
    }

    private static void accumulate(double[] sumAndCount, double reward) {
        sumAndCount[0] += reward;
        sumAndCount[1]++;
    }

    private static long key(int position, int action) {
        return ((long) position << 32) | (action & 0xffffffffL);
    }
}
