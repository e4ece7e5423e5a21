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

    /** A builder with every field absent; set the ones the decision has, by name. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this decision's fields, to make a copy that differs in some of them. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.eventId = eventId;
        b.timestamp = timestamp;
        b.userId = userId;
        b.sessionId = sessionId;
        b.step = step;
        b.experimentId = experimentId;
        b.variant = variant;
        b.policy = policy;
        b.modelVersion = modelVersion;
        b.context = context;
        b.candidates = candidates;
        b.chosen = chosen;
        b.probabilities = probabilities;
        b.distribution = distribution;
        b.weight = weight;
        b.skipLearn = skipLearn;
        b.latencyMs = latencyMs;
        return b;
    }

    /**
     * Builds a {@link Decision} field by field, so that call sites name what they set instead of passing seventeen
     * positional arguments, most of them null. Fields not set stay absent and get the record's defaults (empty
     * context and lists, weight 1, skipLearn false). Checks nothing: {@code EventValidator} does that where events
     * enter.
     */
    public static final class Builder {
        private String eventId;
        private Instant timestamp;
        private String userId;
        private String sessionId;
        private Integer step;
        private String experimentId;
        private String variant;
        private String policy;
        private Long modelVersion;
        private Map<String, Map<String, Double>> context;
        private List<Candidate> candidates;
        private List<Integer> chosen;
        private List<Double> probabilities;
        private List<Double> distribution;
        private Double weight;
        private Boolean skipLearn;
        private Double latencyMs;

        private Builder() {}

        public Builder eventId(String eventId) {
            this.eventId = eventId;
            return this;
        }

        public Builder timestamp(Instant timestamp) {
            this.timestamp = timestamp;
            return this;
        }

        public Builder userId(String userId) {
            this.userId = userId;
            return this;
        }

        public Builder sessionId(String sessionId) {
            this.sessionId = sessionId;
            return this;
        }

        public Builder step(Integer step) {
            this.step = step;
            return this;
        }

        public Builder experimentId(String experimentId) {
            this.experimentId = experimentId;
            return this;
        }

        public Builder variant(String variant) {
            this.variant = variant;
            return this;
        }

        public Builder policy(String policy) {
            this.policy = policy;
            return this;
        }

        public Builder modelVersion(Long modelVersion) {
            this.modelVersion = modelVersion;
            return this;
        }

        public Builder context(Map<String, Map<String, Double>> context) {
            this.context = context;
            return this;
        }

        public Builder candidates(List<Candidate> candidates) {
            this.candidates = candidates;
            return this;
        }

        public Builder chosen(List<Integer> chosen) {
            this.chosen = chosen;
            return this;
        }

        public Builder probabilities(List<Double> probabilities) {
            this.probabilities = probabilities;
            return this;
        }

        public Builder distribution(List<Double> distribution) {
            this.distribution = distribution;
            return this;
        }

        public Builder weight(Double weight) {
            this.weight = weight;
            return this;
        }

        public Builder skipLearn(Boolean skipLearn) {
            this.skipLearn = skipLearn;
            return this;
        }

        public Builder latencyMs(Double latencyMs) {
            this.latencyMs = latencyMs;
            return this;
        }

        public Decision build() {
            return new Decision(eventId, timestamp, userId, sessionId, step, experimentId, variant, policy,
                    modelVersion, context, candidates, chosen, probabilities, distribution, weight, skipLearn, latencyMs);
        }
    }
}
