package dev.eddy.bandits.eval;

import dev.eddy.events.event.ModelManifest;
import dev.eddy.events.features.HashingConfig;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A learner's feature hashing as {@code hashing.*} manifest params and back: a published model can only be restored
 * with the exact hashing it was trained with, so every model spec writes and reads it the same way.
 */
public final class HashingParams {
    private HashingParams() {}

    public static void write(HashingConfig hashing, Map<String, String> out) {
        out.put("hashing.bits", String.valueOf(hashing.bits()));
        out.put("hashing.seed", String.valueOf(hashing.seed()));
        out.put("hashing.signed", String.valueOf(hashing.signed()));
        out.put("hashing.bias", String.valueOf(hashing.bias()));
        List<String> crosses = new ArrayList<>();
        for (HashingConfig.Cross c : hashing.crosses()) crosses.add(c.left() + ":" + c.right());
        out.put("hashing.crosses", String.join(",", crosses));
    }

    public static HashingConfig read(ModelManifest m) {
        String crosses = m.params().getOrDefault("hashing.crosses", "");
        return new HashingConfig(Integer.parseInt(required(m, "hashing.bits")),
                Integer.parseInt(required(m, "hashing.seed")), Boolean.parseBoolean(required(m, "hashing.signed")),
                crosses.isEmpty() ? List.of() : Arrays.stream(crosses.split(",")).map(HashingConfig.Cross::parse).toList(),
                Boolean.parseBoolean(required(m, "hashing.bias")));
    }

    /** A manifest param that must be there, or an error naming the version and the key. */
    public static String required(ModelManifest m, String key) {
        String v = m.params().get(key);
        if (v == null) throw new IllegalArgumentException(m.model() + "/" + m.version() + ": manifest has no '" + key + "'");
        return v;
    }
}
