package dev.eddy.serving.experiment;

import dev.eddy.events.experiment.Experiment;
import dev.eddy.events.experiment.ExperimentConfigException;
import dev.eddy.events.experiment.ExperimentStatus;
import dev.eddy.events.experiment.ExperimentsConfig;
import dev.eddy.events.experiment.ExperimentsConfigReader;
import dev.eddy.events.experiment.ExperimentsConfigValidator;
import dev.eddy.events.experiment.Variant;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Assigns users to experiment variants, deterministically: the same (salt, user, variants, weights) gives the same
 * variant on every replica and after every restart. Immutable and thread-safe; on reload build a new one and swap
 * the reference.
 */
public final class ExperimentAssigner {

    private record Entry(Experiment experiment, WeightedRendezvous rendezvous) {
    }

    private final Map<String, Entry> byId;
    private final List<Experiment> experiments;

    private ExperimentAssigner(ExperimentsConfig config) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (Experiment e : config.experiments()) {
            entries.put(e.id(), new Entry(e, new WeightedRendezvous(e.salt(), e.variants())));
        }
        this.byId = Map.copyOf(entries);
        this.experiments = config.experiments();
    }

    /** Reads, validates and indexes the YAML file; throws {@link ExperimentConfigException}. */
    public static ExperimentAssigner load(Path file) {
        return new ExperimentAssigner(ExperimentsConfigReader.read(file));
    }

    /** Validates (source {@code <config>} in messages) and indexes a config built in code. */
    public static ExperimentAssigner of(ExperimentsConfig config) {
        return new ExperimentAssigner(ExperimentsConfigValidator.validate(config, "<config>"));
    }

    /**
     * The variant {@code userId} gets in {@code experimentId} at {@code now}: split by hash while the experiment is
     * running and {@code start <= now < end}, otherwise the default variant with {@code active = false}.
     *
     * @throws UnknownExperimentException when the config has no such experiment
     */
    public Assignment assign(String experimentId, String userId, Instant now) {
        Objects.requireNonNull(experimentId, "experimentId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(now, "now");
        Entry entry = byId.get(experimentId);
        if (entry == null) {
            throw new UnknownExperimentException(experimentId, ids());
        }
        Experiment e = entry.experiment();
        String inactive = inactiveReason(e, now);
        if (inactive != null) {
            Variant fallback = e.variant(e.defaultVariant()).orElseThrow();
            return new Assignment(e.id(), fallback.name(), false, inactive, fallback);
        }
        Variant v = e.variants().get(entry.rendezvous().pick(userId));
        return new Assignment(e.id(), v.name(), true, "running", v);
    }

    public Optional<Experiment> experiment(String id) {
        Entry entry = id == null ? null : byId.get(id);
        return entry == null ? Optional.empty() : Optional.of(entry.experiment());
    }

    /** All experiments in file order. */
    public List<Experiment> experiments() {
        return experiments;
    }

    private List<String> ids() {
        return experiments.stream().map(Experiment::id).toList();
    }

    private static String inactiveReason(Experiment e, Instant now) {
        if (e.status() != ExperimentStatus.RUNNING) {
            return e.status().configName();
        }
        if (e.start() != null && now.isBefore(e.start())) {
            return "before-start";
        }
        if (e.end() != null && !now.isBefore(e.end())) {
            return "after-end";
        }
        return null;
    }
}
