package dev.eddy.jobs.replay;

import dev.eddy.bandits.ope.DoublyRobust;
import dev.eddy.events.testing.TestProducers;
import dev.eddy.bandits.ope.Estimate;
import dev.eddy.bandits.ope.Ips;
import dev.eddy.bandits.ope.LoggedSample;
import dev.eddy.bandits.ope.CrossFitting;
import dev.eddy.bandits.ope.PositionActionMean;
import dev.eddy.events.event.JoinedExample;
import dev.eddy.events.json.EventJson;
import dev.eddy.events.testing.TestKafkaExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** The replay job on a Flink MiniCluster in batch mode, on a synthetic log with known truth and on Kafka. */
class ReplayJobIT {

    @RegisterExtension
    static final TestKafkaExtension KAFKA = TestKafkaExtension.embedded();

    private static Map<String, List<ReplayedSample>> replay(ReplayInput input, ReplaySettings settings,
                                                            List<ReplayedSample> problems) throws Exception {
        Map<String, List<ReplayedSample>> byPolicy = new LinkedHashMap<>();
        ReplayJob.run(ReplayJob.localEnvironment(2), input, settings, s -> {
            if (s.isProblem()) problems.add(s);
            else if (s.snapshot == null) byPolicy.computeIfAbsent(s.policy, k -> new ArrayList<>()).add(s);
        });
        return byPolicy;
    }

    private static ReplaySettings settings(String... specs) {
        return new ReplaySettings(java.util.Arrays.stream(specs).map(ReplayPolicySpec::parse).toList(), 12,
                List.of("user:item"), 7, 2, LogFormat.EDDY);
    }

    @Test
    void syntheticLogEstimatesRecoverTheTruthAndLearnersSeeEventTimeOrder() throws Exception {
        int n = 20_000;
        SyntheticLog log = new SyntheticLog(3, 5, SyntheticLog.DEFAULT_TEMPERATURE);
        List<ReplayedSample> problems = new ArrayList<>();
        Map<String, List<ReplayedSample>> out = replay(new ReplayInput.Synthetic(n, log),
                settings("logging", "uniform", "learner:squarecb-linear"), problems);

        assertThat(problems).isEmpty();
        assertThat(out.keySet()).containsExactlyInAnyOrder("logging", "uniform", "learner:squarecb-linear");
        out.values().forEach(samples -> assertThat(samples).hasSize(n));

        // The generator emits in parallel, out of time order; batch mode must sort the learner's lane by time.
        List<ReplayedSample> learner = out.get("learner:squarecb-linear");
        for (int i = 1; i < learner.size(); i++) {
            assertThat(learner.get(i).timestamp).isGreaterThanOrEqualTo(learner.get(i - 1).timestamp);
        }

        // IPS of the logging policy is the log's mean reward: every weight is exactly 1.
        List<LoggedSample> logging = ReplayEvaluation.toLoggedSamples(sorted(out.get("logging")));
        double mean = logging.stream().mapToDouble(LoggedSample::reward).average().orElseThrow();
        assertThat(new Ips().estimate(logging).value()).isCloseTo(mean, org.assertj.core.data.Offset.offset(1e-12));

        // The uniform policy's true value on these contexts, from the generator's click probabilities.
        double truth = 0;
        for (long i = 0; i < n; i++) {
            double avg = 0;
            for (int a = 0; a < log.actions(); a++) avg += log.trueReward(i, a);
            truth += avg / log.actions();
        }
        truth /= n;
        List<LoggedSample> uniform = ReplayEvaluation.toLoggedSamples(sorted(out.get("uniform")));
        Estimate ips = new Ips().estimate(uniform);
        Estimate dr = DoublyRobust.standard(new CrossFitting(5, 1).fit(uniform, new PositionActionMean(10)))
                .estimate(uniform);
        assertThat(ips.covers(truth)).as("IPS %s covers the truth %s", ips, truth).isTrue();
        // The context-free reward model explains little of this contextual reward and the bootstrap does not refit
        // it, so DR's interval is on the narrow side; its error must still be within two half-widths.
        assertThat(Math.abs(dr.value() - truth)).as("DR %s vs truth %s", dr, truth)
                .isLessThan(dr.upper() - dr.lower());
        // The log prefers good actions, so the uniform policy is clearly worse than the logger: a real difference.
        assertThat(truth).isLessThan(mean - 0.05);

        // A learner that learns from the log beats uniform on it (progressive, so no peeking).
        double learnerValue = new Ips().estimate(ReplayEvaluation.toLoggedSamples(sorted(learner))).value();
        assertThat(learnerValue).isGreaterThan(ips.value());
    }

    @Test
    void kafkaTopicReplaysTheRecordsOfItsTimeRangeAndReportsBadOnes() throws Exception {
        String topic = "replay-examples";
        Instant t0 = Instant.parse("2026-03-01T00:00:00Z");
        SyntheticLog log = new SyntheticLog(5, 3, 0.5);
        Properties p = TestProducers.reliable(KAFKA.get().bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < 30; i++) {
                if (i == 15) {
                    // offset 15: not a joined example
                    producer.send(new ProducerRecord<>(topic, 0, t0.plusMillis(14_500).toEpochMilli(), null,
                            "{\"decision\":42}".getBytes(StandardCharsets.UTF_8)));
                }
                JoinedExample e = log.event(i);
                producer.send(new ProducerRecord<>(topic, 0, t0.plusSeconds(i).toEpochMilli(), null, EventJson.write(e)));
            }
            producer.flush();
        }
        List<ReplayedSample> problems = new ArrayList<>();
        Map<String, List<ReplayedSample>> out = replay(new ReplayInput.KafkaTopic(KAFKA.get().clientProperties(), topic,
                t0.plusSeconds(10), t0.plusSeconds(20)), settings("uniform"), problems);

        assertThat(out.get("uniform")).hasSize(10);
        assertThat(out.get("uniform").stream().map(s -> s.line).sorted().toList())
                .as("the good records written in [t0+10s, t0+20s)").containsExactly(
                        10L, 11L, 12L, 13L, 14L, 16L, 17L, 18L, 19L, 20L);
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0).source).isEqualTo(topic + "-0");
        assertThat(problems.get(0).line).isEqualTo(15L);
        assertThat(problems.get(0).problem).isNotBlank();
    }

    private static List<ReplayedSample> sorted(List<ReplayedSample> s) {
        List<ReplayedSample> copy = new ArrayList<>(s);
        copy.sort(java.util.Comparator.comparingLong((ReplayedSample x) -> x.timestamp).thenComparingLong(x -> x.line));
        return copy;
    }
}
