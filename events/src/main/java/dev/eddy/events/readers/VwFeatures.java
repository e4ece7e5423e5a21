package dev.eddy.events.readers;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns one Vowpal Wabbit JSON example (the shared {@code c} object, one {@code _multi} element or one
 * {@code _slots} element) into Eddy's namespaced features, following VW's JSON rules:
 * <ul>
 *   <li>a key whose value is an object opens a namespace of that name, at any depth;</li>
 *   <li>a key whose value is an array of objects is one namespace holding the members of all of them;</li>
 *   <li>scalars directly in the example go to VW's default namespace {@code " "};</li>
 *   <li>strings become {@code key=value} with value 1; a boolean is VW's: {@code true} is the feature {@code key}
 *       with value 1, {@code false} adds nothing (an absent feature is 0); numbers keep their value (zero included:
 *       the event model takes any finite value). These are {@link dev.eddy.events.features.FeatureForms}' rules
 *       for what clients send to serving, so that a model learned from these logs sees the features serving
 *       hashes for the same context;</li>
 *   <li>keys starting with {@code _} are not features ({@code _tag}, {@code _multi}, {@code _expires}, ...).</li>
 * </ul>
 * Numbers in an array are named by their index in the array's namespace.
 */
final class VwFeatures {

    /** VW's name for the namespace of features not inside any object. */
    static final String DEFAULT_NAMESPACE = " ";

    private VwFeatures() {}

    static Map<String, Map<String, Double>> of(JsonNode example) {
        Map<String, Map<String, Double>> out = new LinkedHashMap<>();
        addMembers(example, DEFAULT_NAMESPACE, out);
        return out;
    }

    private static void addMembers(JsonNode object, String namespace, Map<String, Map<String, Double>> out) {
        for (Map.Entry<String, JsonNode> member : object.properties()) {
            String key = member.getKey();
            if (key.startsWith("_")) continue;
            addValue(key, member.getValue(), namespace, out);
        }
    }

    private static void addValue(String key, JsonNode value, String namespace, Map<String, Map<String, Double>> out) {
        if (value.isObject()) {
            addMembers(value, key, out);
        } else if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                JsonNode element = value.get(i);
                if (element.isNumber()) add(out, key, Integer.toString(i), element.doubleValue());
                else addValue(key, element, key, out);
            }
        } else if (value.isTextual()) {
            // An empty string names no category; a feature "key=" would only add noise.
            if (!value.textValue().isEmpty()) add(out, namespace, key + "=" + value.textValue(), 1.0);
        } else if (value.isNumber()) {
            add(out, namespace, key, value.doubleValue());
        } else if (value.isBoolean()) {
            if (value.booleanValue()) add(out, namespace, key, 1.0);
        }
        // JSON null carries no feature.
    }

    // VW adds features that hash alike; summing keeps that meaning for repeated names.
    private static void add(Map<String, Map<String, Double>> out, String namespace, String name, double value) {
        out.computeIfAbsent(namespace, k -> new LinkedHashMap<>()).merge(name, value, Double::sum);
    }
}
