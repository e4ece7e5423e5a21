package dev.eddy.events.readers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.eddy.events.event.Candidate;
import dev.eddy.events.event.Decision;
import dev.eddy.events.event.Reward;
import dev.eddy.events.json.EventJson;
import dev.eddy.events.json.EventValidator;
import dev.eddy.events.json.InvalidEventException;
import dev.eddy.events.json.JsonProblems;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Maps one DSJson line to a {@link LoggedEvent}.
 * <p>
 * Contextual-bandit lines: candidates from {@code c._multi} (id from {@code _tag}, else the index), context from
 * the rest of {@code c}; the chosen index from {@code _labelIndex} (0-based), else {@code _label_Action} or
 * {@code a[0]} (1-based action ids); its probability from {@code _label_probability}, else {@code p[0]}; the
 * whole distribution from {@code a}/{@code p}; one reward of value {@code -_label_cost}, because VW logs a cost
 * and Eddy a reward.
 * <p>
 * Conditional-contextual-bandit lines (with {@code _outcomes}): a slate, slot {@code s} showing
 * {@code _outcomes[s]._a[0]} (0-based) with probability {@code _outcomes[s]._p[0]}, and one reward per labelled
 * slot. The event model has no per-slot features, so the features of {@code c._slots[s]} go into the context
 * under namespaces named {@code slot<s>.<namespace>}.
 */
public final class DsJsonLines {

    /** The policy name given to imported decisions: the log says which VW model decided, not a policy name. */
    static final String POLICY = "vw";

    private DsJsonLines() {}

    public static LoggedEvent parse(String source, long lineNumber, String line) throws InvalidEventException {
        JsonNode root = readJson(line);
        JsonNode c = root.get("c");
        if (c == null || !c.isObject()) throw new InvalidEventException("missing context object 'c'");
        String eventId = eventId(root, source, lineNumber);
        Instant timestamp = timestamp(root, lineNumber);
        List<Candidate> candidates = candidates(c);
        Map<String, Map<String, Double>> context = VwFeatures.of(c);
        double weight = weight(root);
        boolean skipLearn = root.path("_skipLearn").asBoolean(false);

        Choice choice = root.has("_outcomes")
                ? slateChoice(root, c, context, eventId, timestamp)
                : singleChoice(root, candidates.size(), eventId, timestamp);
        Decision decision = Decision.builder().eventId(eventId).timestamp(timestamp).policy(POLICY)
                .context(context).candidates(candidates).chosen(choice.chosen).probabilities(choice.probabilities)
                .distribution(choice.distribution).weight(weight).skipLearn(skipLearn).build();
        EventValidator.validate(decision);
        for (Reward r : choice.rewards) EventValidator.validate(r);
        return new LoggedEvent(decision, choice.rewards, lineNumber);
    }

    private record Choice(List<Integer> chosen, List<Double> probabilities, List<Double> distribution,
                          List<Reward> rewards) {}

    private static Choice singleChoice(JsonNode root, int candidateCount, String eventId, Instant timestamp)
            throws InvalidEventException {
        List<Integer> actions = ints(root.get("a"), "a");
        List<Double> probs = doubles(root.get("p"), "p");
        // VW's own test logs hold both conventions: action ids from 1 (the norm) and indices from 0.
        int base = actions.contains(0) ? 0 : 1;
        int chosen;
        if (root.has("_labelIndex")) chosen = integer(root, "_labelIndex");
        else if (root.has("_label_Action")) chosen = integer(root, "_label_Action") - 1;
        else if (!actions.isEmpty()) chosen = actions.get(0) - base;
        else throw new InvalidEventException("no chosen action: none of '_labelIndex', '_label_Action', 'a'");
        double probability;
        if (root.has("_label_probability")) probability = number(root, "_label_probability");
        else if (!probs.isEmpty()) probability = probs.get(0);
        else throw new InvalidEventException("no probability: neither '_label_probability' nor 'p'");
        List<Double> distribution = distribution(actions, probs, base, candidateCount, "a", "p");
        List<Reward> rewards = root.has("_label_cost")
                ? List.of(reward(eventId, timestamp, number(root, "_label_cost"), null))
                : List.of();
        return new Choice(List.of(chosen), List.of(probability), distribution, rewards);
    }

    private static Choice slateChoice(JsonNode root, JsonNode c, Map<String, Map<String, Double>> context,
                                      String eventId, Instant timestamp) throws InvalidEventException {
        JsonNode outcomes = root.get("_outcomes");
        if (!outcomes.isArray() || outcomes.isEmpty()) {
            throw new InvalidEventException("'_outcomes' must be a non-empty array");
        }
        JsonNode slots = c.path("_slots");
        if (slots.isArray() && slots.size() != outcomes.size()) {
            throw new InvalidEventException("'c._slots' has " + slots.size() + " slots but '_outcomes' has "
                    + outcomes.size());
        }
        List<Integer> chosen = new ArrayList<>();
        List<Double> probabilities = new ArrayList<>();
        List<Reward> rewards = new ArrayList<>();
        List<Double> distribution = null;
        for (int s = 0; s < outcomes.size(); s++) {
            JsonNode outcome = outcomes.get(s);
            String where = "_outcomes[" + s + "]";
            List<Integer> actions = ints(outcome.get("_a"), where + "._a");
            List<Double> probs = doubles(outcome.get("_p"), where + "._p");
            if (actions.isEmpty() || probs.isEmpty()) {
                throw new InvalidEventException(where + " has no chosen action ('_a') or probability ('_p')");
            }
            chosen.add(actions.get(0));
            probabilities.add(probs.get(0));
            if (s == 0) distribution = distribution(actions, probs, 0, c.path("_multi").size(), where + "._a", where + "._p");
            if (outcome.has("_label_cost")) {
                rewards.add(reward(eventId, timestamp, number(outcome, "_label_cost"), s));
            }
            if (slots.isArray()) {
                for (Map.Entry<String, Map<String, Double>> ns : VwFeatures.of(slots.get(s)).entrySet()) {
                    context.put("slot" + s + "." + ns.getKey(), ns.getValue());
                }
            }
        }
        return new Choice(chosen, probabilities, distribution, rewards);
    }

    private static Reward reward(String eventId, Instant timestamp, double cost, Integer slot) {
        // "+ 0.0" turns the -0.0 of a zero cost into 0.0, so that equal rewards have equal dedup keys.
        return new Reward(eventId, timestamp, -cost + 0.0, slot, null, null);
    }

    /** distribution[actions[i] - base] = probs[i]; candidates the log does not rank get 0. */
    private static List<Double> distribution(List<Integer> actions, List<Double> probs, int base, int candidateCount,
                                             String actionsField, String probsField) throws InvalidEventException {
        if (actions.isEmpty() && probs.isEmpty()) return null;
        if (actions.size() != probs.size()) {
            throw new InvalidEventException("'" + actionsField + "' has " + actions.size() + " entries but '"
                    + probsField + "' has " + probs.size());
        }
        List<Double> dist = new ArrayList<>(Collections.nCopies(candidateCount, 0.0));
        for (int i = 0; i < actions.size(); i++) {
            int index = actions.get(i) - base;
            if (index < 0 || index >= candidateCount) {
                throw new InvalidEventException("'" + actionsField + "[" + i + "]' = " + actions.get(i)
                        + " names no candidate (there are " + candidateCount + ")");
            }
            dist.set(index, probs.get(i));
        }
        return dist;
    }

    private static List<Candidate> candidates(JsonNode c) throws InvalidEventException {
        JsonNode multi = c.get("_multi");
        if (multi == null || !multi.isArray()) throw new InvalidEventException("missing candidate array 'c._multi'");
        List<Candidate> out = new ArrayList<>(multi.size());
        for (int i = 0; i < multi.size(); i++) {
            JsonNode action = multi.get(i);
            if (!action.isObject()) throw new InvalidEventException("'c._multi[" + i + "]' is not an object");
            JsonNode tag = action.get("_tag");
            String id = tag != null && tag.isValueNode() && !tag.isNull() ? tag.asText() : Integer.toString(i);
            out.add(new Candidate(id, VwFeatures.of(action)));
        }
        return out;
    }

    private static String eventId(JsonNode root, String source, long lineNumber) {
        for (String field : new String[]{"EventId", "event_id"}) {
            JsonNode id = root.get(field);
            if (id != null && id.isValueNode() && !id.isNull() && !id.asText().isBlank()) return id.asText();
        }
        return source + ":" + lineNumber;
    }

    private static Instant timestamp(JsonNode root, long lineNumber) throws InvalidEventException {
        JsonNode ts = root.get("Timestamp");
        // Without a time, keep file order as time order so that event-time replays see the log's sequence.
        if (ts == null || ts.isNull()) return Instant.EPOCH.plusMillis(lineNumber);
        try {
            TemporalAccessor t = DateTimeFormatter.ISO_DATE_TIME.parseBest(ts.asText(), OffsetDateTime::from,
                    LocalDateTime::from);
            // Decision-service logs without a zone are written in UTC.
            return t instanceof OffsetDateTime o ? o.toInstant() : ((LocalDateTime) t).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new InvalidEventException("'Timestamp' = '" + ts.asText() + "' is not an ISO-8601 date-time");
        }
    }

    private static double weight(JsonNode root) throws InvalidEventException {
        if (!root.has("pdrop")) return 1.0;
        double pdrop = number(root, "pdrop");
        if (!(pdrop >= 0.0 && pdrop < 1.0)) {
            throw new InvalidEventException("'pdrop' = " + pdrop + " is outside [0, 1)");
        }
        // Each kept record stands for itself and the 1/(1-pdrop) - 1 records dropped like it.
        return 1.0 / (1.0 - pdrop);
    }

    private static JsonNode readJson(String line) throws InvalidEventException {
        JsonNode root;
        try {
            root = EventJson.mapper().readTree(line);
        } catch (JsonProcessingException e) {
            throw new InvalidEventException(JsonProblems.describe(e));
        }
        if (root == null || !root.isObject()) throw new InvalidEventException("not a JSON object");
        return root;
    }

    private static double number(JsonNode parent, String field) throws InvalidEventException {
        JsonNode v = parent.get(field);
        if (v == null || !v.isNumber()) throw new InvalidEventException("'" + field + "' must be a number, was " + v);
        return v.doubleValue();
    }

    private static int integer(JsonNode parent, String field) throws InvalidEventException {
        JsonNode v = parent.get(field);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new InvalidEventException("'" + field + "' must be an integer, was " + v);
        }
        return v.intValue();
    }

    private static List<Integer> ints(JsonNode array, String field) throws InvalidEventException {
        if (array == null || array.isNull()) return List.of();
        if (!array.isArray()) throw new InvalidEventException("'" + field + "' must be an array");
        List<Integer> out = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            JsonNode v = array.get(i);
            if (!v.isIntegralNumber() || !v.canConvertToInt()) {
                throw new InvalidEventException("'" + field + "[" + i + "]' must be an integer, was " + v);
            }
            out.add(v.intValue());
        }
        return out;
    }

    private static List<Double> doubles(JsonNode array, String field) throws InvalidEventException {
        if (array == null || array.isNull()) return List.of();
        if (!array.isArray()) throw new InvalidEventException("'" + field + "' must be an array");
        List<Double> out = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            JsonNode v = array.get(i);
            if (!v.isNumber()) throw new InvalidEventException("'" + field + "[" + i + "]' must be a number, was " + v);
            out.add(v.doubleValue());
        }
        return out;
    }
}
