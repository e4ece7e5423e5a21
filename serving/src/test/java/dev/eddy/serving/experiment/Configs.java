package dev.eddy.serving.experiment;

import dev.eddy.events.experiment.Experiment;
import dev.eddy.events.experiment.ExperimentStatus;
import dev.eddy.events.experiment.ExperimentsConfig;
import dev.eddy.events.experiment.Variant;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Small builders for configs in code. */
final class Configs {

    private Configs() {
    }

    static Variant variant(String name, double weight) {
        return new Variant(name, weight, "mf-topk", "recs", null, Map.of());
    }

    static Experiment running(String id, String salt, Variant... variants) {
        return new Experiment(id, ExperimentStatus.RUNNING, null, null, salt, variants[0].name(), List.of(variants));
    }

    static Experiment experiment(String id, ExperimentStatus status, Instant start, Instant end, Variant... variants) {
        return new Experiment(id, status, start, end, null, variants[0].name(), List.of(variants));
    }

    static ExperimentAssigner assigner(Experiment... experiments) {
        return ExperimentAssigner.of(new ExperimentsConfig(List.of(experiments)));
    }
}
