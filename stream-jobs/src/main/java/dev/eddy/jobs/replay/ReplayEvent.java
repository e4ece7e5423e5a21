package dev.eddy.jobs.replay;

import dev.eddy.events.event.Decision;
import dev.eddy.events.event.JoinedExample;
import dev.eddy.events.event.Reward;
import dev.eddy.events.readers.OpenBanditReader;

import java.util.Map;

/**
 * A logged decision as the candidate policies see it in a replay: the first slot's logged action, its propensity,
 * the position it was shown at and the reward the log attributes to the decision.
 */
public record ReplayEvent(JoinedExample example, int loggedAction, double propensity, int position) {

    public static ReplayEvent of(JoinedExample example) {
        Decision d = example.decision();
        return new ReplayEvent(example, d.chosen().get(0), d.chosenProbability(), position(example));
    }

    public Decision decision() {
        return example.decision();
    }

    public double reward() {
        return example.reward();
    }

    public int actions() {
        return example.decision().candidates().size();
    }

    /**
     * The slot the logged action was shown in, from 0: the slot of the first reward that names one, else the
     * {@code slot.position} context feature that Open Bandit logs carry (1-based there), else 0.
     */
    static int position(JoinedExample example) {
        for (Reward r : example.rewards()) {
            if (r.slot() != null) return r.slot();
        }
        Map<String, Double> slot = example.decision().context().get(OpenBanditReader.SLOT_NS);
        if (slot != null && slot.get("position") != null) return (int) Math.round(slot.get("position")) - 1;
        return 0;
    }
}
