package dev.eddy.jobs.learn;

import java.util.Map;
import java.util.TreeMap;

/**
 * The working copy of one model inside a learner operator: the live learner object (rebuilding it from bytes for
 * every example would cost more than the update) and its counters. {@link #dirty} says that it changed since it was
 * last written to keyed state.
 */
final class LiveModel<L extends ModelLearner> {
    final String name;
    final L learner;
    long version;
    long updates;
    long publishedUpdates;
    boolean dirty;
    boolean publishTimerSet;
    /**
     * Decision time (epoch ms) of the newest example learned since this copy was built; {@link Long#MIN_VALUE}
     * before the first. Not in keyed state, so that the state's layout stays as checkpoints have it: after a restore
     * it is unknown until the next example, and a version published before then says nothing about it.
     */
    long decidedThrough = Long.MIN_VALUE;

    LiveModel(String name, L learner) {
        this.name = name;
        this.learner = learner;
    }

    /** The counters of a model rebuilt from keyed state. */
    LiveModel<L> withCounters(LearnerState s) {
        version = s.version;
        updates = s.updates;
        publishedUpdates = s.publishedUpdates;
        return this;
    }

    LearnerState toState() {
        LearnerState s = new LearnerState();
        s.learner = learner.learnerName();
        s.params = formatParams(learner.params());
        s.actions = learner.actions();
        s.snapshot = learner.snapshot();
        s.version = version;
        s.updates = updates;
        s.publishedUpdates = publishedUpdates;
        return s;
    }

    static String formatParams(Map<String, String> params) {
        StringBuilder b = new StringBuilder();
        new TreeMap<>(params).forEach((k, v) -> b.append(b.length() == 0 ? "" : ",").append(k).append('=').append(v));
        return b.toString();
    }

    static Map<String, String> parseParams(String text) {
        Map<String, String> out = new TreeMap<>();
        if (text == null || text.isEmpty()) return out;
        for (String kv : text.split(",")) {
            int eq = kv.indexOf('=');
            out.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return out;
    }
}
