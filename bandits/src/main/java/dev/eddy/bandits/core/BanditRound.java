package dev.eddy.bandits.core;

import dev.eddy.events.features.SparseVector;

import java.util.List;

/**
 * One round as a learner sees it: the joint features φ(context, action) of each candidate action, all of the same
 * dimension. The number of actions may change from round to round.
 */
public record BanditRound(List<SparseVector> actions) {
    public BanditRound {
        if (actions == null || actions.isEmpty()) throw new IllegalArgumentException("a round needs at least one action");
        int d = actions.get(0).dimension();
        for (SparseVector a : actions) {
            if (a.dimension() != d) throw new IllegalArgumentException("all actions of a round must have dimension " + d);
        }
        actions = List.copyOf(actions);
    }

    public int size() {
        return actions.size();
    }

    public int dimension() {
        return actions.get(0).dimension();
    }
}
