package dev.eddy.bandits.ope;

import java.util.List;

/** The estimators by their report names, for command lines and reports. */
public final class Estimators {

    /** Names accepted by {@link #byName}. */
    public static final List<String> NAMES = List.of("dm", "ips", "snips", "dr", "sndr", "switch-dr", "dr-os",
            "replay", "iips", "rips", "slate-ips");

    private Estimators() {}

    /**
     * @param model  the (cross-fitted) reward model for dm and the DR family; may be null for the others
     * @param tau    Switch-DR's weight threshold
     * @param lambda DR-OS's shrinkage
     * @param seed   replay's sampling seed
     */
    public static OffPolicyEstimator byName(String name, RewardModel model, double tau, double lambda, long seed) {
        return switch (name) {
            case "ips" -> new Ips();
            case "snips" -> new SelfNormalizedIps();
            case "replay" -> Replay.sampling(seed);
            case "iips" -> SlateIps.independent();
            case "rips" -> SlateIps.rewardInteraction();
            case "slate-ips" -> SlateIps.standard();
            case "dm" -> new DirectMethod(needs(model, name));
            case "dr" -> DoublyRobust.standard(needs(model, name));
            case "sndr" -> DoublyRobust.selfNormalized(needs(model, name));
            case "switch-dr" -> DoublyRobust.switching(needs(model, name), tau);
            case "dr-os" -> DoublyRobust.optimisticShrinkage(needs(model, name), lambda);
            default -> throw new IllegalArgumentException("unknown estimator '" + name + "', known: " + NAMES);
        };
    }

    private static RewardModel needs(RewardModel model, String name) {
        if (model == null) throw new IllegalArgumentException(name + " needs a reward model");
        return model;
    }
}
