package dev.eddy.serving.results;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eddy.events.event.ExperimentResults;
import dev.eddy.events.event.ModelManifest;
import dev.eddy.serving.experiment.ExperimentAssigner;
import dev.eddy.serving.experiment.UnknownExperimentException;
import dev.eddy.serving.http.RequestBodies;
import dev.eddy.serving.model.ModelVersionHistory;
import dev.eddy.serving.results.ExperimentResultsResponse.LiftSeries;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The results endpoint's answers: unknown (404 via UnknownExperimentException), known without results, with results. */
class DashboardServiceTest {
    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");

    @TempDir
    Path dir;
    private final ResultsStore store = new ResultsStore(720);
    private final ModelVersionHistory models = new ModelVersionHistory(3);
    private final AtomicReference<ExperimentAssigner> experiments = new AtomicReference<>();
    private DashboardService service;

    @BeforeEach
    void start() throws Exception {
        Path file = dir.resolve("experiments.yaml");
        Files.writeString(file, """
                experiments:
                  - id: home
                    status: running
                    default: uniform
                    variants:
                      - {name: uniform, weight: 1, policy: uniform}
                      - {name: neucb, weight: 1, policy: mf-topk}
                      - {name: epsilon-greedy, weight: 1, policy: epsilon-greedy}
                  - id: waiting
                    status: running
                    default: a
                    variants:
                      - {name: a, weight: 1, policy: uniform}
                """);
        experiments.set(ExperimentAssigner.load(file));
        service = new DashboardService(store, experiments::get, models, () -> Map.of("recs", 2L));
    }

    @Test
    void anExperimentNeitherConfiguredNorReportedIsUnknown() {
        assertThatThrownBy(() -> service.experimentResults("nope"))
                .isInstanceOf(UnknownExperimentException.class)
                .hasMessageContaining("'nope'").hasMessageContaining("home, waiting");
    }

    @Test
    void aConfiguredExperimentWithoutResultsYetHasNoLatestAndAnEmptyHistory() throws Exception {
        ExperimentResultsResponse r = service.experimentResults("waiting");
        assertThat(r.latest()).isNull();
        assertThat(r.readOuts()).isZero();
        assertThat(r.history().dataUntil()).isEmpty();
        assertThat(r.history().series()).isEmpty();
        // latest is written as null, not left out like the wire format's absent fields.
        JsonNode json = RequestBodies.mapper().readTree(RequestBodies.mapper().writeValueAsString(r));
        assertThat(json.has("latest")).isTrue();
        assertThat(json.get("latest").isNull()).isTrue();
    }

    @Test
    void resultsComeWithTheirHistoryOneColumnPerField() {
        SimulatedExperiment home = SimulatedExperiment.threeArms("home", T0, 7);
        List<ExperimentResults> all = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ExperimentResults r = home.next(800);
            all.add(r);
            store.accept(r);
        }
        ExperimentResultsResponse r = service.experimentResults("home");
        assertThat(r.latest()).isEqualTo(all.get(5));
        assertThat(r.readOuts()).isEqualTo(6);
        assertThat(r.history().dataUntil()).hasSize(6).first().isEqualTo(T0.plusSeconds(5));
        assertThat(r.history().emittedAt()).hasSize(6);
        // 2 variants against control x (reward-rate in 3 segments + latency-ms); the control has no series.
        assertThat(r.history().series()).hasSize(8)
                .extracting(LiftSeries::variant).containsOnly("neucb", "epsilon-greedy");
        LiftSeries neucb = r.history().series().stream()
                .filter(s -> s.metric().equals("reward-rate") && s.segment().equals("all") && s.variant().equals("neucb"))
                .findFirst().orElseThrow();
        assertThat(neucb.guardrail()).isFalse();
        for (int i = 0; i < 6; i++) {
            var row = all.get(i).metrics().stream()
                    .filter(m -> m.metric().equals("reward-rate") && m.segment().equals("all") && m.variant().equals("neucb"))
                    .findFirst().orElseThrow();
            assertThat(neucb.relativeLift().get(i)).isEqualTo(row.relativeLift());
            assertThat(neucb.alwaysValidLower().get(i)).isEqualTo(row.alwaysValidInterval().lower());
            assertThat(neucb.alwaysValidUpper().get(i)).isEqualTo(row.alwaysValidInterval().upper());
        }
        // The confidence sequence narrows as users arrive.
        double first = neucb.alwaysValidUpper().get(0) - neucb.alwaysValidLower().get(0);
        double last = neucb.alwaysValidUpper().get(5) - neucb.alwaysValidLower().get(5);
        assertThat(last).isLessThan(first * 0.6);
        assertThat(r.history().series().stream().filter(LiftSeries::guardrail)).extracting(LiftSeries::metric)
                .containsOnly("latency-ms");
    }

    @Test
    void anExperimentRemovedFromTheFileKeepsItsResults() {
        store.accept(SimulatedExperiment.threeArms("gone", T0, 3).next(500));
        assertThat(service.experimentResults("gone").latest().experimentId()).isEqualTo("gone");
    }

    @Test
    void aSeriesMissingFromSomeReadOutsHasNullsThere() {
        SimulatedExperiment two = new SimulatedExperiment("home", List.of(
                new SimulatedExperiment.Arm("uniform", 1, 0.1, 2), new SimulatedExperiment.Arm("neucb", 1, 0.12, 2)), T0, 5);
        ExperimentResults r1 = two.next(400);
        ExperimentResults r2 = two.next(400);
        // The first read-out without its latency rows (a metric added to the file later).
        store.accept(new ExperimentResults(r1.experimentId(), r1.emittedAt(), r1.dataUntil(), false, r1.control(),
                r1.variants(), r1.sampleRatio(), r1.metrics().stream().filter(m -> !m.metric().equals("latency-ms")).toList()));
        store.accept(r2);
        LiftSeries latency = service.experimentResults("home").history().series().stream()
                .filter(s -> s.metric().equals("latency-ms")).findFirst().orElseThrow();
        assertThat(latency.relativeLift()).hasSize(2);
        assertThat(latency.relativeLift().get(0)).isNull();
        assertThat(latency.relativeLift().get(1)).isNotNull();
    }

    @Test
    void modelHistoryListsTheNewestVersionsPerModelWithTheirMetrics() {
        for (long v = 1; v <= 4; v++) {
            models.record(new ModelManifest("recs", v, T0.plusSeconds(60 * v), "mf", Map.of("recall@20", 0.1 + v / 100.0),
                    Map.of(), 1, "0".repeat(64)), T0.plusSeconds(60 * v + 2));
        }
        models.record(new ModelManifest("neucb-home", 9, T0, "contextual-bandit", Map.of("updates", 300.0), Map.of(), 1,
                "0".repeat(64)), T0.plusSeconds(1));
        ModelHistoryResponse h = service.modelHistory();
        assertThat(h.models()).extracting(ModelHistoryResponse.ModelVersions::model).containsExactly("neucb-home", "recs");
        ModelHistoryResponse.ModelVersions recs = h.models().get(1);
        assertThat(recs.modelType()).isEqualTo("mf");
        assertThat(recs.servedVersion()).isEqualTo(2L);
        assertThat(recs.versionsLoaded()).isEqualTo(4);
        assertThat(recs.versions()).extracting(ModelHistoryResponse.VersionEntry::version).containsExactly(2L, 3L, 4L);
        assertThat(recs.versions().get(2).metrics()).containsEntry("recall@20", 0.14);
        assertThat(recs.versions().get(2).loadedAt()).isEqualTo(T0.plusSeconds(242));
        assertThat(h.models().get(0).servedVersion()).isNull();
    }
}
