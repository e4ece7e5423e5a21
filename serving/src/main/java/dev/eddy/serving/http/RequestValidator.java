package dev.eddy.serving.http;

import dev.eddy.serving.error.InvalidRequestException;
import dev.eddy.serving.error.RequestTooLargeException;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Checks parsed bodies beyond their JSON shape; every problem names the field. */
public final class RequestValidator {
    private final RequestLimits limits;

    public RequestValidator(RequestLimits limits) {
        this.limits = limits;
    }

    public void validate(RankRequest r) {
        id("userId", r.userId(), true);
        id("sessionId", r.sessionId(), false);
        id("experimentId", r.experimentId(), false);
        if (r.step() != null && r.step() < 0) throw new InvalidRequestException("step", "must be >= 0, was " + r.step());
        if (r.k() == null) throw new InvalidRequestException("k", "is required");
        if (r.k() < 1 || r.k() > limits.maxK()) {
            throw new InvalidRequestException("k", "must be in 1.." + limits.maxK() + ", was " + r.k());
        }
        int features = features("context", r.context());
        List<RankRequest.CandidateBody> candidates = r.candidates();
        if (candidates != null) {
            if (candidates.isEmpty()) throw new InvalidRequestException("candidates", "must not be empty when given");
            if (candidates.size() > limits.maxCandidates()) {
                throw new InvalidRequestException("candidates", "at most " + limits.maxCandidates() + " allowed, got " + candidates.size());
            }
            if (r.k() > candidates.size()) {
                throw new InvalidRequestException("k", "must be <= the number of candidates (" + candidates.size() + "), was " + r.k());
            }
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < candidates.size(); i++) {
                RankRequest.CandidateBody c = candidates.get(i);
                String at = "candidates[" + i + "]";
                if (c == null) throw new InvalidRequestException(at, "must be an object, was null");
                id(at + ".id", c.id(), true);
                if (!ids.add(c.id())) throw new InvalidRequestException(at + ".id", "duplicate candidate id '" + c.id() + "'");
                features += features(at + ".features", c.features());
            }
        }
        if (features > limits.maxFeatures()) {
            throw new RequestTooLargeException("context", "too many feature values: " + features + " > " + limits.maxFeatures());
        }
    }

    public void validate(RewardRequest r) {
        id("eventId", r.eventId(), true);
        if (r.value() == null) throw new InvalidRequestException("value", "is required");
        if (!Double.isFinite(r.value())) throw new InvalidRequestException("value", "must be finite, was " + r.value());
        if (r.slot() != null && r.slot() < 0) throw new InvalidRequestException("slot", "must be >= 0, was " + r.slot());
        id("rewardId", r.rewardId(), false);
        id("type", r.type(), false);
    }

    public void validate(EventRequest r) {
        id("eventId", r.eventId(), false);
        id("userId", r.userId(), true);
        id("itemId", r.itemId(), true);
        id("type", r.type(), false);
        if (r.value() != null && !Double.isFinite(r.value())) {
            throw new InvalidRequestException("value", "must be finite, was " + r.value());
        }
    }

    private void id(String field, String value, boolean required) {
        if (value == null) {
            if (required) throw new InvalidRequestException(field, "is required");
            return;
        }
        if (value.isBlank()) throw new InvalidRequestException(field, "must not be blank");
        if (value.length() > limits.maxIdLength()) {
            throw new InvalidRequestException(field, "longer than " + limits.maxIdLength() + " characters");
        }
    }

    private static int features(String field, Map<String, Map<String, Double>> namespaces) {
        if (namespaces == null) return 0;
        int n = 0;
        for (Map.Entry<String, Map<String, Double>> ns : namespaces.entrySet()) {
            if (ns.getValue() == null) throw new InvalidRequestException(field + "." + ns.getKey(), "must be an object, was null");
            for (Map.Entry<String, Double> f : ns.getValue().entrySet()) {
                Double v = f.getValue();
                if (v == null || !Double.isFinite(v)) {
                    throw new InvalidRequestException(field + "." + ns.getKey() + "." + f.getKey(), "must be a finite number, was " + v);
                }
                n++;
            }
        }
        return n;
    }
}
