package dev.eddy.events.experiment;

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
        requireName(e.defaultVariant(), path + ".default");
        if (!names.contains(e.defaultVariant())) {
            throw fail(path + ".default", "must be one of the variants " + variants.stream().map(Variant::name).toList()
                    + ", was '" + e.defaultVariant() + "'");
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
