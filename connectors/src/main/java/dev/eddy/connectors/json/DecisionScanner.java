package dev.eddy.connectors.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;

import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.Set;

/**
 * A fast path for jobs that only need a decision's eventId and time but must not let an invalid decision through:
 * one streaming pass over the JSON that checks every rule of {@link EventValidator} without building the record
 * (no maps, no boxed numbers). It only ever says "valid": for anything it is not sure about, and for every invalid
 * record, it answers {@code null}, and the caller goes through {@link EventJson#parseDecision}, which decides and
 * gives the exact reason. So it can never reject a valid decision, and a test checks that it never accepts a
 * decision {@code EventJson} rejects.
 */
public final class DecisionScanner {

    /** What the join needs of a valid decision. */
    public record Key(String eventId, long timestampMillis) {}

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER).build();

    private DecisionScanner() {}

    /** The key of {@code json} if it is certainly a valid decision, else null (ask {@link EventJson}). */
    public static Key scan(byte[] json) {
        if (json == null || json.length == 0) return null;
        try (JsonParser p = FACTORY.createParser(json)) {
            Key key = new Scan(p).decision();
            return key != null && p.nextToken() == null ? key : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** One pass; every method returns false (or null) as soon as it is not sure. */
    private static final class Scan {
        private final JsonParser p;
        private String eventId;
        private long timestamp = Long.MIN_VALUE;
        private int candidates = -1;
        private int chosenCount = -1;
        private int maxChosen = -1;
        private int probabilityCount = -1;
        private int distributionCount = -1;
        private double distributionSum;

        Scan(JsonParser p) {
            this.p = p;
        }

        Key decision() throws IOException {
            if (p.nextToken() != JsonToken.START_OBJECT) return null;
            Set<String> seen = new HashSet<>(32);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                if (!seen.add(field)) return null; // duplicate keys: leave "last one wins" to the reference
                JsonToken t = p.nextToken();
                boolean ok = switch (field) {
                    case "eventId" -> t == JsonToken.VALUE_STRING && !(eventId = p.getText()).isBlank();
                    case "timestamp" -> timestamp(t);
                    case "userId", "sessionId", "experimentId", "variant", "policy" ->
                            t == JsonToken.VALUE_STRING || t == JsonToken.VALUE_NULL;
                    case "step" -> t == JsonToken.VALUE_NULL || (t == JsonToken.VALUE_NUMBER_INT
                            && p.getNumberType() == JsonParser.NumberType.INT && p.getIntValue() >= 0);
                    case "modelVersion" -> t == JsonToken.VALUE_NULL || (t == JsonToken.VALUE_NUMBER_INT
                            && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER);
                    case "context" -> t == JsonToken.VALUE_NULL || features(t);
                    case "candidates" -> candidates(t);
                    case "chosen" -> chosen(t);
                    case "probabilities" -> probabilities(t);
                    case "distribution" -> t == JsonToken.VALUE_NULL || distribution(t);
                    case "weight" -> t == JsonToken.VALUE_NULL || (number(t) && p.getDoubleValue() > 0
                            && Double.isFinite(p.getDoubleValue()));
                    case "skipLearn" -> t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE || t == JsonToken.VALUE_NULL;
                    default -> skip(t);
                };
                if (!ok) return null;
            }
            if (p.currentToken() != JsonToken.END_OBJECT) return null;
            boolean valid = eventId != null && timestamp != Long.MIN_VALUE && candidates > 0
                    && chosenCount > 0 && maxChosen < candidates && probabilityCount == chosenCount
                    && (distributionCount < 0 || (distributionCount == candidates
                    && Math.abs(distributionSum - 1.0) <= EventValidator.DISTRIBUTION_TOLERANCE));
            return valid ? new Key(eventId, timestamp) : null;
        }

        private boolean timestamp(JsonToken t) throws IOException {
            if (t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
                timestamp = p.getLongValue();
                return true;
            }
            if (t != JsonToken.VALUE_STRING) return false;
            String text = p.getText().trim();
            try {
                timestamp = Instant.parse(text).toEpochMilli();
            } catch (DateTimeParseException e) {
                try {
                    timestamp = OffsetDateTime.parse(text).toInstant().toEpochMilli();
                } catch (DateTimeParseException | ArithmeticException e2) {
                    return false;
                }
            } catch (ArithmeticException e) {
                return false;
            }
            return true;
        }

        private boolean number(JsonToken t) {
            return t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT;
        }

        /** namespace → name → finite number, no nulls. */
        private boolean features(JsonToken t) throws IOException {
            if (t != JsonToken.START_OBJECT) return false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                if (p.nextToken() != JsonToken.START_OBJECT) return false;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    JsonToken v = p.nextToken();
                    if (!number(v) || !Double.isFinite(p.getDoubleValue())) return false;
                }
            }
            return true;
        }

        private boolean candidates(JsonToken t) throws IOException {
            if (t != JsonToken.START_ARRAY) return false;
            int n = 0;
            while (p.nextToken() == JsonToken.START_OBJECT) {
                boolean hasId = false;
                Set<String> seen = new HashSet<>(4);
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    if (!seen.add(field)) return false;
                    JsonToken v = p.nextToken();
                    boolean ok = switch (field) {
                        case "id" -> v == JsonToken.VALUE_STRING && (hasId = !p.getText().isBlank());
                        case "features" -> v == JsonToken.VALUE_NULL || features(v);
                        default -> skip(v);
                    };
                    if (!ok) return false;
                }
                if (!hasId) return false;
                n++;
            }
            candidates = n;
            return p.currentToken() == JsonToken.END_ARRAY;
        }

        private boolean chosen(JsonToken t) throws IOException {
            if (t != JsonToken.START_ARRAY) return false;
            Set<Integer> seen = new HashSet<>(8);
            int n = 0;
            while (p.nextToken() == JsonToken.VALUE_NUMBER_INT) {
                if (p.getNumberType() != JsonParser.NumberType.INT) return false;
                int idx = p.getIntValue();
                if (idx < 0 || !seen.add(idx)) return false;
                maxChosen = Math.max(maxChosen, idx);
                n++;
            }
            chosenCount = n;
            return p.currentToken() == JsonToken.END_ARRAY;
        }

        private boolean probabilities(JsonToken t) throws IOException {
            if (t != JsonToken.START_ARRAY) return false;
            int n = 0;
            JsonToken v;
            while (number(v = p.nextToken())) {
                double x = p.getDoubleValue();
                if (!(x > 0.0 && x <= 1.0)) return false;
                n++;
            }
            probabilityCount = n;
            return v == JsonToken.END_ARRAY;
        }

        private boolean distribution(JsonToken t) throws IOException {
            if (t != JsonToken.START_ARRAY) return false;
            int n = 0;
            double sum = 0;
            JsonToken v;
            while (number(v = p.nextToken())) {
                double x = p.getDoubleValue();
                if (!(x >= 0.0 && x <= 1.0)) return false;
                sum += x;
                n++;
            }
            distributionCount = n;
            distributionSum = sum;
            return v == JsonToken.END_ARRAY;
        }

        /** Unknown fields are ignored, as the reference ignores them. */
        private boolean skip(JsonToken ignored) throws IOException {
            p.skipChildren();
            return true;
        }
    }
}
