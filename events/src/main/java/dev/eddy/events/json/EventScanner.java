package dev.eddy.events.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;

/**
 * Reads a decision's or reward's identity (event id, event time; for a reward its value and dedup key) from its
 * JSON in one pass over the token stream, checking on the way everything that binding it ({@link EventJson}) and
 * {@link EventValidator} would check, without building the record: binding the whole decision was 89 % of the
 * join source's CPU time (issue #18).
 *
 * <p>It only vouches: a scan returns a result only when the record is certainly valid, and null as soon as
 * anything is unusual (a wrong type, a null where a value must be, a repeated field, a number out of range, a
 * timestamp not in the common UTC shape, a parse error). {@link EventJson} then binds and validates the record the
 * full way, which decides and says why, so that what is accepted and every refusal's reason stay as they were.
 * {@code EventScannerTest} checks that the scan never accepts what binding refuses.
 */
public final class EventScanner {

    /** A decision's identity. */
    public record DecisionId(String eventId, long timeMillis) {}

    /** A reward's identity and value; {@code dedupKey} as {@code Reward.dedupKey()}. */
    public record RewardId(String eventId, long timeMillis, double value, String dedupKey) {}

    private static final long NO_TIME = Long.MIN_VALUE;

    private EventScanner() {}

    /** The decision's identity if the decision is certainly valid, else null. */
    static DecisionId decision(JsonParser p) {
        try (p) {
            return new DecisionScan(p).run();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The reward's identity if the reward is certainly valid, else null. */
    static RewardId reward(JsonParser p) {
        try (p) {
            return scanReward(p);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Thrown to give up the scan: the full parse decides. */
    private static final class Unsure extends Exception {
        static final Unsure INSTANCE = new Unsure();

        private Unsure() {
            super(null, null, false, false);
        }
    }

    private static final class DecisionScan {
        private final JsonParser p;
        private int seen;                 // bit per known top-level field, to give up on a repeated one
        private String eventId;
        private long time = NO_TIME;
        private int candidates = -1;      // -1: absent (binding makes it empty, which the validator refuses)
        private int[] chosen = new int[0];
        private int chosenCount = -1;
        private int probabilities = -1;
        private double[] distribution;
        private int distributionCount = -1;

        DecisionScan(JsonParser p) {
            this.p = p;
        }

        DecisionId run() throws IOException {
            try {
                if (p.nextToken() != JsonToken.START_OBJECT) return null;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken t = p.nextToken();
                    field(name, t);
                }
                if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) return null;
                return verdict();
            } catch (Unsure u) {
                return null;
            }
        }

        private void field(String name, JsonToken t) throws IOException, Unsure {
            switch (name) {
                case "eventId" -> {
                    once(0);
                    eventId = requiredId(t);
                }
                case "timestamp" -> {
                    once(1);
                    time = timestamp(p, t);
                }
                case "userId" -> optionalText(2, t);
                case "sessionId" -> optionalText(3, t);
                case "experimentId" -> optionalText(4, t);
                case "variant" -> optionalText(5, t);
                case "policy" -> optionalText(6, t);
                case "step" -> {
                    once(7);
                    if (t != JsonToken.VALUE_NULL && intValue(p, t) < 0) throw Unsure.INSTANCE;
                }
                case "modelVersion" -> {
                    once(8);
                    if (t != JsonToken.VALUE_NULL) longValue(p, t);
                }
                case "context" -> {
                    once(9);
                    features(p, t);
                }
                case "candidates" -> {
                    once(10);
                    candidates = candidates(t);
                }
                case "chosen" -> {
                    once(11);
                    chosenCount = chosen(t);
                }
                case "probabilities" -> {
                    once(12);
                    probabilities = probabilities(t);
                }
                case "distribution" -> {
                    once(13);
                    distributionCount = distribution(t);
                }
                case "weight" -> {
                    once(14);
                    if (t != JsonToken.VALUE_NULL && !(number(p, t) > 0 && Double.isFinite(p.getDoubleValue()))) {
                        throw Unsure.INSTANCE;
                    }
                }
                case "skipLearn" -> {
                    once(15);
                    if (t != JsonToken.VALUE_TRUE && t != JsonToken.VALUE_FALSE && t != JsonToken.VALUE_NULL) {
                        throw Unsure.INSTANCE;
                    }
                }
                case "latencyMs" -> {
                    once(16);
                    if (t != JsonToken.VALUE_NULL) {
                        double v = number(p, t);
                        if (!(v >= 0 && Double.isFinite(v))) throw Unsure.INSTANCE;
                    }
                }
                default -> skip(p, t); // unknown fields are ignored, as binding ignores them
            }
        }

        private void once(int bit) throws Unsure {
            if ((seen & (1 << bit)) != 0) throw Unsure.INSTANCE;
            seen |= 1 << bit;
        }

        private void optionalText(int bit, JsonToken t) throws IOException, Unsure {
            once(bit);
            if (t == JsonToken.VALUE_STRING) {
                p.getText(); // decoded as binding decodes it, so that bad text fails here too
            } else if (t != JsonToken.VALUE_NULL) {
                throw Unsure.INSTANCE;
            }
        }

        private String requiredId(JsonToken t) throws IOException, Unsure {
            if (t != JsonToken.VALUE_STRING) throw Unsure.INSTANCE;
            String id = p.getText();
            if (id.isBlank()) throw Unsure.INSTANCE;
            return id;
        }

        private int candidates(JsonToken t) throws IOException, Unsure {
            if (t != JsonToken.START_ARRAY) throw Unsure.INSTANCE;
            int n = 0;
            JsonToken e;
            while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
                if (e != JsonToken.START_OBJECT) throw Unsure.INSTANCE;
                boolean id = false;
                boolean features = false;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken v = p.nextToken();
                    if (name.equals("id")) {
                        if (id) throw Unsure.INSTANCE;
                        id = true;
                        requiredId(v);
                    } else if (name.equals("features")) {
                        if (features) throw Unsure.INSTANCE;
                        features = true;
                        features(p, v);
                    } else {
                        skip(p, v);
                    }
                }
                if (!id) throw Unsure.INSTANCE;
                n++;
            }
            return n;
        }

        private int chosen(JsonToken t) throws IOException, Unsure {
            if (t != JsonToken.START_ARRAY) throw Unsure.INSTANCE;
            int n = 0;
            JsonToken e;
            while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
                int idx = intValue(p, e);
                if (idx < 0) throw Unsure.INSTANCE;
                if (n == chosen.length) chosen = Arrays.copyOf(chosen, Math.max(4, n * 2));
                chosen[n++] = idx;
            }
            return n;
        }

        private int probabilities(JsonToken t) throws IOException, Unsure {
            if (t != JsonToken.START_ARRAY) throw Unsure.INSTANCE;
            int n = 0;
            JsonToken e;
            while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
                double v = number(p, e);
                if (!(v > 0.0 && v <= 1.0)) throw Unsure.INSTANCE;
                n++;
            }
            return n;
        }

        private int distribution(JsonToken t) throws IOException, Unsure {
            if (t == JsonToken.VALUE_NULL) return -1;
            if (t != JsonToken.START_ARRAY) throw Unsure.INSTANCE;
            distribution = new double[8];
            int n = 0;
            JsonToken e;
            while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
                double v = number(p, e);
                if (!(v >= 0.0 && v <= 1.0)) throw Unsure.INSTANCE;
                if (n == distribution.length) distribution = Arrays.copyOf(distribution, n * 2);
                distribution[n++] = v;
            }
            return n;
        }

        /** The checks that need more than one field, as {@link EventValidator} makes them. */
        private DecisionId verdict() {
            if (eventId == null || time == NO_TIME || candidates < 1 || chosenCount < 1) return null;
            if (probabilities != chosenCount) return null;
            for (int s = 0; s < chosenCount; s++) {
                if (chosen[s] >= candidates) return null;
                for (int q = 0; q < s; q++) if (chosen[q] == chosen[s]) return null;
            }
            if (distributionCount >= 0) {
                if (distributionCount != candidates) return null;
                double sum = 0;
                for (int i = 0; i < distributionCount; i++) sum += distribution[i];
                if (Math.abs(sum - 1.0) > EventValidator.DISTRIBUTION_TOLERANCE) return null;
            }
            return new DecisionId(eventId, time);
        }
    }

    private static RewardId scanReward(JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) return null;
        String eventId = null;
        long time = NO_TIME;
        double value = Double.NaN;
        Integer slot = null;
        String type = null;
        String rewardId = null;
        int seen = 0;
        try {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                int bit = switch (name) {
                    case "eventId" -> 1;
                    case "timestamp" -> 2;
                    case "value" -> 4;
                    case "slot" -> 8;
                    case "type" -> 16;
                    case "rewardId" -> 32;
                    default -> 0;
                };
                if ((seen & bit) != 0) return null;
                seen |= bit;
                switch (name) {
                    case "eventId" -> {
                        if (t != JsonToken.VALUE_STRING) return null;
                        eventId = p.getText();
                        if (eventId.isBlank()) return null;
                    }
                    case "timestamp" -> time = timestamp(p, t);
                    case "value" -> {
                        value = number(p, t);
                        if (!Double.isFinite(value)) return null;
                    }
                    case "slot" -> {
                        if (t != JsonToken.VALUE_NULL) {
                            slot = intValue(p, t);
                            if (slot < 0) return null;
                        }
                    }
                    case "type" -> type = optionalText(p, t);
                    case "rewardId" -> rewardId = optionalText(p, t);
                    default -> skip(p, t);
                }
            }
        } catch (Unsure u) {
            return null;
        }
        if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) return null;
        if (eventId == null || time == NO_TIME || (seen & 4) == 0) return null;
        // As Reward.dedupKey() makes it.
        String dedupKey = rewardId != null ? rewardId : time + "|" + (slot == null ? "" : slot) + "|"
                + (type == null ? "" : type) + "|" + Double.doubleToLongBits(value);
        return new RewardId(eventId, time, value, dedupKey);
    }

    private static String optionalText(JsonParser p, JsonToken t) throws IOException, Unsure {
        if (t == JsonToken.VALUE_STRING) return p.getText();
        if (t == JsonToken.VALUE_NULL) return null;
        throw Unsure.INSTANCE;
    }

    /** Epoch ms of an event time in the shapes that read the same in {@link FlexibleInstantDeserializer}. */
    private static long timestamp(JsonParser p, JsonToken t) throws IOException, Unsure {
        if (t == JsonToken.VALUE_NUMBER_INT) return Instant.ofEpochMilli(longValue(p, t)).toEpochMilli();
        if (t != JsonToken.VALUE_STRING) throw Unsure.INSTANCE;
        Instant i = IsoInstants.parseUtc(p.getText().trim());
        if (i == null) throw Unsure.INSTANCE;
        return i.toEpochMilli();
    }

    /** A feature map (namespace → name → finite number), or null (read as none). */
    private static void features(JsonParser p, JsonToken t) throws IOException, Unsure {
        if (t == JsonToken.VALUE_NULL) return;
        if (t != JsonToken.START_OBJECT) throw Unsure.INSTANCE;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw Unsure.INSTANCE;
            while (p.nextToken() == JsonToken.FIELD_NAME) finite(p, p.nextToken());
        }
    }

    /** A JSON number read as binding reads a Double; anything else (strings, booleans, null) is unsure. */
    private static double number(JsonParser p, JsonToken t) throws IOException, Unsure {
        if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) throw Unsure.INSTANCE;
        return p.getDoubleValue();
    }

    /**
     * A JSON number that binding reads as a finite Double. Most are plainly finite from their text (no exponent,
     * fewer than 300 characters), which spares converting each feature value; the others are converted.
     */
    private static void finite(JsonParser p, JsonToken t) throws IOException, Unsure {
        if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) throw Unsure.INSTANCE;
        int n = p.getTextLength();
        if (n < 300) {
            char[] text = p.getTextCharacters();
            int from = p.getTextOffset();
            boolean exponent = false;
            for (int i = from; i < from + n; i++) {
                char c = text[i];
                if (c == 'e' || c == 'E') {
                    exponent = true;
                    break;
                }
            }
            if (!exponent) return;
        }
        if (!Double.isFinite(p.getDoubleValue())) throw Unsure.INSTANCE;
    }

    /** A JSON integer that fits an int, as binding reads an Integer (no floats, no overflow). */
    private static int intValue(JsonParser p, JsonToken t) throws IOException, Unsure {
        if (t != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT) throw Unsure.INSTANCE;
        return p.getIntValue();
    }

    private static long longValue(JsonParser p, JsonToken t) throws IOException, Unsure {
        if (t != JsonToken.VALUE_NUMBER_INT) throw Unsure.INSTANCE;
        JsonParser.NumberType type = p.getNumberType();
        if (type != JsonParser.NumberType.INT && type != JsonParser.NumberType.LONG) throw Unsure.INSTANCE;
        return p.getLongValue();
    }

    /** Skips a value of a field binding ignores; the parser still checks its syntax. */
    private static void skip(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) p.skipChildren();
    }
}
