package dev.eddy.jobs.experiments;

import dev.eddy.events.config.EddyConfig;
import dev.eddy.events.experiment.ExperimentsConfig;
import dev.eddy.events.experiment.ExperimentsConfigReader;
import dev.eddy.jobs.config.EddyKeys;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class UserAggregationTest {

    static final String FILE = """
            experiments:
              - id: shelf
                status: running
                start: 1970-01-01T00:00:10Z
                end: 1970-01-01T01:00:00Z
                default: a
                variants:
                  - {name: a, weight: 1, policy: uniform}
                  - {name: b, weight: 1, policy: neucb}
                metrics:
                  - {name: reward-rate, type: reward-rate}
                  - {name: reward, type: reward-per-user}
                  - {name: buys, type: interaction-count, interaction: buy}
                  - {name: spend, type: interaction-value, interaction: buy}
                  - {name: spend-per-buy, type: ratio, numerator: spend, denominator: buys}
                  - {name: latency, type: latency, guardrail: 0.1}
                segments: [user:country]
            """;

    static final long LOOKBACK = 100_000;

    static ExperimentsSettings settings(String yaml, int historySize) {
        return settings(yaml, historySize, LOOKBACK);
    }

    static ExperimentsSettings settings(String yaml, int historySize, long lookbackMs) {
        ExperimentsConfig config = ExperimentsConfigReader.parse(yaml, "test.yaml");
        return ExperimentsSettings.of(config, EddyConfig.of(Map.of("experiments.cuped-lookback", lookbackMs + "ms",
                "experiments.history-size", String.valueOf(historySize), "join.window", "60s"), EddyKeys.all()));
    }

    static ExperimentInput decision(String user, long t, String variant, String country, double latency) {
        return ExperimentInput.decision(user, t, "shelf", variant, new String[] {"user:country"},
                new String[] {country == null ? null : "country=" + country}, latency);
    }

    static ExperimentInput example(String user, long decisionTime, String variant, String country, double reward) {
        return ExperimentInput.example(user, decisionTime + 60_000, "shelf", variant, decisionTime,
                new String[] {"user:country"}, new String[] {country == null ? null : "country=" + country}, reward);
    }

    static ExperimentInput buy(String user, long t, double value) {
        return ExperimentInput.interaction(user, t, "buy", value);
    }

    /** Every delta of every input, added up per cell. */
    static Map<String, CellStats> totals(UserAggregation aggregation, Map<String, UserState> users,
                                         List<ExperimentInput> inputs) {
        Map<String, CellStats> totals = new TreeMap<>();
        for (ExperimentInput in : inputs) {
            UserState user = users.computeIfAbsent(in.userId, u -> new UserState());
            for (StatsDelta d : aggregation.apply(user, in)) {
                totals.computeIfAbsent(d.cell(), k -> new CellStats()).add(d.stats, 1);
            }
        }
        totals.values().removeIf(CellStats::isZero);
        return totals;
    }

    /** The cells computed directly from each user's final state. */
    static Map<String, CellStats> direct(ExperimentPlan plan, Map<String, UserState> users) {
        Map<String, CellStats> cells = new TreeMap<>();
        for (UserState u : users.values()) {
            UserExperiment e = u.experiment(plan.id());
            if (e == null) continue;
            UserAggregation.contributions(plan, e).forEach((k, d) -> cells.computeIfAbsent(k, x -> new CellStats()).add(d.stats, 1));
        }
        return cells;
    }

    @Test
    void oneUserHandChecked() {
        ExperimentsSettings s = settings(FILE, 100);
        UserAggregation aggregation = new UserAggregation(s);
        UserState u = new UserState();
        // Before the exposure: two buys in the lookback (the covariate), one older than it.
        assertThat(aggregation.apply(u, buy("u", 15_000, 3))).as("no exposure yet: nothing to count").isEmpty();
        aggregation.apply(u, buy("u", 150_000, 5));
        aggregation.apply(u, buy("u", 190_000, 7));
        aggregation.apply(u, decision("u", 200_000, "b", "DE", 4));
        aggregation.apply(u, decision("u", 210_000, "b", "FR", 2));
        aggregation.apply(u, ExperimentInput.interaction("u", 220_000, "view", 1));
        aggregation.apply(u, buy("u", 230_000, 10));
        aggregation.apply(u, buy("u", 240_000, 30));
        aggregation.apply(u, example("u", 200_000, "b", "DE", 1));
        aggregation.apply(u, example("u", 210_000, "b", "FR", 0.5));
        aggregation.apply(u, buy("u", 3_600_000, 99)); // at the end: not counted

        UserExperiment e = u.experiment("shelf");
        assertThat(e.variant).isEqualTo("b");
        assertThat(e.firstExposure).isEqualTo(200_000);
        assertThat(e.exposures).isEqualTo(2);
        assertThat(e.segment("user:country")).as("the earliest decision's").isEqualTo("country=DE");
        assertThat(e.covariate).as("buys at 150 s and 190 s; 15 s is outside the 100 s lookback").isEqualTo(2);
        Map<String, StatsDelta> cells = UserAggregation.contributions(s.experiment("shelf"), e);
        assertThat(cells.get(StatsDelta.cell("b", StatsDelta.VARIANT, "all")).stats.exposures).isEqualTo(2);
        assertYx(cells, "reward-rate", 1.5, 2);
        assertYx(cells, "reward", 1.5, 1);
        assertYx(cells, "buys", 2, 1);
        assertYx(cells, "spend", 40, 1);
        assertYx(cells, "spend-per-buy", 40, 2);
        assertYx(cells, "latency", 6, 2);
        assertThat(cells.get(StatsDelta.cell("b", "buys", "country=DE")).stats.sumC).isEqualTo(2);
        assertThat(cells).doesNotContainKey(StatsDelta.cell("b", "buys", "country=FR"));
    }

    private static void assertYx(Map<String, StatsDelta> cells, String metric, double y, double x) {
        for (String segment : List.of("all", "country=DE")) {
            CellStats c = cells.get(StatsDelta.cell("b", metric, segment)).stats;
            assertThat(c.n).isEqualTo(1);
            assertThat(c.sumY).as("%s y", metric).isEqualTo(y);
            assertThat(c.sumX).as("%s x", metric).isEqualTo(x);
            assertThat(c.sumXY).isEqualTo(x * y);
        }
    }

    @Test
    void anExposureEarlierThanTheFirstMovesTheUserAndTheirInteractions() {
        ExperimentsSettings s = settings(FILE, 100);
        UserAggregation aggregation = new UserAggregation(s);
        Map<String, UserState> users = new HashMap<>();
        List<ExperimentInput> inputs = List.of(
                buy("u", 90_000, 1),
                decision("u", 200_000, "a", null, Double.NaN),
                buy("u", 150_000, 2),                             // late: before the exposure, into the covariate
                buy("u", 180_000, 4),                             // late too: after the exposure to come
                decision("u", 120_000, "b", "DE", 5),             // late and earlier: now the first exposure
                example("u", 120_000, "b", "DE", 1));
        Map<String, CellStats> totals = totals(aggregation, users, inputs);
        UserExperiment e = users.get("u").experiment("shelf");
        assertThat(e.variant).isEqualTo("b");
        assertThat(e.firstExposure).isEqualTo(120_000);
        assertThat(e.interactionCount("buy")).as("the buys at 150 s and 250 s").isEqualTo(2);
        assertThat(e.interactionValue("buy")).isEqualTo(6);
        assertThat(e.covariate).as("the buy at 90 s").isEqualTo(1);
        assertSameStats(totals, direct(s.experiment("shelf"), users));
        assertThat(totals.keySet()).as("what variant a had is retracted").allMatch(k -> k.startsWith("b\u0000"));
    }

    @Test
    void theDeltasOfAnySequenceAddUpToTheStatisticsOfTheUsersFinalValues() {
        // A lookback longer than the input, so that the history forgets nothing a late exposure needs.
        ExperimentsSettings s = settings(FILE, 10_000, 10_000_000);
        ExperimentPlan plan = s.experiment("shelf");
        Random r = new Random(7);
        List<ExperimentInput> inputs = new ArrayList<>();
        String[] countries = {"DE", "FR", null};
        for (int u = 0; u < 40; u++) {
            String user = "u" + u;
            String variant = r.nextBoolean() ? "a" : "b";
            String country = countries[r.nextInt(3)];
            for (int k = 0; k < 1 + r.nextInt(5); k++) {
                long t = 10_000 + r.nextInt(3_000_000);
                // Mostly one variant per user, now and then a reassigned one.
                String v = r.nextInt(10) == 0 ? (variant.equals("a") ? "b" : "a") : variant;
                inputs.add(decision(user, t, v, country, r.nextInt(3) == 0 ? Double.NaN : r.nextInt(20)));
                if (r.nextBoolean()) inputs.add(example(user, t, v, country, r.nextInt(4) * 0.5));
            }
            for (int k = 0; k < r.nextInt(8); k++) {
                inputs.add(ExperimentInput.interaction(user, r.nextInt(3_700_000), r.nextBoolean() ? "buy" : "view",
                        1 + r.nextInt(9)));
            }
        }
        Map<String, UserState> inOrder = new HashMap<>();
        List<ExperimentInput> sorted = new ArrayList<>(inputs);
        sorted.sort(java.util.Comparator.comparingLong(in -> in.eventTime));
        Map<String, CellStats> sortedTotals = totals(new UserAggregation(s), inOrder, sorted);
        assertSameStats(sortedTotals, direct(plan, inOrder));

        // Any arrival order: the same deltas' sums, and the same per-user values (the history holds everything).
        Map<String, UserState> shuffledUsers = new HashMap<>();
        List<ExperimentInput> shuffled = new ArrayList<>(inputs);
        Collections.shuffle(shuffled, new Random(11));
        Map<String, CellStats> shuffledTotals = totals(new UserAggregation(s), shuffledUsers, shuffled);
        assertSameStats(shuffledTotals, direct(plan, shuffledUsers));
        assertSameStats(shuffledTotals, sortedTotals);
        assertThat(sortedTotals.keySet()).anyMatch(k -> k.endsWith("country=FR"));
    }

    static void assertSameStats(Map<String, CellStats> actual, Map<String, CellStats> expected) {
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        expected.forEach((k, e) -> {
            CellStats a = actual.get(k);
            String cell = k.replace('\u0000', '|');
            assertThat(a.n).as("n of %s", cell).isEqualTo(e.n);
            assertThat(a.exposures).as("exposures of %s", cell).isEqualTo(e.exposures);
            double[] got = {a.sumY, a.sumY2, a.sumX, a.sumX2, a.sumXY, a.sumC, a.sumC2, a.sumYC, a.sumXC};
            double[] want = {e.sumY, e.sumY2, e.sumX, e.sumX2, e.sumXY, e.sumC, e.sumC2, e.sumYC, e.sumXC};
            for (int i = 0; i < got.length; i++) {
                assertThat(got[i]).as("sum %d of %s", i, cell).isCloseTo(want[i], within(1e-9 * Math.max(1, Math.abs(want[i]))));
            }
        });
    }

    @Test
    void pruningForgetsOldInteractionsAndFinishedExperiments() {
        ExperimentsSettings s = settings(FILE, 3);
        UserAggregation aggregation = new UserAggregation(s);
        UserState u = new UserState();
        for (int i = 0; i < 5; i++) aggregation.apply(u, buy("u", 1_000L * i, 1));
        assertThat(u.times).as("the newest three").containsExactly(2_000L, 3_000L, 4_000L);
        aggregation.apply(u, decision("u", 50_000, "a", null, 1));
        assertThat(aggregation.prune(u, 102_500)).isFalse();
        assertThat(u.times).as("older than the lookback before 102.5 s").containsExactly(3_000L, 4_000L);
        assertThat(aggregation.prune(u, 3_660_000)).as("final read-out due at the end + 60 s").isTrue();
    }
}
