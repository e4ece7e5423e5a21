package dev.eddy.tools.cluster;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The exactly-once check: {@code eddy.examples}, read with read_committed, holds exactly one example per decision that
 * reached {@code eddy.decisions} (keys are the decisions' event ids on both topics). Decisions logged after
 * {@code cutoffMs} are left out: their attribution windows may still be open.
 *
 * @param decisions decisions logged up to the cutoff
 * @param examples  examples of those decisions
 * @param missing   of those decisions, how many have no example
 * @param duplicate examples beyond the first of the same decision (over the whole topic)
 * @param unknown   examples of no logged decision
 */
record ExactlyOnce(long decisions, long examples, long missing, long duplicate, long unknown) {

    String line() {
        return "exactly-once: " + decisions + " decisions, " + examples + " examples, " + missing + " missing, "
                + duplicate + " duplicate" + (unknown == 0 ? "" : ", " + unknown + " of no logged decision");
    }

    boolean holds() {
        return missing == 0 && duplicate == 0 && unknown == 0 && decisions > 0;
    }

    /** Reads both topics, again until nothing is missing or {@code wait} has passed (the last windows close). */
    static ExactlyOnce check(String bootstrap, String decisionsTopic, String examplesTopic, long cutoffMs, Duration wait)
            throws InterruptedException {
        long end = System.nanoTime() + wait.toNanos();
        while (true) {
            ExactlyOnce r = once(bootstrap, decisionsTopic, examplesTopic, cutoffMs);
            if (r.missing() == 0 || System.nanoTime() > end) return r;
            Thread.sleep(3_000);
        }
    }

    static Set<String> decisionIds(String bootstrap, String topic) {
        Set<String> ids = new HashSet<>();
        TopicReads.readAll(bootstrap, topic, Duration.ofMinutes(2), r -> ids.add(r.key()));
        return ids;
    }

    private static ExactlyOnce once(String bootstrap, String decisionsTopic, String examplesTopic, long cutoffMs) {
        Set<String> all = new HashSet<>();
        Set<String> inWindow = new HashSet<>();
        TopicReads.readAll(bootstrap, decisionsTopic, Duration.ofMinutes(2), r -> {
            all.add(r.key());
            if (r.timestamp() <= cutoffMs) inWindow.add(r.key());
        });
        Map<String, Integer> examples = new HashMap<>();
        TopicReads.readAll(bootstrap, examplesTopic, Duration.ofMinutes(2), r -> examples.merge(r.key(), 1, Integer::sum));
        long covered = inWindow.stream().filter(examples::containsKey).count();
        long duplicate = examples.values().stream().mapToLong(n -> n - 1).sum();
        long unknown = examples.keySet().stream().filter(k -> !all.contains(k)).count();
        return new ExactlyOnce(inWindow.size(), covered, inWindow.size() - covered, duplicate, unknown);
    }
}
