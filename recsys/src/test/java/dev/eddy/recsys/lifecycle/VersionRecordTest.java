package dev.eddy.recsys.lifecycle;

import dev.eddy.events.json.EventJson;
import dev.eddy.recsys.data.IdIndex;
import dev.eddy.recsys.snapshot.DataWindow;
import dev.eddy.recsys.train.Backbone;
import dev.eddy.recsys.train.EmbeddingTables;
import dev.eddy.recsys.train.TrainedModel;
import dev.eddy.recsys.train.TrainingConfig;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The manifests' metrics and params of the three kinds of version, every key in order: what serving, the
 * dashboard and people read, so a change here is a change of the published records.
 */
class VersionRecordTest {
    private static final TrainingConfig CONFIG = TrainingConfig.builder().dim(2).epochs(4).seed(3).device("cpu").build();
    private static final IdTables TABLES = new IdTables(new String[] {"u"}, new String[] {"a", "b"}, 2,
            new float[] {1, 2}, new float[] {3, 4, 5, 6});
    private static final List<String> CONFIG_KEYS = List.copyOf(CONFIG.asMap().keySet());

    private static List<String> keys(String... first) {
        return List.of(first);
    }

    private static List<String> configAnd(String... then) {
        List<String> out = new ArrayList<>(CONFIG_KEYS);
        out.addAll(List.of(then));
        return out;
    }

    private static RetrainOutcome outcome(Backbone backbone, HoldoutMetrics current) {
        EmbeddingTables t = TABLES.tables();
        TrainedModel m = new TrainedModel(IdIndex.of(List.of("u")), IdIndex.of(List.of("a", "b")), t, t,
                CONFIG.toBuilder().backbone(backbone).build(), List.of(), 4, Double.NaN);
        return new RetrainOutcome(m, new DataWindow(Instant.ofEpochMilli(1_000), Instant.ofEpochMilli(2_500), 7),
                new HoldoutMetrics(0.5, 0.25), current, 0.125, 3, 1.5, 2.5);
    }

    private static KeptVersion kept(long version, long trainedVersion, long dataFrom, long dataTo, String config) {
        return new KeptVersion(version, 9_000, 0.5, 0.25, 3, 7, TABLES, null, trainedVersion, 0, dataFrom, dataTo, config);
    }

    @Test
    void aRetrainSaysWhatItWasMeasuredAgainstTrainedOnAndHowLongItTook() {
        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put("checkpointsDuringTraining", 1.0);
        figures.put("checkpointMeanMsDuringTraining", 12.0);
        RetrainOutcome o = outcome(Backbone.MF, new HoldoutMetrics(0.375, 0.2));
        KeptVersion v = kept(4, 4, 1_000, 2_500, EventJson.writeString(o.model().config().asMap()));
        VersionRecord r = VersionRecord.retrain(v, o, figures);
        assertThat(r.modelType()).isEqualTo("mf");
        assertThat(List.copyOf(r.metrics().keySet())).isEqualTo(keys("recall@20", "ndcg@20", "popularity.recall@20",
                "published.recall@20", "holdoutUsers", "interactions", "trainSeconds", "retrainSeconds",
                "checkpointsDuringTraining", "checkpointMeanMsDuringTraining"));
        assertThat(List.copyOf(r.metrics().values())).containsExactly(0.5, 0.25, 0.125, 0.375, 3.0, 7.0, 1.5, 2.5, 1.0, 12.0);
        assertThat(List.copyOf(r.params().keySet())).isEqualTo(configAnd("kind", "trainedVersion", "dataFrom", "dataTo"));
        assertThat(r.params()).containsAllEntriesOf(CONFIG.asMap()).containsEntry("kind", "retrain")
                .containsEntry("trainedVersion", "4").containsEntry("dataFrom", "1970-01-01T00:00:01Z")
                .containsEntry("dataTo", "1970-01-01T00:00:02.500Z");

        VersionRecord first = VersionRecord.retrain(v, outcome(Backbone.LIGHTGCN, null), Map.of());
        assertThat(first.modelType()).isEqualTo("lightgcn");
        assertThat(first.metrics()).as("nothing published to compare with").doesNotContainKey("published.recall@20");
    }

    @Test
    void aFoldInCarriesTheMetricsOfTheRetrainItsTablesComeFrom() {
        FoldInRound round = new FoldInRound(TABLES, List.of("x", "y"), List.of("n"));
        // A rollback of version 5 to the tables of retrain 2: its fold-ins name retrain 2.
        VersionRecord r = VersionRecord.foldIn(new KeptVersion(6, 0, 0.5, 0.25, 3, 7, TABLES, null, 2, 5, 0, 0, null),
                round, "mf");
        assertThat(r.modelType()).isEqualTo("mf");
        assertThat(List.copyOf(r.metrics().keySet())).isEqualTo(keys("recall@20", "ndcg@20", "foldedInUsers", "foldedInItems"));
        assertThat(List.copyOf(r.metrics().values())).containsExactly(0.5, 0.25, 2.0, 1.0);
        assertThat(r.params()).containsExactly(Map.entry("kind", "fold-in"), Map.entry("trainedVersion", "2"));
        assertThat(VersionRecord.foldIn(kept(1, 0, 0, 0, null), round, "mf").params())
                .as("older state: the version is its own retrain").containsEntry("trainedVersion", "1");
    }

    @Test
    void aRollbackSaysWhatItRepublishedWhatItReplacedAndWhy() {
        KeptVersion target = kept(2, 2, 1_000, 2_500, EventJson.writeString(CONFIG.asMap()));
        KeptVersion v = target.republishedAs(5, 10_000);
        VersionRecord r = VersionRecord.rollback(v, 4, "bad retrain", "2026-11-25T03:00:00Z");
        assertThat(r.modelType()).isEqualTo("mf");
        assertThat(List.copyOf(r.metrics().keySet())).isEqualTo(keys("recall@20", "ndcg@20", "holdoutUsers", "interactions"));
        assertThat(List.copyOf(r.metrics().values())).containsExactly(0.5, 0.25, 3.0, 7.0);
        assertThat(List.copyOf(r.params().keySet())).isEqualTo(configAnd("kind", "trainedVersion", "rolledBackFrom",
                "replacedVersion", "reason", "requestedAt", "dataFrom", "dataTo"));
        assertThat(r.params()).containsAllEntriesOf(CONFIG.asMap()).containsEntry("kind", "rollback")
                .containsEntry("trainedVersion", "2").containsEntry("rolledBackFrom", "2")
                .containsEntry("replacedVersion", "4").containsEntry("reason", "bad retrain")
                .containsEntry("requestedAt", "2026-11-25T03:00:00Z").containsEntry("dataFrom", "1970-01-01T00:00:01Z")
                .containsEntry("dataTo", "1970-01-01T00:00:02.500Z");
        Map<String, String> stored = r.storeParams(v);
        assertThat(List.copyOf(stored.keySet()).subList(0, r.params().size())).isEqualTo(List.copyOf(r.params().keySet()));
        assertThat(stored).hasSize(r.params().size() + 2).containsEntry("publishedVersion", "5").containsEntry("interactions", "7");
    }

    @Test
    void aRollbackToAVersionOfOlderStateLeavesOutWhatItDidNotRecord() {
        KeptVersion old = new KeptVersion(1, 0, 0.5, 0.25, 3, 7, TABLES, TABLES, 0, 0, 0, 0, null);
        VersionRecord r = VersionRecord.rollback(old.republishedAs(3, 0), 2, null, null);
        assertThat(r.modelType()).as("representations apart: LightGCN").isEqualTo("lightgcn");
        assertThat(r.params()).containsExactly(Map.entry("kind", "rollback"), Map.entry("trainedVersion", "1"),
                Map.entry("rolledBackFrom", "1"), Map.entry("replacedVersion", "2"));
        KeptVersion unreadable = kept(1, 1, 0, 0, "{not json");
        assertThat(VersionRecord.rollback(unreadable.republishedAs(2, 0), 1, null, null).params())
                .as("an unreadable configuration is left out").doesNotContainKey("method");
    }
}
