package dev.eddy.events.features;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns features in the JSON forms people send to Vowpal Wabbit and Azure Personalizer into Eddy's one form,
 * namespace → feature name → number, which is what the event model carries and learners hash. The rules
 * (docs/events.md, "Features in the forms clients send"):
 * <ul>
 *   <li>the canonical form is read unchanged: {@code {"user": {"age": 0.3}}} stays namespace {@code user}, feature
 *       {@code age}, in the order sent, so that its hashing, and so every existing model's score, is the same;</li>
 *   <li>a scalar outside any object goes to {@link #DEFAULT_NAMESPACE} (VW's default namespace, a space);</li>
 *   <li>a number keeps its name and value; a string is categorical, {@code "device": "ios"} → {@code device=ios}
 *       with value 1 (an empty string names no category and adds nothing); a boolean is VW's: {@code true} →
 *       the feature with value 1, {@code false} → nothing (an absent feature is 0);</li>
 *   <li>a key whose value is an object opens a namespace of that name, at any depth (VW's rule);</li>
 *   <li>an array of objects adds each object's members where the array stands, so Personalizer's
 *       {@code [{"user": {...}}, {"device": {...}}]} is namespaces {@code user} and {@code device}; an array of
 *       strings is one categorical feature per string; numbers in an array are named by their index, in the
 *       namespace of the array's key (a dense vector);</li>
 *   <li>a name that comes twice into one namespace sums its values, as VW adds features that hash alike.</li>
 * </ul>
 * Refused, with the JSON path of the value: {@code null}, a number that is not finite as a double, a bare scalar
 * where the features themselves should be, and nesting deeper than {@link #MAX_DEPTH}.
 */
public final class FeatureForms {

    /** Where features outside any namespace go: VW's default namespace. */
    public static final String DEFAULT_NAMESPACE = " ";

    /** Objects and arrays inside one feature set; far beyond any real use, it bounds the work of a hostile body. */
    public static final int MAX_DEPTH = 16;

    private FeatureForms() {}

    /** A value that no form allows, with the path of it below the feature set ({@code ["user", "age"]}). */
    public static final class InvalidFeaturesException extends Exception {
        private final List<Object> path;
        private final String problem;

        InvalidFeaturesException(List<Object> path, String problem) {
            super(render(path) + ": " + problem);
            this.path = List.copyOf(path);
            this.problem = problem;
        }

        /** Names (String) and array indices (Integer), outermost first; empty for the feature set itself. */
        public List<Object> path() {
            return path;
        }

        /** What was wrong, without the path: "expected ..., got ...". */
        public String problem() {
            return problem;
        }

        private static String render(List<Object> path) {
            StringBuilder out = new StringBuilder();
            for (Object p : path) {
                if (p instanceof Integer i) out.append('[').append(i).append(']');
                else out.append(out.isEmpty() ? "" : ".").append(p);
            }
            return out.isEmpty() ? "features" : out.toString();
        }
    }

    /** The canonical form of {@code features} (an object, or an array of objects); null stays null. */
    public static Map<String, Map<String, Double>> normalise(JsonNode features) throws InvalidFeaturesException {
        if (features == null || features.isNull()) return null;
        Map<String, Map<String, Double>> out = new LinkedHashMap<>();
        List<Object> path = new ArrayList<>();
        if (features.isObject()) {
            members(features, DEFAULT_NAMESPACE, path, 1, out);
        } else if (features.isArray()) {
            for (int i = 0; i < features.size(); i++) {
                JsonNode element = features.get(i);
                path.add(i);
                if (!element.isObject()) {
                    throw new InvalidFeaturesException(path, "expected an object of features, got " + kind(element));
                }
                members(element, DEFAULT_NAMESPACE, path, 2, out);
                path.remove(path.size() - 1);
            }
        } else {
            throw new InvalidFeaturesException(path,
                    "expected an object of features or an array of such objects, got " + kind(features));
        }
        return out;
    }

    private static void members(JsonNode object, String namespace, List<Object> path, int depth,
                                Map<String, Map<String, Double>> out) throws InvalidFeaturesException {
        for (Map.Entry<String, JsonNode> member : object.properties()) {
            path.add(member.getKey());
            value(member.getKey(), member.getValue(), namespace, path, depth, out);
            path.remove(path.size() - 1);
        }
    }

    private static void value(String key, JsonNode value, String namespace, List<Object> path, int depth,
                              Map<String, Map<String, Double>> out) throws InvalidFeaturesException {
        if (value.isObject() || value.isArray()) {
            if (depth >= MAX_DEPTH) throw new InvalidFeaturesException(path, "nested deeper than " + MAX_DEPTH + " levels");
        }
        if (value.isObject()) {
            // An empty namespace stays, as the canonical form had it (and wrote it to the decision).
            if (value.isEmpty()) out.computeIfAbsent(key, k -> new LinkedHashMap<>());
            members(value, key, path, depth + 1, out);
        } else if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                JsonNode element = value.get(i);
                path.add(i);
                if (element.isNumber()) add(out, key, Integer.toString(i), number(element, path));
                else if (element.isObject()) members(element, key, path, depth + 1, out);
                else value(key, element, key, path, depth + 1, out);
                path.remove(path.size() - 1);
            }
        } else if (value.isTextual()) {
            if (!value.textValue().isEmpty()) add(out, namespace, key + "=" + value.textValue(), 1.0);
        } else if (value.isNumber()) {
            add(out, namespace, key, number(value, path));
        } else if (value.isBoolean()) {
            if (value.booleanValue()) add(out, namespace, key, 1.0);
        } else {
            throw new InvalidFeaturesException(path,
                    "expected a number, string, boolean, object or array, got " + kind(value));
        }
    }

    private static double number(JsonNode n, List<Object> path) throws InvalidFeaturesException {
        double v = n.doubleValue();
        if (!Double.isFinite(v)) {
            throw new InvalidFeaturesException(path, "expected a finite number, got one beyond the range of a double");
        }
        return v;
    }

    // Insertion order is JSON order: the canonical form hashes exactly as it did when read straight into maps.
    private static void add(Map<String, Map<String, Double>> out, String namespace, String name, double value) {
        out.computeIfAbsent(namespace, k -> new LinkedHashMap<>()).merge(name, value, Double::sum);
    }

    /** A JSON value's kind, as an error message says what came. */
    public static String kind(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) return "null";
        if (n.isObject()) return "an object";
        if (n.isArray()) return "an array";
        if (n.isTextual()) return "a string";
        if (n.isBoolean()) return n.booleanValue() ? "true" : "false";
        if (n.isNumber()) return "a number";
        return "a value of another kind";
    }
}
