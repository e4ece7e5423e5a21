package dev.eddy.events.experiment;

import java.io.Serializable;
import java.util.Map;
import java.util.Optional;

/**
 * A segmentation of an experiment's users by one feature of the decisions' context, named in the experiments file
 * as {@code namespace:feature}. Features are sparse and named: a categorical one is logged as {@code "country=DE": 1}
 * and gives the segment {@code country=DE}; a numeric one ({@code "age": 31}) gives {@code age=31}.
 *
 * @param namespace the context namespace, e.g. {@code user}
 * @param feature   the feature's name within it, e.g. {@code country}
 */
// Serializable: the experiments job ships its compiled experiments to its tasks.
public record Segment(String namespace, String feature) implements Serializable {

    /** Reads {@code namespace:feature}; the message of the exception says what is wrong. */
    public static Segment parse(String spec) {
        int colon = spec.indexOf(':');
        if (colon <= 0 || colon == spec.length() - 1 || spec.indexOf(':', colon + 1) >= 0) {
            throw new IllegalArgumentException("must be namespace:feature, e.g. user:country, was '" + spec + "'");
        }
        Segment s = new Segment(spec.substring(0, colon), spec.substring(colon + 1));
        if (!s.namespace.strip().equals(s.namespace) || !s.feature.strip().equals(s.feature)
                || s.feature.contains("=")) {
            throw new IllegalArgumentException("must be namespace:feature without spaces or '=', was '" + spec + "'");
        }
        return s;
    }

    /**
     * This feature's segment in a decision's context: {@code feature=value}, or empty when the context lacks it. Of
     * several categorical values with a non-zero weight the first in name order wins, so that the choice does not
     * depend on the order the features were logged in.
     */
    public Optional<String> valueIn(Map<String, Map<String, Double>> context) {
        Map<String, Double> features = context.get(namespace);
        if (features == null) return Optional.empty();
        Double numeric = features.get(feature);
        if (numeric != null) return Optional.of(feature + "=" + number(numeric));
        String prefix = feature + "=";
        String best = null;
        for (Map.Entry<String, Double> f : features.entrySet()) {
            String key = f.getKey();
            if (key.length() > prefix.length() && key.startsWith(prefix) && f.getValue() != null && f.getValue() != 0
                    && (best == null || key.compareTo(best) < 0)) {
                best = key;
            }
        }
        return Optional.ofNullable(best);
    }

    @Override
    public String toString() {
        return namespace + ":" + feature;
    }

    /** 31 rather than 31.0 for whole numbers. */
    private static String number(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
