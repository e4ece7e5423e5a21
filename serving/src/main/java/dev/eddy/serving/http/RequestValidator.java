package dev.eddy.serving.http;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Checks parsed bodies beyond their JSON shape; every problem is a 400 naming the field. */
public final class RequestValidator {
    private final RequestLimits limits;

    public RequestValidator(RequestLimits limits) {
        this.limits = limits;
    }

    public void validate(RankRequest r) {
        id("userId", r.userId(), true);
        id("sessionId", r.sessionId(), false);
        id("experimentId", r.experimentId(), false);
        if (r.step() != null && r.step() < 0) throw BadRequestException.field("step", "must be >= 0, was " + r.step());
        if (r.k() == null) throw BadRequestException.field("k", "is required");
        if (r.k() < 1 || r.k() > limits.maxK()) {
            throw BadRequestException.field("k", "must be in 1.." + limits.maxK() + ", was " + r.k());
        }
        int features = features("context", r.context());
        List<RankRequest.CandidateBody> candidates = r.candidates();
        if (candidates != null) {
            if (candidates.isEmpty()) throw BadRequestException.field("candidates", "must not be empty when given");
            if (candidates.size() > limits.maxCandidates()) {
                throw BadRequestException.field("candidates", "at most " + limits.maxCandidates() + " allowed, got " + candidates.size());
            }
            if (r.k() > candidates.size()) {
                throw BadRequestException.field("k", "must be <= the number of candidates (" + candidates.size() + "), was " + r.k());
            }
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < candidates.size(); i++) {
                RankRequest.CandidateBody c = candidates.get(i);
                String at = "candidates[" + i + "]";
                if (c == null) throw BadRequestException.field(at, "must be an object, was null");
                id(at + ".id", c.id(), true);
                if (!ids.add(c.id())) throw BadRequestException.field(at + ".id", "duplicate candidate id '" + c.id() + "'");
                features += features(at + ".features", c.features());
            }
        }
        if (features > limits.maxFeatures()) {
            throw new BadRequestException(413, "context", "too many feature values: " + features + " > " + limits.maxFeatures());
        }
    }

    public void validate(RewardRequest r) {
        id("eventId", r.eventId(), true);
        if (r.value() == null) throw BadRequestException.field("value", "is required");
        if (!Double.isFinite(r.value())) throw BadRequestException.field("value", "must be finite, was " + r.value());
        if (r.slot() != null && r.slot() < 0) throw BadRequestException.field("slot", "must be >= 0, was " + r.slot());
        id("rewardId", r.rewardId(), false);
        id("type", r.type(), false);
    }

    public void validate(EventRequest r) {
        id("eventId", r.eventId(), false);
        id("userId", r.userId(), true);
        id("itemId", r.itemId(), true);
        id("type", r.type(), false);
        if (r.value() != null && !Double.isFinite(r.value())) {
            throw BadRequestException.field("value", "must be finite, was " + r.value());
        }
    }

    private void id(String field, String value, boolean required) {
        if (value == null) {
            if (required) throw BadRequestException.field(field, "is required");
            return;
        }
        if (value.isBlank()) throw BadRequestException.field(field, "must not be blank");
        if (value.length() > limits.maxIdLength()) {
            throw BadRequestException.field(field, "longer than " + limits.maxIdLength() + " characters");
        }
    }

    private static int features(String field, Map<String, Map<String, Double>> namespaces) {
        if (namespaces == null) return 0;
        int n = 0;
        for (Map.Entry<String, Map<String, Double>> ns : namespaces.entrySet()) {
            if (ns.getValue() == null) throw BadRequestException.field(field + "." + ns.getKey(), "must be an object, was null");
            for (Map.Entry<String, Double> f : ns.getValue().entrySet()) {
                Double v = f.getValue();
                if (v == null || !Double.isFinite(v)) {
                    throw BadRequestException.field(field + "." + ns.getKey() + "." + f.getKey(), "must be a finite number, was " + v);
                }
                n++;
            }
        }
        return n;
    }
}
