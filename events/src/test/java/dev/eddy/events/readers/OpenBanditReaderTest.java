package dev.eddy.events.readers;

import dev.eddy.events.event.Candidate;
import dev.eddy.events.event.Decision;
import dev.eddy.events.event.Reward;
import dev.eddy.events.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class OpenBanditReaderTest {

    private static ObdLog log(String policy) throws IOException {
        ObdLog log = OpenBanditReader.readLog(SharedData.path("open-bandit-men/" + policy + "/men.csv"));
        assertThat(log.problems()).isEmpty();
        return log;
    }

    @Test
    void randomLog() throws IOException {
        ObdLog log = log("random");
        assertThat(log.policy()).isEqualTo("random");
        assertThat(log.campaign()).isEqualTo("men");
        assertThat(log.rows()).hasSize(10_000);
        assertThat(log.items()).hasSize(34);
        assertThat(log.items()).extracting(Candidate::id).containsExactlyElementsOf(
                IntStream.range(0, 34).mapToObj(Integer::toString).toList());
        // Uniform over 34 items: every propensity is 1/34.
        assertThat(log.rows()).allSatisfy(r -> assertThat(r.propensity()).isCloseTo(1.0 / 34, within(1e-12)));
        assertThat(log.rows().get(0).propensity()).isCloseTo(0.0294, within(1e-4));
        assertThat(log.rows().stream().map(ObdRow::position).collect(Collectors.toSet())).isEqualTo(Set.of(1, 2, 3));
        assertThat(log.rows().stream().map(ObdRow::itemId).distinct()).hasSize(34);

        ObdRow first = log.rows().get(0);
        assertThat(first.index()).isZero();
        assertThat(first.lineNumber()).isEqualTo(2);
        assertThat(first.timestamp()).isEqualTo(Instant.parse("2019-11-24T00:03:13.442536Z"));
        assertThat(first.itemId()).isEqualTo(14);
        assertThat(first.position()).isEqualTo(3);
        assertThat(first.click()).isZero();
        assertThat(first.userFeatures()).containsExactly("cef3390ed299c09874189c387777674a",
                "03a5648a76832f83c859d46bc06cb64a", "7bc94a2da491829b777c49c4b5e480f2",
                "9bde591ffaab8d54c457448e4dca6f53");
        assertThat(first.affinity()).hasSize(34).containsOnly(0.0);
        assertThat(log.rows().get(9_999).lineNumber()).isEqualTo(10_001);

        double clickRate = clickRate(log);
        System.out.printf("OBD men/random: on-policy click rate %.4f over %d impressions%n", clickRate, log.rows().size());
        assertThat(clickRate).isEqualTo(0.0046);
    }

    @Test
    void itemsCarryNumericAndHashedFeatures() throws IOException {
        Candidate item0 = log("random").items().get(0);
        assertThat(item0.features()).isEqualTo(Map.of("item", Map.of(
                "item_feature_0", -0.6771831139635117,
                "item_feature_1=ceca20033d7d36b74dc683ddfb804aa7", 1.0,
                "item_feature_2=eb6f942c01859574cb88d2e62bf84354", 1.0,
                "item_feature_3=795091554fd8f6b4a0ca7df81bf50a64", 1.0)));
        // Each log folder hashes the categories its own way: the items are read from beside the log.
        assertThat(log("bts").items().get(0).features().get("item"))
                .containsKey("item_feature_1=c82d13885d8bf7a3b8b9fa6f0842ba60");
    }

    @Test
    void rowsBecomeDecisionsWithClickRewards() throws IOException {
        ObdLog log = log("random");
        ReadResult<LoggedEvent> r = log.events();
        assertThat(r.problems()).isEmpty();
        assertThat(r.events()).hasSize(10_000);

        LoggedEvent e = r.events().get(0);
        Decision d = e.decision();
        assertThat(d.eventId()).isEqualTo("men/random/0");
        assertThat(d.policy()).isEqualTo("random");
        assertThat(d.timestamp()).isEqualTo(Instant.parse("2019-11-24T00:03:13.442536Z"));
        assertThat(d.candidates()).hasSize(34);
        assertThat(d.chosenCandidate().id()).isEqualTo("14");
        assertThat(d.chosenProbability()).isCloseTo(1.0 / 34, within(1e-12));
        assertThat(d.step()).isNull();
        assertThat(d.context().get("user")).containsOnlyKeys(
                "user_feature_0=cef3390ed299c09874189c387777674a", "user_feature_1=03a5648a76832f83c859d46bc06cb64a",
                "user_feature_2=7bc94a2da491829b777c49c4b5e480f2", "user_feature_3=9bde591ffaab8d54c457448e4dca6f53");
        assertThat(d.context()).doesNotContainKey("affinity");     // all 34 affinities of row 0 are 0
        assertThat(d.context().get("slot")).isEqualTo(Map.of("position", 3.0));
        assertThat(e.rewards()).containsExactly(
                new Reward("men/random/0", d.timestamp(), 0.0, 2, "click", null));

        // Only nonzero affinities become features: 579 of the 340,000 values in this log (measured).
        long nonzero = log.rows().stream().flatMap(row -> row.affinity().stream()).filter(v -> v != 0.0).count();
        long features = r.events().stream()
                .mapToLong(ev -> ev.decision().context().getOrDefault("affinity", Map.of()).size()).sum();
        assertThat(nonzero).isEqualTo(579);
        assertThat(features).isEqualTo(nonzero);

        for (int i = 0; i < 10_000; i += 997) {
            ObdRow row = log.rows().get(i);
            LoggedEvent ev = r.events().get(i);
            assertThat(ev.decision().chosenCandidate().id()).isEqualTo(Integer.toString(row.itemId()));
            assertThat(ev.rewards().get(0).slot()).isEqualTo(row.position() - 1);
            assertThat(ev.rewards().get(0).value()).isEqualTo((double) row.click());
        }
    }

    @Test
    void btsLog() throws IOException {
        ObdLog log = log("bts");
        assertThat(log.rows()).hasSize(10_000);
        assertThat(log.items()).hasSize(34);
        assertThat(log.rows().stream().map(ObdRow::position).collect(Collectors.toSet())).isEqualTo(Set.of(1, 2, 3));
        assertThat(log.rows()).allSatisfy(r -> assertThat(r.propensity()).isGreaterThan(0.0).isLessThanOrEqualTo(1.0));
        // Thompson sampling concentrates: propensities are far from uniform.
        assertThat(log.rows().stream().mapToDouble(ObdRow::propensity).max().orElseThrow()).isGreaterThan(0.5);

        double clickRate = clickRate(log);
        System.out.printf("OBD men/bts: on-policy click rate %.4f over %d impressions%n", clickRate, log.rows().size());
        assertThat(clickRate).isBetween(0.001, 0.05);
        assertThat(clickRate).isEqualTo(0.0069);      // measured: 69 clicks in 10,000 impressions
        assertThat(clickRate).isGreaterThan(clickRate(log("random")));

        ReadResult<LoggedEvent> events = log.events();
        assertThat(events.problems()).isEmpty();
        assertThat(events.events().get(0).decision().eventId()).isEqualTo("men/bts/0");
        assertThat(events.events().stream().mapToDouble(e -> e.rewards().get(0).value()).average().orElseThrow())
                .isEqualTo(clickRate);
    }

    @Test
    void badRowsAreReportedWithTheirLine(@TempDir Path tmp) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("random"));
        Files.copy(SharedData.path("open-bandit-men/random/item_context.csv"), dir.resolve("item_context.csv"));
        List<String> lines = Files.readAllLines(SharedData.path("open-bandit-men/random/men.csv")).subList(0, 6);
        lines = new ArrayList<>(lines);
        lines.set(2, lines.get(2).replace(",0.029411764705882353,", ",abc,"));
        lines.set(4, lines.get(4).replaceFirst(",\\d+,(\\d),", ",99,$1,"));   // an item that does not exist
        Files.write(dir.resolve("men.csv"), lines);

        ObdLog log = OpenBanditReader.readLog(dir.resolve("men.csv"));
        assertThat(log.rows()).hasSize(4);
        assertThat(log.problems()).singleElement().satisfies(p -> {
            assertThat(p.lineNumber()).isEqualTo(3);
            assertThat(p.reason()).isEqualTo("column 'propensity_score': 'abc' is not a number");
        });
        ReadResult<LoggedEvent> events = log.events();
        assertThat(events.events()).hasSize(3);
        assertThat(events.problems()).extracting(BadRecord::lineNumber).containsExactly(3L, 5L);
        assertThat(events.problems().get(1).reason()).contains("item_id 99");
    }

    private static double clickRate(ObdLog log) {
        return log.rows().stream().mapToInt(ObdRow::click).average().orElseThrow();
    }
}
