package dev.eddy.jobs.experiments;

import dev.eddy.events.config.EddyConfig;
import dev.eddy.events.event.DeadLetter;
import dev.eddy.events.event.Decision;
import dev.eddy.events.event.ExperimentResults;
import dev.eddy.events.json.EventJson;
import dev.eddy.jobs.config.EddyKeys;
import dev.eddy.jobs.join.KeyedBytes;
import dev.eddy.jobs.runtime.BoundedJobs;
import dev.eddy.jobs.runtime.CollectingSink;
import dev.eddy.jobs.runtime.RecordSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.eddy.jobs.experiments.ExperimentTraffic.T0;
import static dev.eddy.jobs.experiments.ExperimentTraffic.decision;
import static dev.eddy.jobs.experiments.ExperimentTraffic.example;
import static dev.eddy.jobs.experiments.ExperimentTraffic.interaction;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The experiments job's logic on a Flink MiniCluster without a broker: decisions, examples and interactions as JSON
 * bytes from a bounded source (through the job's own deserializer), read-outs and dead letters into collecting
 * sinks. Four users, numbers to check by hand. The end of the input moves the watermark past the experiment's end,
 * which writes the final read-out. The production path (Kafka, exactly-once, restore) is
 * {@link ExperimentsJobEmbeddedIT}'s.
 */
class ExperimentsJobIT {
    private static final String DECISIONS = "decisions";
    private static final String EXAMPLES = "examples";
    private static final String INTERACTIONS = "interactions";
    private static final Duration WINDOW = Duration.ofSeconds(10);

    @TempDir
    Path tmp;

    private EddyConfig config() throws Exception {
        Path file = tmp.resolve("experiments.yaml");
        Files.writeString(file, ExperimentTraffic.SHELF);
        Map<String, String> v = new HashMap<>();
        v.put("topics.decisions", DECISIONS);
        v.put("topics.examples", EXAMPLES);
        v.put("topics.interactions", INTERACTIONS);
        v.put("checkpoint.dir", tmp.resolve("checkpoints").toUri().toString());
        v.put("checkpoint.interval", "500ms");
        v.put("job.parallelism", "2");
        v.put("join.window", WINDOW.toSeconds() + "s");
        v.put("experiments.file", file.toString());
        v.put("experiments.emit-every", "5s");
        v.put("experiments.idleness", "60s");
        return EddyConfig.of(v, EddyKeys.all());
    }

    private static Instant at(double seconds) {
        return T0.plusMillis(Math.round(seconds * 1000));
    }

    @Test
    void usersExposuresMeansAndSegmentsPerVariantAndDeadLetters() throws Exception {
        RecordSource.Log log = new RecordSource.Log();
        List<Decision> decisions = new ArrayList<>();
        // u1: control, DE, two decisions (latency 2 and 4 ms), rewards 1 and 0, one purchase; a view 10 s before its
        // first exposure (its CUPED covariate).
        log.append(INTERACTIONS, EventJson.write(interaction("i0", "u1", at(-10), "view", 1)));
        decisions.add(decision("d1", "u1", at(1), "shelf", "control", "DE", 2.0));
        decisions.add(decision("d2", "u1", at(2), "shelf", "control", "DE", 4.0));
        // u2: control, FR, one decision (3 ms), reward 1.
        decisions.add(decision("d3", "u2", at(1.5), "shelf", "control", "FR", 3.0));
        // u3: treatment, DE, three decisions (6 ms each), rewards 1, 1, 0, two purchases.
        decisions.add(decision("d4", "u3", at(1), "shelf", "treatment", "DE", 6.0));
        decisions.add(decision("d5", "u3", at(1.2), "shelf", "treatment", "DE", 6.0));
        decisions.add(decision("d6", "u3", at(1.4), "shelf", "treatment", "DE", 6.0));
        // u4: treatment, no country, one decision (8 ms), reward 0.
        decisions.add(decision("d7", "u4", at(2), "shelf", "treatment", null, 8.0));
        for (Decision d : decisions) log.append(DECISIONS, EventJson.write(d));
        // Not exposures: before the start, another experiment, no experiment.
        log.append(DECISIONS, EventJson.write(decision("x1", "u5", at(-5), "shelf", "treatment", "DE", 1.0)));
        log.append(DECISIONS, EventJson.write(decision("x2", "u5", at(3), "other", "a", "DE", 1.0)));
        log.append(DECISIONS, EventJson.write(decision("x3", "u5", at(3), null, null, "DE", 1.0)));
        // Dead letters: malformed, no user, a variant the file does not have.
        RecordSource.Record malformed = log.append(DECISIONS, "{not json".getBytes(StandardCharsets.UTF_8));
        log.append(DECISIONS, EventJson.write(decision("y1", null, at(3), "shelf", "control", "DE", 1.0)));
        log.append(DECISIONS, EventJson.write(decision("y2", "u6", at(3), "shelf", "nope", "DE", 1.0)));
        log.append(INTERACTIONS, EventJson.write(interaction("i1", "u1", at(3), "purchase", 1)));
        log.append(INTERACTIONS, EventJson.write(interaction("i2", "u3", at(4), "purchase", 1)));
        log.append(INTERACTIONS, EventJson.write(interaction("i3", "u3", at(5), "purchase", 1)));
        log.append(INTERACTIONS, EventJson.write(interaction("i4", "u3", at(5.5), "view", 1)));
        double[] rewards = {1, 0, 1, 1, 1, 0, 0};
        for (int i = 0; i < decisions.size(); i++) {
            log.append(EXAMPLES, EventJson.write(example(decisions.get(i), rewards[i], WINDOW)));
        }

        EddyConfig c = config();
        ExperimentsSettings settings = ExperimentsSettings.from(c);
        StreamExecutionEnvironment env = BoundedJobs.environment(c);
        try (CollectingSink results = new CollectingSink(); CollectingSink dead = new CollectingSink()) {
            ExperimentsJob.build(env, settings, new ExperimentsJob.Inputs(RecordSource.of(log.records(),
                    new ExperimentInputDeserializer(DECISIONS, EXAMPLES, settings))),
                    new ExperimentsJob.Outputs(results, dead));
            BoundedJobs.run(env, ExperimentsJob.NAME, Duration.ofMinutes(2));

            List<ExperimentResults> readOuts = new ArrayList<>();
            for (KeyedBytes r : results.records()) {
                ExperimentResults e = EventJson.parseExperimentResults(r.value);
                assertThat(r.key).isEqualTo("shelf");
                readOuts.add(e);
            }
            // One per 5 s step with data: exposures and purchases up to 5 s, the examples (windows closing 11-12 s)
            // at 15 s (the view at 5.5 s changes no cell); then the final one at the end + the join window.
            assertThat(readOuts).extracting(ExperimentResults::dataUntil)
                    .containsExactly(at(5), at(15), Instant.parse("2026-01-01T01:00:10Z"));
            assertThat(readOuts).extracting(ExperimentResults::ended).containsExactly(false, false, true);
            // Up to 5 s: every exposure, no example yet (their windows close 10 s after the decisions).
            ExperimentResults early = readOuts.get(0);
            assertThat(row(early, "reward-rate", "all", "control").mean()).isEqualTo(0);
            assertThat(row(early, "purchases", "all", "treatment").mean()).as("u3's purchases at 4 s and 5 s").isEqualTo(1);

            ExperimentResults last = readOuts.get(readOuts.size() - 1);
            assertThat(last.control()).isEqualTo("control");
            assertThat(last.variants()).containsExactly(
                    new ExperimentResults.VariantCount("control", 1, 2, 3),
                    new ExperimentResults.VariantCount("treatment", 1, 2, 4));
            assertThat(last.sampleRatio().mismatch()).isFalse();
            assertThat(last.sampleRatio().chiSquareP()).isEqualTo(1.0);

            // reward-rate = Σ reward / Σ examples: control 2/3, treatment 2/4.
            assertMean(last, "reward-rate", "all", "control", 2, 2.0 / 3);
            assertMean(last, "reward-rate", "all", "treatment", 2, 0.5);
            // purchases per user: control (1 + 0)/2, treatment (2 + 0)/2; the standard error of (1, 0): sqrt(0.5/2).
            assertMean(last, "purchases", "all", "control", 2, 0.5);
            assertThat(row(last, "purchases", "all", "control").standardError()).isCloseTo(0.5, within(1e-12));
            assertMean(last, "purchases", "all", "treatment", 2, 1.0);
            // latency per decision: control (2 + 4 + 3)/3, treatment (18 + 8)/4.
            assertMean(last, "latency-ms", "all", "control", 2, 3.0);
            assertMean(last, "latency-ms", "all", "treatment", 2, 6.5);
            // Segments: DE has u1 and u3, FR only u2, u4 none.
            assertMean(last, "reward-rate", "country=DE", "control", 1, 0.5);
            assertMean(last, "reward-rate", "country=DE", "treatment", 1, 2.0 / 3);
            assertMean(last, "reward-rate", "country=FR", "control", 1, 1.0);
            assertMean(last, "reward-rate", "country=FR", "treatment", 0, 0.0);
            assertThat(last.metrics()).extracting(ExperimentResults.MetricResult::segment).containsOnly("all",
                    "country=DE", "country=FR");
            // Against the control, CUPED-adjusted: purchases y = (1, 0 | 2, 0), covariates c = (1, 0 | 0, 0) (u1's
            // view); pooled θ = cov(y, c)/var(c) = (1/12)/(1/4) = 1/3, c̄ = 1/4; adjusted means 1/2 − θ(1/2 − 1/4)
            // = 5/12 and 1 − θ(0 − 1/4) = 13/12: lift 2/3 (raw 1/2), relative to the control's raw mean 1/2: 4/3.
            ExperimentResults.MetricResult purchases = row(last, "purchases", "all", "treatment");
            assertThat(purchases.lift()).isCloseTo(2.0 / 3, within(1e-12));
            assertThat(purchases.relativeLift()).isCloseTo(4.0 / 3, within(1e-12));
            assertThat(purchases.varianceReduction()).isNotNull();
            assertThat(purchases.pValue()).isBetween(0.0, 1.0);
            assertThat(row(last, "purchases", "all", "control").lift()).as("the control's own row").isNull();
            assertThat(row(last, "latency-ms", "all", "treatment").guardrail()).isTrue();

            List<DeadLetter> letters = new ArrayList<>();
            for (KeyedBytes r : dead.records()) letters.add(EventJson.parseDeadLetter(r.value));
            assertThat(letters).hasSize(3).allSatisfy(dl -> assertThat(dl.stage()).isEqualTo("experiments/parse-decision"));
            assertThat(letters).anySatisfy(dl -> {
                assertThat(dl.reason()).contains("malformed JSON");
                assertThat(dl.offset()).isEqualTo(malformed.offset());
            });
            assertThat(letters).anySatisfy(dl -> assertThat(dl.reason())
                    .isEqualTo("decision y1 of experiment shelf has no userId: the experiments job counts users"));
            assertThat(letters).anySatisfy(dl -> assertThat(dl.reason()).isEqualTo(
                    "decision y2 of experiment shelf: variant 'nope' is not one of the experiment's variants [control, treatment]"));
        }
    }

    private static ExperimentResults.MetricResult row(ExperimentResults r, String metric, String segment, String variant) {
        return r.metrics().stream()
                .filter(m -> m.metric().equals(metric) && m.segment().equals(segment) && m.variant().equals(variant))
                .findFirst().orElseThrow(() -> new AssertionError("no row " + metric + "/" + segment + "/" + variant));
    }

    private static void assertMean(ExperimentResults r, String metric, String segment, String variant, long users,
                                   double mean) {
        ExperimentResults.MetricResult m = row(r, metric, segment, variant);
        assertThat(m.users()).as("users of %s/%s/%s", metric, segment, variant).isEqualTo(users);
        assertThat(m.mean()).as("mean of %s/%s/%s", metric, segment, variant).isCloseTo(mean, within(1e-12));
    }
}
