package dev.eddy.recsys.lifecycle;

import java.util.List;

/**
 * Whether the trainer can roll its model back to a version: only to one of the accepted versions it keeps in state
 * (the current one and the {@code retrain.keep-versions} before it), and not to the current one. Fold-in versions
 * are not kept (they are the kept version they extend plus rows of new users), nor are versions from before a
 * start without state.
 */
public final class Rollback {
    private Rollback() {}

    public record Decision(boolean accepted, String reason) {}

    /**
     * @param kept    the kept versions, ascending
     * @param current the current accepted version, 0 when there is none
     */
    public static Decision decide(String model, long toVersion, long current, List<Long> kept) {
        if (kept.isEmpty()) {
            return new Decision(false, "no version " + toVersion + " kept for " + model + "; kept: [] (no version accepted yet)");
        }
        if (toVersion == current) {
            return new Decision(false, "version " + toVersion + " is already the current version of " + model + "; kept: " + kept);
        }
        if (!kept.contains(toVersion)) {
            return new Decision(false, "no version " + toVersion + " kept for " + model + "; kept: " + kept + ", current " + current);
        }
        return new Decision(true, "rollback of " + model + " from version " + current + " to the tables of version " + toVersion);
    }
}
