package dev.eddy.recsys.lifecycle;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TrainingSetTest {

    private static Map.Entry<String, WindowEntry> user(String id, String... items) {
        return Map.entry(id, new WindowEntry(items, 1_000, 2_000, 0));
    }

    @Test
    void newestIsHeldOutTheOneBeforeValidatesTheRestTrains() {
        TrainingSet set = TrainingSet.of(List.of(user("a", "i1", "i2", "i3", "i4"), user("b", "i1", "i2"), user("c", "i3")));
        int a = set.data().users().indexOf("a");
        int b = set.data().users().indexOf("b");
        int c = set.data().users().indexOf("c");
        assertThat(items(set, set.data().positives().of(a))).containsExactly("i1", "i2");
        assertThat(items(set, set.validation().of(a))).containsExactly("i3");
        assertThat(items(set, set.holdout().of(a))).containsExactly("i4");
        // Two items: no validation item, the newest still held out for the gate.
        assertThat(items(set, set.data().positives().of(b))).containsExactly("i1");
        assertThat(set.validation().of(b)).isEmpty();
        assertThat(items(set, set.holdout().of(b))).containsExactly("i2");
        assertThat(items(set, set.data().positives().of(c))).containsExactly("i3");
        assertThat(set.holdoutUsers()).isEqualTo(2);
        assertThat(set.known()).containsExactly(set.data().positives(), set.validation());
        assertThat(set.validationOrNull()).isSameAs(set.validation());
        assertThat(set.window().interactions()).isEqualTo(7);
    }

    @Test
    void noUserWithThreeItemsMeansNoValidation() {
        TrainingSet set = TrainingSet.of(List.of(user("a", "i1", "i2"), user("b", "i1")));
        assertThat(set.validationOrNull()).isNull();
    }

    private static List<String> items(TrainingSet set, int[] rows) {
        return java.util.Arrays.stream(rows).mapToObj(r -> set.data().items().id(r)).toList();
    }
}
