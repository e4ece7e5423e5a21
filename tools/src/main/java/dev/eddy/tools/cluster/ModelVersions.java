package dev.eddy.tools.cluster;

import dev.eddy.events.event.ModelManifest;
import dev.eddy.events.json.EventJson;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The versions check: each model's manifests on {@code eddy.models} (read_committed, in the order published; the
 * topic has one partition) carry versions that strictly increase by one, across every fault.
 */
record ModelVersions(Map<String, List<Long>> versions) {

    static ModelVersions read(String bootstrap, String topic) {
        Map<String, List<Long>> versions = new TreeMap<>();
        TopicReads.readAll(bootstrap, topic, Duration.ofMinutes(2), r -> {
            if (r.key() == null || !r.key().endsWith("/manifest")) return;
            try {
                if (EventJson.parseModelPart(r.value()) instanceof ModelManifest m) {
                    versions.computeIfAbsent(m.model(), k -> new ArrayList<>()).add(m.version());
                }
            } catch (Exception unreadable) {
                versions.computeIfAbsent("(unreadable manifest)", k -> new ArrayList<>()).add(-1L);
            }
        });
        return new ModelVersions(versions);
    }

    boolean holds() {
        return !versions.isEmpty() && versions.keySet().stream().allMatch(m -> problems(versions.get(m)).isEmpty());
    }

    List<String> lines() {
        List<String> out = new ArrayList<>();
        if (versions.isEmpty()) out.add("model versions: no model was published");
        versions.forEach((model, v) -> {
            List<String> problems = problems(v);
            out.add("model versions: " + model + " " + v.get(0) + ".." + v.get(v.size() - 1) + " (" + v.size()
                    + " published) " + (problems.isEmpty() ? "strictly increasing, no gap" : String.join("; ", problems)));
        });
        return out;
    }

    private static List<String> problems(List<Long> v) {
        List<String> out = new ArrayList<>();
        for (int i = 1; i < v.size(); i++) {
            long prev = v.get(i - 1);
            long next = v.get(i);
            if (next <= prev) out.add("version " + next + " after " + prev);
            else if (next != prev + 1) out.add("gap " + prev + " -> " + next);
        }
        return out;
    }
}
