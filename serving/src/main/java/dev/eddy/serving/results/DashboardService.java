package dev.eddy.serving.results;

import dev.eddy.serving.experiment.ExperimentAssigner;
import dev.eddy.serving.experiment.UnknownExperimentException;
import dev.eddy.serving.http.DashboardEndpoints;
import dev.eddy.serving.model.ModelVersionHistory;
import dev.eddy.serving.results.ModelHistoryResponse.ModelVersions;
import dev.eddy.serving.results.ModelHistoryResponse.VersionEntry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Answers what the dashboard reads: an experiment's results from the {@link ResultsStore}, and the model versions
 * loaded over time. An experiment is known when the experiments file has it or the job reported on it (an
 * experiment removed from the file keeps its results).
 */
public final class DashboardService implements DashboardEndpoints {
    private final ResultsStore results;
    private final Supplier<ExperimentAssigner> experiments;
    private final ModelVersionHistory models;
    private final Supplier<Map<String, Long>> served;

    /**
     * @param experiments the current experiments (the file is reloaded while serving runs)
     * @param served      the version requests use now, per model
     */
    public DashboardService(ResultsStore results, Supplier<ExperimentAssigner> experiments, ModelVersionHistory models,
                            Supplier<Map<String, Long>> served) {
        this.results = results;
        this.experiments = experiments;
        this.models = models;
        this.served = served;
    }

    /** @throws UnknownExperimentException when neither the experiments file nor the results know the id */
    @Override
    public ExperimentResultsResponse experimentResults(String experimentId) {
        var snapshot = results.get(experimentId);
        if (snapshot.isPresent()) {
            ResultsStore.Snapshot s = snapshot.get();
            return new ExperimentResultsResponse(experimentId, s.latest(), s.readOuts(), LiftHistories.of(s.history()));
        }
        ExperimentAssigner configured = experiments.get();
        if (configured.experiment(experimentId).isEmpty()) {
            throw new UnknownExperimentException(experimentId,
                    configured.experiments().stream().map(e -> e.id()).toList());
        }
        return new ExperimentResultsResponse(experimentId, null, 0, ExperimentResultsResponse.LiftHistory.EMPTY);
    }

    @Override
    public ModelHistoryResponse modelHistory() {
        Map<String, Long> now = served.get();
        List<ModelVersions> out = new ArrayList<>();
        models.byModel().forEach((model, loaded) -> {
            List<VersionEntry> versions = loaded.stream()
                    .map(v -> new VersionEntry(v.version(), v.createdAt(), v.loadedAt(), v.metrics())).toList();
            out.add(new ModelVersions(model, loaded.get(loaded.size() - 1).modelType(), now.get(model),
                    models.loaded(model), versions));
        });
        return new ModelHistoryResponse(out);
    }
}
