package dev.eddy.serving.results;

import dev.eddy.events.event.ExperimentResults;
import dev.eddy.events.event.ExperimentResults.Interval;
import dev.eddy.events.event.ExperimentResults.MetricResult;
import dev.eddy.events.event.ExperimentResults.SampleRatio;
import dev.eddy.events.event.ExperimentResults.VariantCount;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * A running experiment's read-outs as the experiments job writes them, from simulated users: each call of
 * {@link #next} exposes more users (split by the weights, each with a reward and a serving latency drawn from their
 * variant's true values, and a device), and reads out everything so far with the job's statistics in their textbook
 * forms: Welch/delta-method fixed-horizon intervals, the asymptotic confidence sequence (Waudby-Smith et al.) as the
 * always-valid interval, mSPRT always-valid p-values (non-increasing), Benjamini–Hochberg, the normal posterior's
 * probability to beat control and expected loss, chi-squared SRM, and a latency guardrail at +10 %. So the numbers
 * are consistent the way real ones are: users grow, intervals narrow, a real lift becomes significant. Seeded.
 */
public final class SimulatedExperiment {
    /** A variant and its true values. The first arm is the control. */
    public record Arm(String variant, double weight, double rewardRate, double latencyMs) {}

    public static final String REWARD = "reward-rate";
    public static final String LATENCY = "latency-ms";
    private static final double ALPHA = 0.05;
    private static final double RHO2 = 1e-3;
    private static final double TAU2 = 0.01;
    private static final double GUARDRAIL = 0.10;
    private static final Duration EMIT_EVERY = Duration.ofSeconds(5);

    private final String experimentId;
    private final List<Arm> arms;
    private final Random random;
    private final Map<String, Moments> moments = new LinkedHashMap<>();
    private final Map<String, Double> alwaysValidP = new LinkedHashMap<>();
    private final long[] exposures;
    private Instant dataUntil;

    /** Running sums of one (metric, segment, variant). */
    private static final class Moments {
        long n;
        double sum;
        double sumSq;

        void add(double x) {
            n++;
            sum += x;
            sumSq += x * x;
        }

        double mean() {
            return n == 0 ? 0 : sum / n;
        }

        double standardError() {
            if (n < 2) return 0;
            double var = (sumSq - sum * sum / n) / (n - 1);
            return Math.sqrt(Math.max(var, 0) / n);
        }
    }

    public SimulatedExperiment(String experimentId, List<Arm> arms, Instant start, long seed) {
        this.experimentId = experimentId;
        this.arms = List.copyOf(arms);
        this.random = new Random(seed);
        this.exposures = new long[arms.size()];
        this.dataUntil = start;
    }

    /** A control and two variants: one that wins on reward but is slower (its latency guardrail trips), one close to control. */
    public static SimulatedExperiment threeArms(String experimentId, Instant start, long seed) {
        return new SimulatedExperiment(experimentId, List.of(
                new Arm("uniform", 1, 0.10, 2.0),
                new Arm("neucb", 1, 0.13, 3.0),
                new Arm("epsilon-greedy", 1, 0.105, 2.05)), start, seed);
    }

    public String experimentId() {
        return experimentId;
    }

    public List<Arm> arms() {
        return arms;
    }

    /** Exposes {@code newUsers} more users over one emit interval and returns the read-out of all so far. */
    public ExperimentResults next(int newUsers) {
        double totalWeight = arms.stream().mapToDouble(Arm::weight).sum();
        for (int u = 0; u < newUsers; u++) {
            int a = pick(totalWeight);
            Arm arm = arms.get(a);
            String device = random.nextDouble() < 0.6 ? "device=mobile" : "device=desktop";
            double reward = random.nextDouble() < arm.rewardRate() ? 1 : 0;
            double latency = arm.latencyMs() * Math.exp(0.3 * random.nextGaussian() - 0.045);
            moments(REWARD, "all", arm.variant()).add(reward);
            moments(REWARD, device, arm.variant()).add(reward);
            moments(LATENCY, "all", arm.variant()).add(latency);
            exposures[a] += 1 + random.nextInt(7);
        }
        dataUntil = dataUntil.plus(EMIT_EVERY);
        return readOut();
    }

    private int pick(double totalWeight) {
        double x = random.nextDouble() * totalWeight;
        for (int i = 0; i < arms.size() - 1; i++) {
            x -= arms.get(i).weight();
            if (x < 0) return i;
        }
        return arms.size() - 1;
    }

    private Moments moments(String metric, String segment, String variant) {
        return moments.computeIfAbsent(metric + "|" + segment + "|" + variant, k -> new Moments());
    }

    private ExperimentResults readOut() {
        String control = arms.get(0).variant();
        List<VariantCount> variants = new ArrayList<>();
        long[] users = new long[arms.size()];
        for (int i = 0; i < arms.size(); i++) {
            Arm arm = arms.get(i);
            users[i] = moments(REWARD, "all", arm.variant()).n;
            variants.add(new VariantCount(arm.variant(), arm.weight(), users[i], exposures[i]));
        }
        List<Row> rows = new ArrayList<>();
        for (String[] ms : new String[][] {{REWARD, "all"}, {REWARD, "device=mobile"}, {REWARD, "device=desktop"}, {LATENCY, "all"}}) {
            Moments c = moments(ms[0], ms[1], control);
            for (Arm arm : arms) rows.add(row(ms[0], ms[1], arm.variant(), arm.variant().equals(control) ? null : c));
        }
        adjust(rows);
        List<MetricResult> metrics = rows.stream().map(Row::result).toList();
        Instant emittedAt = dataUntil.plusMillis(300);
        return new ExperimentResults(experimentId, emittedAt, dataUntil, false, control, variants, sampleRatio(users),
                metrics);
    }

    /** A row before the multiple-comparison adjustment, which needs all of them. */
    private static final class Row {
        MetricResult r;

        Row(MetricResult r) {
            this.r = r;
        }

        MetricResult result() {
            return r;
        }
    }

    private Row row(String metric, String segment, String variant, Moments control) {
        Moments m = moments(metric, segment, variant);
        boolean guardrail = metric.equals(LATENCY);
        if (control == null) {
            return new Row(new MetricResult(metric, segment, variant, m.n, m.mean(), m.standardError(), null, null, null,
                    null, null, null, null, null, null, null, guardrail, false, null));
        }
        double mc = control.mean();
        double mv = m.mean();
        double sc = control.standardError();
        double sv = m.standardError();
        double lift = mv - mc;
        double rel = lift / mc;
        // Delta method for the ratio of two independent means.
        double seRel = Math.sqrt(sv * sv / (mc * mc) + mv * mv * sc * sc / (mc * mc * mc * mc));
        Interval fixed = new Interval(finite(rel - 1.96 * seRel), finite(rel + 1.96 * seRel));
        long n = m.n + control.n;
        double nr = n * RHO2;
        double half = seRel * Math.sqrt((nr + 1) / nr * 2 * Math.log(Math.sqrt(nr + 1) / ALPHA));
        Interval alwaysValid = new Interval(finite(rel - half), finite(rel + half));
        double p = 2 * (1 - phi(Math.abs(rel / seRel)));
        double v = seRel * seRel;
        double lambda = Math.sqrt(v / (v + TAU2)) * Math.exp(TAU2 * rel * rel / (2 * v * (v + TAU2)));
        String key = metric + "|" + segment + "|" + variant;
        double avp = Math.min(alwaysValidP.getOrDefault(key, 1.0), Math.min(1, 1 / lambda));
        alwaysValidP.put(key, avp);
        // Latency: lower is better.
        double better = guardrail ? -rel : rel;
        double beat = phi(better / seRel);
        double loss = seRel * density(better / seRel) - better * phi(-better / seRel);
        boolean flagged = guardrail && alwaysValid.lower() != null && alwaysValid.lower() > GUARDRAIL;
        String reason = flagged ? String.format(Locale.ROOT, "%s: relative lift at least %+.0f %% (always-valid bound), "
                + "above the %+.0f %% threshold", metric, 100 * alwaysValid.lower(), 100 * GUARDRAIL) : null;
        return new Row(new MetricResult(metric, segment, variant, m.n, mv, sv, lift, rel, fixed, alwaysValid, p, avp, avp,
                beat, loss, 0.0, guardrail, flagged, reason));
    }

    /** Benjamini–Hochberg over the always-valid p-values of every comparison of this read-out. */
    private static void adjust(List<Row> rows) {
        List<Row> tested = rows.stream().filter(r -> r.r.alwaysValidPValue() != null)
                .sorted(Comparator.comparingDouble(r -> r.r.alwaysValidPValue())).toList();
        int m = tested.size();
        double next = 1;
        for (int i = m - 1; i >= 0; i--) {
            MetricResult r = tested.get(i).r;
            next = Math.min(next, r.alwaysValidPValue() * m / (i + 1));
            tested.get(i).r = new MetricResult(r.metric(), r.segment(), r.variant(), r.users(), r.mean(), r.standardError(),
                    r.lift(), r.relativeLift(), r.interval(), r.alwaysValidInterval(), r.pValue(), r.alwaysValidPValue(),
                    next, r.probabilityToBeat(), r.expectedLoss(), r.varianceReduction(), r.guardrail(), r.flagged(),
                    r.flagReason());
        }
    }

    private SampleRatio sampleRatio(long[] users) {
        double total = Arrays.stream(users).sum();
        double weights = arms.stream().mapToDouble(Arm::weight).sum();
        double chi2 = 0;
        for (int i = 0; i < users.length; i++) {
            double expected = total * arms.get(i).weight() / weights;
            chi2 += (users[i] - expected) * (users[i] - expected) / expected;
        }
        int df = users.length - 1;
        double p = df == 1 ? 2 * (1 - phi(Math.sqrt(chi2))) : df == 2 ? Math.exp(-chi2 / 2) : wilsonHilferty(chi2, df);
        return new SampleRatio(p, 1.0, p < 0.001);
    }

    private static double wilsonHilferty(double x, int df) {
        double z = (Math.cbrt(x / df) - (1 - 2.0 / (9 * df))) / Math.sqrt(2.0 / (9 * df));
        return 1 - phi(z);
    }

    /** Bounds that are not finite yet are JSON null on the topic. */
    private static Double finite(double x) {
        return Double.isFinite(x) ? x : null;
    }

    private static double density(double z) {
        return Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI);
    }

    /** The standard normal CDF (Abramowitz and Stegun 7.1.26, error below 1e-7). */
    static double phi(double z) {
        double x = Math.abs(z) / Math.sqrt(2);
        double t = 1 / (1 + 0.3275911 * x);
        double erf = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t
                * Math.exp(-x * x);
        return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
    }
}
