package dev.eddy.bandits.ope;

import dev.eddy.events.event.Candidate;
import dev.eddy.events.readers.ObdLog;
import dev.eddy.events.readers.ObdRow;
import dev.eddy.events.readers.OpenBanditReader;
import dev.eddy.events.testing.SharedData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The Open Bandit sample (../shared/data/open-bandit-men; skipped where absent): the click rate of Bernoulli-TS
 * estimated from the uniform-random log, and of the random policy from the BTS log, against each target log's own
 * mean click rate. Each row is one item at one position with its per-position propensity, so a row is a sample
 * of its own (the sample has no slate ids) and these per-row estimators are IIPS. The figures are printed to the
 * surefire output file and quoted in bandits/README.md.
 */
class OpenBanditOpeTest {

    private static ObdLog random;
    private static ObdLog bts;
    private static final List<String> ESTIMATORS = List.of("ips", "snips", "dr", "sndr");

    @BeforeAll
    static void read() throws IOException {
        random = OpenBanditReader.readLog(SharedData.path("open-bandit-men/random/men.csv"));
        bts = OpenBanditReader.readLog(SharedData.path("open-bandit-men/bts/men.csv"));
        assertThat(random.problems()).isEmpty();
        assertThat(bts.problems()).isEmpty();
    }

    private static Map<Integer, Integer> itemIndex(ObdLog log) {
        Map<Integer, Integer> index = new HashMap<>();
        List<Candidate> items = log.items();
        for (int i = 0; i < items.size(); i++) index.put(Integer.parseInt(items.get(i).id()), i);
        return index;
    }

    /** The logger of {@code log} as a per-position policy, from its mean logged propensities. */
    static EmpiricalPositionPolicy policyOf(ObdLog log, boolean frequencies) {
        Map<Integer, Integer> index = itemIndex(log);
        EmpiricalPositionPolicy.Builder b = EmpiricalPositionPolicy.builder(log.items().size());
        for (ObdRow r : log.rows()) b.add(r.position() - 1, index.get(r.itemId()), r.propensity());
        return frequencies ? b.frequencies() : b.meanPropensities();
    }

    static List<LoggedSample> samples(ObdLog log, EmpiricalPositionPolicy target) {
        Map<Integer, Integer> index = itemIndex(log);
        List<LoggedSample> out = new ArrayList<>(log.rows().size());
        for (ObdRow r : log.rows()) {
            out.add(new LoggedSample(r.click(), index.get(r.itemId()), r.propensity(),
                    target.distribution(r.position() - 1), r.position() - 1, r.timestamp().toEpochMilli(),
                    LoggedSample.NO_SLATE));
        }
        return out;
    }

    private static double meanClick(ObdLog log, int position) {
        return log.rows().stream().filter(r -> position < 0 || r.position() - 1 == position)
                .mapToInt(ObdRow::click).average().orElseThrow();
    }

    /** One row of the report: the estimate, the truth and the verdict. */
    record Row(String direction, String slice, Estimate estimate, double truth) {
        boolean covers() {
            return estimate.covers(truth);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%-14s %-5s %-6s %.5f [%.5f,%.5f] truth %.5f relerr %.3f covered %s "
                            + "ess %.0f maxw %.2f", direction, slice, estimate.estimator(), estimate.value(),
                    estimate.lower(), estimate.upper(), truth, estimate.relativeError(truth), covers(),
                    estimate.effectiveSampleSize(), estimate.maxImportanceWeight());
        }
    }

    private static List<Row> evaluate(String direction, ObdLog logged, ObdLog targetLog,
                                      EmpiricalPositionPolicy target) {
        List<LoggedSample> all = samples(logged, target);
        CrossFittedModel model = new CrossFitting(5, 0).fit(all, new PositionActionMean(10));
        IntervalMethod boot = IntervalMethod.bootstrap(1000, 0.95, 0);
        List<Row> rows = new ArrayList<>();
        for (int position = -1; position < 3; position++) {
            int p = position;
            List<LoggedSample> slice = p < 0 ? all : all.stream().filter(s -> s.position() == p).toList();
            double truth = meanClick(targetLog, p);
            for (String name : ESTIMATORS) {
                Estimate e = Estimators.byName(name, model, Double.NaN, Double.NaN, 0).estimate(slice, boot);
                rows.add(new Row(direction, p < 0 ? "all" : "pos" + (p + 1), e, truth));
            }
            for (String name : List.of("ips", "snips")) {
                Estimate e = Estimators.byName(name, null, Double.NaN, Double.NaN, 0)
                        .estimate(slice, IntervalMethod.empiricalBernstein(0.95));
                rows.add(new Row(direction, p < 0 ? "all" : "pos" + (p + 1), e, truth));
            }
        }
        rows.forEach(System.out::println);
        return rows;
    }

    @Test
    void clickRateOfBtsFromTheRandomLog() {
        List<Row> rows = evaluate("bts<-random", random, bts, policyOf(bts, false));
        for (Row r : rows.stream().filter(r -> r.slice().equals("all")).toList()) {
            // The truth is itself a mean of ~10,000 Bernoulli(≈0.5 %) draws, ±14 % (1 sd) on its own.
            assertThat(r.estimate().relativeError(r.truth())).as(r.toString()).isLessThan(0.35);
            assertThat(r.covers()).as(r.toString()).isTrue();
            // A uniform logger over 34 items: every weight is 34·π ≤ 34, many far below.
            assertThat(r.estimate().maxImportanceWeight()).isLessThanOrEqualTo(34 + 1e-9);
        }
    }

    @Test
    void clickRateOfBtsFromTheRandomLogWithTheFrequencyEstimateOfBts() {
        List<Row> rows = evaluate("btsfreq<-random", random, bts, policyOf(bts, true));
        for (Row r : rows.stream().filter(r -> r.slice().equals("all")).toList()) {
            assertThat(r.estimate().relativeError(r.truth())).as(r.toString()).isLessThan(0.35);
            assertThat(r.covers()).as(r.toString()).isTrue();
        }
    }

    @Test
    void clickRateOfRandomFromTheBtsLog() {
        List<Row> rows = evaluate("random<-bts", bts, random, policyOf(random, false));
        for (Row r : rows.stream().filter(r -> r.slice().equals("all")).toList()) {
            assertThat(r.estimate().relativeError(r.truth())).as(r.toString()).isLessThan(0.5);
            // BTS concentrates on a few items: the uniform target leans on rare rows, and the ESS shows it.
            assertThat(r.estimate().effectiveSampleSize()).as(r.toString()).isLessThan(0.5 * r.estimate().n());
        }
    }

    @Test
    void randomLogIsUniformAndItsOwnPolicyReproducesItsMean() {
        EmpiricalPositionPolicy uniform = policyOf(random, false);
        for (int p : uniform.positions()) {
            for (double x : uniform.distribution(p)) assertThat(x).isCloseTo(1.0 / 34, within(1e-12));
        }
        List<LoggedSample> own = samples(random, uniform);
        assertThat(new Ips().terms(own).value()).isCloseTo(meanClick(random, -1), within(1e-12));
        // The frequency estimate of BTS differs from the propensity one, but both are distributions per position.
        EmpiricalPositionPolicy freq = policyOf(bts, true);
        assertThat(java.util.Arrays.stream(freq.distribution(0)).sum()).isCloseTo(1, within(1e-12));
    }
}
