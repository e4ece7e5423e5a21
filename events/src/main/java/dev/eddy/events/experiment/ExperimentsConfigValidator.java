package dev.eddy.events.experiment;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Checks a parsed (or hand-built) config and throws for the first problem, naming its key path. */
public final class ExperimentsConfigValidator {

    private final String source;

    private ExperimentsConfigValidator(String source) {
        this.source = source;
    }

    public static ExperimentsConfig validate(ExperimentsConfig config, String source) {
        new ExperimentsConfigValidator(source).check(config);
        return config;
    }

    private void check(ExperimentsConfig config) {
        if (config == null) {
            throw fail("", "empty; expected a top-level 'experiments' list");
        }
        List<Experiment> experiments = config.experiments();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < experiments.size(); i++) {
            String path = "experiments[" + i + "]";
            Experiment e = experiments.get(i);
            if (e == null) {
                throw fail(path, "must be an experiment, was empty");
            }
            checkExperiment(e, path);
            if (!ids.add(e.id())) {
                throw fail(path + ".id", "duplicate experiment id '" + e.id() + "'");
            }
        }
    }

    private void checkExperiment(Experiment e, String path) {
        requireName(e.id(), path + ".id");
        if (e.status() == null) {
            throw fail(path + ".status", "missing; expected one of " + ExperimentStatus.configNames());
        }
        requireName(e.salt(), path + ".salt");
        if (e.start() != null && e.end() != null && !e.end().isAfter(e.start())) {
            throw fail(path + ".end", "must be after start " + e.start() + ", was " + e.end());
        }
        List<Variant> variants = e.variants();
        if (variants.isEmpty()) {
            throw fail(path + ".variants", "must list at least one variant");
        }
        Set<String> names = new HashSet<>();
        for (int j = 0; j < variants.size(); j++) {
            String vpath = path + ".variants[" + j + "]";
            Variant v = variants.get(j);
            if (v == null) {
                throw fail(vpath, "must be a variant, was empty");
            }
            checkVariant(v, vpath);
            if (!names.add(v.name())) {
                throw fail(vpath + ".name", "duplicate variant name '" + v.name() + "'");
            }
        }
        requireVariant(e.defaultVariant(), names, variants, path + ".default");
        requireVariant(e.control(), names, variants, path + ".control");
        checkMetrics(e.metrics(), path + ".metrics");
        checkSegments(e.segments(), path + ".segments");
    }

    private void requireVariant(String name, Set<String> names, List<Variant> variants, String path) {
        requireName(name, path);
        if (!names.contains(name)) {
            throw fail(path, "must be one of the variants " + variants.stream().map(Variant::name).toList()
                    + ", was '" + name + "'");
        }
    }

    private void checkMetrics(List<Metric> metrics, String path) {
        if (metrics.isEmpty()) {
            throw fail(path, "must list at least one metric (leave it out for the default reward-rate)");
        }
        Map<String, Metric> byName = new HashMap<>();
        for (int j = 0; j < metrics.size(); j++) {
            String mpath = path + "[" + j + "]";
            Metric m = metrics.get(j);
            if (m == null) {
                throw fail(mpath, "must be a metric, was empty");
            }
            requireName(m.name(), mpath + ".name");
            if (byName.put(m.name(), m) != null) {
                throw fail(mpath + ".name", "duplicate metric name '" + m.name() + "'");
            }
            checkMetric(m, mpath);
        }
        // Operands may come later in the list, so ratios are checked once every name is known.
        for (int j = 0; j < metrics.size(); j++) {
            Metric m = metrics.get(j);
            if (m.type() == MetricType.RATIO) {
                checkOperand(m.numerator(), byName, path + "[" + j + "].numerator");
                checkOperand(m.denominator(), byName, path + "[" + j + "].denominator");
            }
        }
    }

    private void checkMetric(Metric m, String path) {
        if (m.type() == null) {
            throw fail(path + ".type", "missing; expected one of " + ExperimentsConfigReader.enumNames(MetricType.class));
        }
        boolean interaction = m.type() == MetricType.INTERACTION_COUNT || m.type() == MetricType.INTERACTION_VALUE;
        if (interaction) {
            requireName(m.interaction(), path + ".interaction");
        } else if (m.interaction() != null) {
            throw fail(path + ".interaction", "only for interaction-count and interaction-value, not " + m.type().configName());
        }
        if (m.type() != MetricType.RATIO) {
            if (m.numerator() != null) {
                throw fail(path + ".numerator", "only for ratio, not " + m.type().configName());
            }
            if (m.denominator() != null) {
                throw fail(path + ".denominator", "only for ratio, not " + m.type().configName());
            }
        }
        if (m.guardrail() != null && !(m.guardrail() > 0 && Double.isFinite(m.guardrail()))) {
            throw fail(path + ".guardrail", "must be a relative change > 0 (0.1 = 10 %), was " + number(m.guardrail()));
        }
    }

    private void checkOperand(String operand, Map<String, Metric> byName, String path) {
        requireName(operand, path);
        Metric of = byName.get(operand);
        if (of == null) {
            throw fail(path, "must name another metric of this experiment " + byName.keySet().stream().sorted().toList()
                    + ", was '" + operand + "'");
        }
        if (of.type().isRatio()) {
            throw fail(path, "must name a per-user metric (reward-per-user, interaction-count, interaction-value), was '"
                    + operand + "' (" + of.type().configName() + ")");
        }
    }

    private void checkSegments(List<String> segments, String path) {
        Set<String> features = new HashSet<>();
        for (int j = 0; j < segments.size(); j++) {
            String spath = path + "[" + j + "]";
            String spec = segments.get(j);
            if (spec == null) {
                throw fail(spath, "must be namespace:feature, was empty");
            }
            Segment segment;
            try {
                segment = Segment.parse(spec);
            } catch (IllegalArgumentException e) {
                throw fail(spath, e.getMessage());
            }
            // Results name a segment feature=value, without the namespace.
            if (!features.add(segment.feature())) {
                throw fail(spath, "a second segment of feature '" + segment.feature() + "'; results could not tell them apart");
            }
        }
    }

    private void checkVariant(Variant v, String path) {
        requireName(v.name(), path + ".name");
        if (!Double.isFinite(v.weight()) || v.weight() <= 0) {
            throw fail(path + ".weight", "must be > 0, was " + number(v.weight()));
        }
        requireName(v.policy(), path + ".policy");
        if (v.model() != null) {
            requireName(v.model(), path + ".model");
        }
        if (v.banditModel() != null) {
            requireName(v.banditModel(), path + ".banditModel");
        }
        for (Map.Entry<String, String> p : v.params().entrySet()) {
            if (p.getKey() == null || p.getKey().isBlank()) {
                throw fail(path + ".params", "keys must not be blank");
            }
            if (p.getValue() == null) {
                throw fail(path + ".params." + p.getKey(), "must have a value");
            }
        }
    }

    private void requireName(String value, String path) {
        if (value == null) {
            throw fail(path, "missing");
        }
        if (value.isBlank() || !value.strip().equals(value)) {
            throw fail(path, "must be non-blank without surrounding spaces, was '" + value + "'");
        }
    }

    /** -3 rather than -3.0 for whole numbers, so the message echoes what the file said. */
    private static String number(double d) {
        return d == Math.rint(d) && Double.isFinite(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    private ExperimentConfigException fail(String keyPath, String problem) {
        return new ExperimentConfigException(source, keyPath, problem);
    }
}
