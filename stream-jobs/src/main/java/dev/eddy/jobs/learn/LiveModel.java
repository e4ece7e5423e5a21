package dev.eddy.jobs.learn;

import dev.eddy.bandits.core.ContextualBandit;
import dev.eddy.bandits.eval.BanditModelSpec;

import java.util.Map;
import java.util.TreeMap;

/**
 * The working copy of one model inside the learner operator: the live learner object (rebuilding it from bytes for
 * every example would cost more than the update) and its counters. {@link #dirty} says that it changed since it was
 * last written to keyed state.
 */
final class LiveModel {
    final String name;
    final BanditModelSpec spec;
    final ContextualBandit bandit;
    long version;
    long updates;
    long publishedUpdates;
    boolean dirty;
    boolean publishTimerSet;

    private LiveModel(String name, BanditModelSpec spec, ContextualBandit bandit) {
        this.name = name;
        this.spec = spec;
        this.bandit = bandit;
    }

    static LiveModel fresh(String name, BanditModelSpec spec) {
        return new LiveModel(name, spec, spec.create());
    }

    /** Rebuilds the model from keyed state: same learner, same parameters, same counters. */
    static LiveModel restored(String name, LearnerState s, LearnerSettings settings) {
        BanditModelSpec spec = new BanditModelSpec(s.learner, parseParams(s.params), settings.hashing(), s.actions,
                settings.seed());
        LiveModel m = new LiveModel(name, spec, spec.create());
        m.bandit.restore(s.snapshot);
        m.version = s.version;
        m.updates = s.updates;
        m.publishedUpdates = s.publishedUpdates;
        return m;
    }

    LearnerState toState() {
        LearnerState s = new LearnerState();
        s.learner = spec.learner();
        s.params = formatParams(spec.params());
        s.actions = spec.actions();
        s.snapshot = bandit.snapshot();
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
