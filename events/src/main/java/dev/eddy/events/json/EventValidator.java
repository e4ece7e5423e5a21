package dev.eddy.events.json;

import dev.eddy.events.event.Candidate;
import dev.eddy.events.event.ControlCommand;
import dev.eddy.events.event.ExperimentResults;
import dev.eddy.events.event.Decision;
import dev.eddy.events.event.Interaction;
import dev.eddy.events.event.JoinedExample;
import dev.eddy.events.event.ModelBlock;
import dev.eddy.events.event.ModelManifest;
import dev.eddy.events.event.ModelPart;
import dev.eddy.events.event.Reward;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The rules of the event model beyond what JSON types say. Each failure names the field. */
public final class EventValidator {

    /** How far a logged distribution may sum away from 1 (float rounding in loggers such as VW's). */
    static final double DISTRIBUTION_TOLERANCE = 1e-3;

    private EventValidator() {}

    public static void validate(Decision d) throws InvalidEventException {
        requireId(d.eventId(), "decision", "eventId");
        String where = "decision " + d.eventId();
        if (d.timestamp() == null) throw new InvalidEventException(where + ": missing timestamp");
        if (d.step() != null && d.step() < 0) throw new InvalidEventException(where + ": step must be >= 0, was " + d.step());
        checkFeatures(d.context(), where + ": context");
        List<Candidate> candidates = d.candidates();
        if (candidates.isEmpty()) throw new InvalidEventException(where + ": candidates must not be empty");
        for (int i = 0; i < candidates.size(); i++) {
            Candidate c = candidates.get(i);
            if (c == null) throw new InvalidEventException(where + ": candidates[" + i + "] is null");
            if (c.id() == null || c.id().isBlank()) throw new InvalidEventException(where + ": candidates[" + i + "] has no id");
            checkFeatures(c.features(), where + ": candidates[" + i + "].features");
        }
        List<Integer> chosen = d.chosen();
        if (chosen.isEmpty()) throw new InvalidEventException(where + ": chosen must name at least one candidate index");
        Set<Integer> seen = new HashSet<>();
        for (int s = 0; s < chosen.size(); s++) {
            Integer idx = chosen.get(s);
            if (idx == null || idx < 0 || idx >= candidates.size()) {
                throw new InvalidEventException(where + ": chosen[" + s + "] = " + idx
                        + " is not a candidate index (there are " + candidates.size() + " candidates)");
            }
            if (!seen.add(idx)) throw new InvalidEventException(where + ": chosen[" + s + "] = " + idx + " is chosen twice");
        }
        List<Double> p = d.probabilities();
        if (p.size() != chosen.size()) {
            throw new InvalidEventException(where + ": probabilities has " + p.size() + " entries but chosen has "
                    + chosen.size());
        }
        for (int s = 0; s < p.size(); s++) {
            Double v = p.get(s);
            if (v == null || !(v > 0.0 && v <= 1.0)) {
                throw new InvalidEventException(where + ": probabilities[" + s + "] = " + v + " is outside (0, 1]");
            }
        }
        if (d.distribution() != null) checkDistribution(d, where);
        if (!Double.isFinite(d.weight()) || d.weight() <= 0) {
            throw new InvalidEventException(where + ": weight must be finite and > 0, was " + d.weight());
        }
        if (d.latencyMs() != null && !(d.latencyMs() >= 0 && Double.isFinite(d.latencyMs()))) {
            throw new InvalidEventException(where + ": latencyMs must be finite and >= 0, was " + d.latencyMs());
        }
    }

    private static void checkDistribution(Decision d, String where) throws InvalidEventException {
        List<Double> dist = d.distribution();
        if (dist.size() != d.candidates().size()) {
            throw new InvalidEventException(where + ": distribution has " + dist.size() + " entries for "
                    + d.candidates().size() + " candidates");
        }
        double sum = 0;
        for (int i = 0; i < dist.size(); i++) {
            Double v = dist.get(i);
            if (v == null || !(v >= 0.0 && v <= 1.0)) {
                throw new InvalidEventException(where + ": distribution[" + i + "] = " + v + " is outside [0, 1]");
            }
            sum += v;
        }
        if (Math.abs(sum - 1.0) > DISTRIBUTION_TOLERANCE) {
            throw new InvalidEventException(where + ": distribution sums to " + sum + ", not 1");
        }
    }

    public static void validate(Reward r) throws InvalidEventException {
        requireId(r.eventId(), "reward", "eventId");
        String where = "reward for " + r.eventId();
        if (r.timestamp() == null) throw new InvalidEventException(where + ": missing timestamp");
        if (r.value() == null) throw new InvalidEventException(where + ": missing value");
        if (!Double.isFinite(r.value())) throw new InvalidEventException(where + ": value must be finite, was " + r.value());
        if (r.slot() != null && r.slot() < 0) throw new InvalidEventException(where + ": slot must be >= 0, was " + r.slot());
    }

    public static void validate(JoinedExample e) throws InvalidEventException {
        if (e.decision() == null) throw new InvalidEventException("example: missing decision");
        validate(e.decision());
        String where = "example " + e.decision().eventId();
        for (int i = 0; i < e.rewards().size(); i++) {
            Reward r = e.rewards().get(i);
            if (r == null) throw new InvalidEventException(where + ": rewards[" + i + "] is null");
            try {
                validate(r);
            } catch (InvalidEventException bad) {
                throw new InvalidEventException(where + ": rewards[" + i + "] is invalid: " + bad.getMessage());
            }
            if (!r.eventId().equals(e.decision().eventId())) {
                throw new InvalidEventException(where + ": rewards[" + i + "] belongs to " + r.eventId());
            }
        }
        if (e.rewardObserved() == e.rewards().isEmpty()) {
            throw new InvalidEventException(where + ": rewardObserved=" + e.rewardObserved() + " but there are "
                    + e.rewards().size() + " rewards");
        }
        if (!Double.isFinite(e.reward())) throw new InvalidEventException(where + ": reward must be finite");
        if (e.windowEnd() == null) throw new InvalidEventException(where + ": missing windowEnd");
    }

    public static void validate(ModelPart part) throws InvalidEventException {
        requireId(part.model(), "model part", "model");
        String where = "model part " + part.model() + "/" + part.version();
        if (part.version() < 0) throw new InvalidEventException(where + ": version must be >= 0");
        if (part instanceof ModelManifest m) {
            if (m.createdAt() == null) throw new InvalidEventException(where + ": missing createdAt");
            if (m.blockCount() < 0) throw new InvalidEventException(where + ": blockCount must be >= 0");
            requireId(m.sha256(), where, "sha256");
        } else if (part instanceof ModelBlock b) {
            requireId(b.name(), where, "name");
            if (b.index() < 0 || b.rows() < 0 || b.cols() < 0 || b.rowOffset() < 0) {
                throw new InvalidEventException(where + ": index, rowOffset, rows and cols must be >= 0");
            }
            long expected = (long) b.rows() * b.cols() * Float.BYTES;
            if (b.data() == null || b.data().length != expected) {
                throw new InvalidEventException(where + ": block " + b.index() + " has "
                        + (b.data() == null ? 0 : b.data().length) + " bytes of data, expected rows x cols x 4 = " + expected);
            }
        }
    }

    public static void validate(Interaction i) throws InvalidEventException {
        if (i.timestamp() == null) throw new InvalidEventException("interaction: missing timestamp");
        requireId(i.userId(), "interaction", "userId");
        requireId(i.itemId(), "interaction", "itemId");
        if (!Double.isFinite(i.value())) {
            throw new InvalidEventException("interaction: value must be finite, was " + i.value());
        }
    }

    public static void validate(ControlCommand c) throws InvalidEventException {
        if (c.command() == null || c.command().isBlank()) throw new InvalidEventException("control command: missing command");
        if (!ControlCommand.COMMANDS.contains(c.command())) {
            throw new InvalidEventException("control command: unknown command '" + c.command() + "' (known: "
                    + String.join(", ", ControlCommand.COMMANDS) + ")");
        }
        requireId(c.model(), "control command", "model");
        // Model names are the first part of the models topic's keys (model/version/part).
        if (c.model().contains("/")) throw new InvalidEventException("control command: model '" + c.model() + "' must not contain '/'");
        if (ControlCommand.ROLLBACK.equals(c.command())) {
            String where = "control command rollback for " + c.model();
            if (c.toVersion() == null) throw new InvalidEventException(where + ": missing toVersion");
            if (c.toVersion() < 1) throw new InvalidEventException(where + ": toVersion must be >= 1, was " + c.toVersion());
        }
    }

    public static void validate(ExperimentResults r) throws InvalidEventException {
        requireId(r.experimentId(), "experiment results", "experimentId");
        String where = "experiment results " + r.experimentId();
        if (r.emittedAt() == null) throw new InvalidEventException(where + ": missing emittedAt");
        if (r.dataUntil() == null) throw new InvalidEventException(where + ": missing dataUntil");
        requireId(r.control(), where, "control");
        if (r.sampleRatio() == null) throw new InvalidEventException(where + ": missing sampleRatio");
        java.util.Set<String> variants = new java.util.HashSet<>();
        for (int i = 0; i < r.variants().size(); i++) {
            ExperimentResults.VariantCount v = r.variants().get(i);
            if (v == null) throw new InvalidEventException(where + ": variants[" + i + "] is null");
            requireId(v.variant(), where, "variants[" + i + "].variant");
            if (!variants.add(v.variant())) throw new InvalidEventException(where + ": variant '" + v.variant() + "' listed twice");
            if (v.users() < 0 || v.exposures() < v.users()) {
                throw new InvalidEventException(where + ": variants[" + i + "]: need 0 <= users <= exposures, was "
                        + v.users() + " users, " + v.exposures() + " exposures");
            }
        }
        if (!variants.contains(r.control())) throw new InvalidEventException(where + ": control '" + r.control() + "' is not one of the variants");
        for (int i = 0; i < r.metrics().size(); i++) {
            ExperimentResults.MetricResult m = r.metrics().get(i);
            String at = where + ": metrics[" + i + "]";
            if (m == null) throw new InvalidEventException(at + " is null");
            requireId(m.metric(), at, "metric");
            requireId(m.segment(), at, "segment");
            if (!variants.contains(m.variant())) throw new InvalidEventException(at + ": unknown variant '" + m.variant() + "'");
            if (!Double.isFinite(m.mean()) || !(m.standardError() >= 0) || Double.isInfinite(m.standardError())) {
                throw new InvalidEventException(at + ": mean and standardError must be finite (standardError >= 0)");
            }
        }
    }

    private static void requireId(String id, String what, String field) throws InvalidEventException {
        if (id == null || id.isBlank()) throw new InvalidEventException(what + ": missing " + field);
    }

    private static void checkFeatures(Map<String, Map<String, Double>> features, String where)
            throws InvalidEventException {
        for (Map.Entry<String, Map<String, Double>> ns : features.entrySet()) {
            if (ns.getValue() == null) {
                throw new InvalidEventException(where + "." + ns.getKey() + " is null (a namespace must be an object of features)");
            }
            for (Map.Entry<String, Double> f : ns.getValue().entrySet()) {
                Double v = f.getValue();
                if (v == null || !Double.isFinite(v)) {
                    throw new InvalidEventException(where + "." + ns.getKey() + "." + f.getKey()
                            + " = " + v + " is not a finite number");
                }
            }
        }
    }
}
