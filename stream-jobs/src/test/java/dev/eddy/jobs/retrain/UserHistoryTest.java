package dev.eddy.jobs.retrain;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Per-user history bounds: size, age, repeats, event-time disorder; and the keyed function on RocksDB. */
class UserHistoryTest {
    private static final long DAY = 86_400_000L;

    private static UserHistory feed(UserHistory h, int maxItems, long maxAge, Object... itemTimePairs) {
        for (int k = 0; k < itemTimePairs.length; k += 2) {
            h = h.with((String) itemTimePairs[k], ((Number) itemTimePairs[k + 1]).longValue(), maxItems, maxAge);
        }
        return h;
    }

    @Test
    void keepsTheNewestItemsUpToTheSizeBound() {
        UserHistory h = feed(new UserHistory(), 3, 100 * DAY, "a", 1, "b", 2, "c", 3, "d", 4, "e", 5);
        assertThat(h.items).containsExactly("c", "d", "e");
        assertThat(h.times).containsExactly(3, 4, 5);
    }

    @Test
    void dropsItemsOlderThanTheAgeBoundBeforeTheNewest() {
        UserHistory h = feed(new UserHistory(), 10, 2 * DAY, "a", 0, "b", DAY, "c", 3 * DAY);
        // a is 3 days before c: gone; b is 2 days before: stays (the bound is inclusive).
        assertThat(h.items).containsExactly("b", "c");
        UserHistory same = h.with("old", 0, 10, 2 * DAY);
        assertThat(same).as("an interaction already too old changes nothing").isSameAs(h);
    }

    @Test
    void aRepeatedItemCountsOnceAtItsLatestTimeAndLateEventsGoInTimeOrder() {
        UserHistory h = feed(new UserHistory(), 10, 100 * DAY, "a", 10, "b", 20, "a", 30, "c", 25);
        assertThat(h.items).containsExactly("b", "c", "a");
        assertThat(h.times).containsExactly(20, 25, 30);
        assertThat(h.with("a", 5, 10, 100 * DAY)).as("an older copy of a known item").isSameAs(h);
        assertThat(h.newest()).isEqualTo(30);
    }

    @Test
    void theKeyedFunctionKeepsHistoriesInRocksDbAcrossASnapshot() throws Exception {
        RetrainSettings s = RetrainSettingsTest.settings(2);
        var snapshot = new Object() { org.apache.flink.runtime.checkpoint.OperatorSubtaskState state; };
        try (var h = harness(s)) {
            h.open();
            h.processElement(new StreamRecord<>(InteractionInput.of("u", "a", 1)));
            h.processElement(new StreamRecord<>(InteractionInput.of("v", "x", 1)));
            h.processElement(new StreamRecord<>(InteractionInput.of("u", "b", 2)));
            snapshot.state = h.snapshot(1, 0);
            List<HistoryUpdate> out = h.extractOutputValues();
            assertThat(out).extracting(u -> u.userId).containsExactly("u", "v", "u");
            assertThat(out.get(2).items).containsExactly("a", "b");
        }
        try (var h = harness(s)) {
            h.initializeState(snapshot.state);
            h.open();
            h.processElement(new StreamRecord<>(InteractionInput.of("u", "c", 3)));
            h.processElement(new StreamRecord<>(InteractionInput.of("u", "c", 3))); // no change: nothing sent
            List<HistoryUpdate> out = h.extractOutputValues();
            assertThat(out).hasSize(1);
            assertThat(out.get(0).items).as("size bound 2 after the restore").containsExactly("b", "c");
            assertThat(out.get(0).oldest).isEqualTo(2);
            assertThat(out.get(0).newest).isEqualTo(3);
        }
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, InteractionInput, HistoryUpdate> harness(RetrainSettings s)
            throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new UserHistoryFunction(s)),
                (InteractionInput in) -> in.userId, Types.STRING);
        h.setStateBackend(new EmbeddedRocksDBStateBackend());
        return h;
    }

}
