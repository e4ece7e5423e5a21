package dev.eddy.recsys.lifecycle;

/**
 * The publication gate (like Alink's model filter): a new version is accepted when its held-out Recall@20 is not
 * below the published version's on the same slice by more than the tolerance. Without a published version, or
 * without a held-out slice (no user with two items), there is nothing to compare and the version is accepted.
 */
public final class Gate {
    private Gate() {}

    public record Decision(boolean accepted, String reason) {}

    public static Decision decide(HoldoutMetrics candidate, HoldoutMetrics current, int holdoutUsers, double tolerance) {
        if (current == null) return new Decision(true, "first version");
        if (holdoutUsers == 0) return new Decision(true, "no held-out slice to compare on");
        double floor = current.recall() - tolerance;
        if (candidate.recall() >= floor) {
            return new Decision(true, String.format("recall@20 %.4f >= %.4f (current %.4f - tolerance %s) on %d held-out users",
                    candidate.recall(), floor, current.recall(), tolerance, holdoutUsers));
        }
        return new Decision(false, String.format("recall@20 %.4f < %.4f (current %.4f - tolerance %s) on %d held-out users"
                        + "; ndcg@20 %.4f vs current %.4f", candidate.recall(), floor, current.recall(), tolerance,
                holdoutUsers, candidate.ndcg(), current.ndcg()));
    }
}
