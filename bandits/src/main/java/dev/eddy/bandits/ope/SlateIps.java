package dev.eddy.bandits.ope;

import java.util.List;

/**
 * IPS for position-based (slate) logs, as Open Bandit Pipeline defines them, with the value reported per slot
 * (OBP's slate value divided by the slate length, so that it compares with a click rate). With w_j the weight of
 * the slot at position j of a slate:
 * <ul>
 *   <li>{@code iips} (independent IPS): slot k gets w_k, its own position's marginal weight: unbiased when a slot's
 *       reward depends only on its own item. With per-position probabilities in {@link LoggedSample} this is
 *       {@link Ips} computed slot by slot, named for reports;</li>
 *   <li>{@code rips} (reward-interaction IPS): slot k gets Π_{j ≤ k} w_j, unbiased when a slot's reward depends on
 *       the items above it (a cascade) but not below;</li>
 *   <li>{@code slate-ips} (standard slate IPS): every slot gets Π_j w_j over the whole slate: unbiased for any
 *       reward interaction, and the highest variance.</li>
 * </ul>
 * Slots are grouped by {@link LoggedSample#slateId()} and ordered by position; products run over the slots the log
 * holds. For a cascade, give each slot's probabilities conditional on the slots above so that the product is the
 * probability of the prefix.
 */
public final class SlateIps implements OffPolicyEstimator {

    private enum Mode { INDEPENDENT, REWARD_INTERACTION, STANDARD }

    private final Mode mode;

    private SlateIps(Mode mode) {
        this.mode = mode;
    }

    public static SlateIps independent() {
        return new SlateIps(Mode.INDEPENDENT);
    }

    public static SlateIps rewardInteraction() {
        return new SlateIps(Mode.REWARD_INTERACTION);
    }

    public static SlateIps standard() {
        return new SlateIps(Mode.STANDARD);
    }

    @Override
    public String name() {
        return switch (mode) {
            case INDEPENDENT -> "iips";
            case REWARD_INTERACTION -> "rips";
            case STANDARD -> "slate-ips";
        };
    }

    @Override
    public EstimatorTerms terms(List<LoggedSample> samples) {
        List<int[]> slates = Slates.group(samples);
        EstimatorTerms.Builder b = new EstimatorTerms.Builder(name(), EstimatorTerms.Form.WEIGHTED_MEAN, samples,
                slates);
        for (int[] slate : slates) {
            double whole = 1;
            for (int i : slate) whole *= samples.get(i).importanceWeight();
            double prefix = 1;
            for (int i : slate) {
                LoggedSample s = samples.get(i);
                prefix *= s.importanceWeight();
                double w = switch (mode) {
                    case INDEPENDENT -> s.importanceWeight();
                    case REWARD_INTERACTION -> prefix;
                    case STANDARD -> whole;
                };
                b.add(i, 0, w * s.reward(), 1, w);
            }
        }
        return b.build();
    }
}
