package dev.eddy.serving.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.eddy.events.features.FeatureForms;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Reads a request's {@code context} or a candidate's {@code features} in any form {@link FeatureForms} accepts and
 * hands on the canonical namespace → feature → number maps, so that everything after parsing (validation, ranking,
 * the decision logged to Kafka) sees the one form the event model and the learners know.
 */
final class FeaturesDeserializer extends JsonDeserializer<Map<String, Map<String, Double>>> {

    /** A value no feature form allows; its path (below the field) is in Jackson's path, its message says why. */
    static final class InvalidFeaturesException extends JsonMappingException {
        InvalidFeaturesException(JsonParser p, String problem) {
            super(p, problem);
        }
    }

    @Override
    public Map<String, Map<String, Double>> deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        JsonNode tree = ctxt.readTree(p);
        try {
            return FeatureForms.normalise(tree);
        } catch (FeatureForms.InvalidFeaturesException e) {
            InvalidFeaturesException out = new InvalidFeaturesException(p, e.problem());
            // Jackson prepends the field's own path as the exception passes up; the inner steps come first.
            List<Object> path = e.path();
            for (int i = path.size() - 1; i >= 0; i--) {
                Object step = path.get(i);
                if (step instanceof Integer index) out.prependPath(tree, index);
                else out.prependPath(tree, (String) step);
            }
            throw out;
        }
    }
}
