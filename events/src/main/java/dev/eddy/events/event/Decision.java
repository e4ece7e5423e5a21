package dev.eddy.events.event;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One logged decision: what the policy saw, what it could choose, what it chose and with which probability.
 *
 * @param eventId       unique id; rewards refer to it
 * @param timestamp     event time of the decision
 * @param userId        optional user
 * @param sessionId     optional session (episodic policies group by it)
 * @param step          optional step within the session, from 0
 * @param experimentId  optional experiment the request was assigned in
 * @param variant       optional variant of that experiment
 * @param policy        name of the policy that decided
 * @param modelVersion  optional version of the policy's model
 * @param context       shared context features
 * @param candidates    the actions the policy chose among (at least one)
 * @param chosen        indices into {@code candidates} of the shown actions, in slot order (a slate may have many)
 * @param probabilities for each chosen action, the probability the policy gave it in its slot, in (0, 1]
 * @param distribution  optional: the policy's whole distribution over the candidates for the first slot
 * @param weight        importance weight of the logged record (e.g. 1/(1-pdrop) for sub-sampled logs); 1 if absent
 * @param skipLearn     true when the record is for evaluation only and learners must not update on it
 * @param latencyMs     optional: serving's latency of the decision in milliseconds, from the rank request's arrival at
 *                      the ranking service (its body parsed) to the ranked answer; the experiments job's latency metric
 */
public record Decision(
        String eventId,
        Instant timestamp,
        String userId,
        String sessionId,
        Integer step,
        String experimentId,
        String variant,
        String policy,
        Long modelVersion,
        Map<String, Map<String, Double>> context,
        List<Candidate> candidates,
        List<Integer> chosen,
        List<Double> probabilities,
        List<Double> distribution,
        Double weight,
        Boolean skipLearn,
        Double latencyMs) {

    public Decision {
        context = context == null ? Map.of() : context;
        candidates = candidates == null ? List.of() : candidates;
        chosen = chosen == null ? List.of() : chosen;
        probabilities = probabilities == null ? List.of() : probabilities;
        weight = weight == null ? 1.0 : weight;
        skipLearn = skipLearn != null && skipLearn;
    }

    /** A decision without a latency (logs from elsewhere, replays, tests). */
    public Decision(String eventId, Instant timestamp, String userId, String sessionId, Integer step,
                    String experimentId, String variant, String policy, Long modelVersion,
                    Map<String, Map<String, Double>> context, List<Candidate> candidates, List<Integer> chosen,
                    List<Double> probabilities, List<Double> distribution, Double weight, Boolean skipLearn) {
        this(eventId, timestamp, userId, sessionId, step, experimentId, variant, policy, modelVersion, context,
                candidates, chosen, probabilities, distribution, weight, skipLearn, null);
    }

    /** The chosen candidate of the first slot (the only one for a single-action decision). */
    @JsonIgnore
    public Candidate chosenCandidate() {
        return candidates.get(chosen.get(0));
    }

    /** The logged probability of the first slot's action. */
    @JsonIgnore
    public double chosenProbability() {
        return probabilities.get(0);
    }

    @JsonIgnore
    public boolean isSlate() {
        return chosen.size() > 1;
    }
}
